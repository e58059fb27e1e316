"""The nightly credit rating of a company's customers (or of some of them,
for *Rate Now*): payment behaviour, open items and the score measured in one
SQL statement, the figures written where they changed, the history kept and
the chatter noted (``customer.company.policy._write_figures``)."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from .customer_credit_policy import CREDIT_RATINGS


class CustomerCreditPolicy(models.Model):
    _inherit = "customer.credit.policy"

    _HISTORY_MODEL = "customer.credit.rating.history"
    # company-dependent column -> (result column, SQL type to compare with)
    _FIGURES = {
        "credit_rating": ("rating", "text"),
        "credit_score": ("score", "numeric"),
        "credit_rating_date": ("rating_date", "date"),
        "credit_rating_overdue_days": ("overdue_days", "int4"),
        "credit_rating_utilisation": ("utilisation", "numeric"),
        "payment_paid_amount": ("paid_amount", "numeric"),
        "payment_avg_days": ("avg_days", "numeric"),
        "payment_avg_days_late": ("days_late", "numeric"),
        "payment_on_time_ratio": ("on_time_ratio", "numeric"),
        "last_payment_date": ("last_payment_date", "date"),
        "last_payment_amount": ("last_payment_amount", "numeric"),
    }

    def _recompute(self, today):
        return self._recompute_ratings(today)

    def _recompute_ratings(self, today=None, partner_ids=None):
        """Measure the payment behaviour of every customer of the company (or
        of the commercial partners ``partner_ids`` only), rate them and store
        what changed, in one statement; keep the history of the ratings that
        moved and note them in the chatter.

        Returns ``[(partner_id, old_rating, new_rating, score)]`` for the
        customers whose rating changed.
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        return self._write_figures(
            self._rating_result_query(today, partner_ids),
            today,
            # the date of the rating alone does not make a change
            unchanging={"credit_rating_date"},
            # rating some customers is not the company's nightly run
            complete=partner_ids is None,
        )

    def _rating_result_query(self, today, partner_ids=None):
        """Every customer of the company (or the commercial partners
        ``partner_ids``) with its stored and its new figures."""
        company = str(self.company_id.id)
        start = today - relativedelta(months=self.window_months)

        def only(column):
            if partner_ids is None:
                return SQL("TRUE")
            return SQL("%s = ANY(%s)", SQL.identifier(*column.split(".")), partner_ids)

        return SQL(
            """
            WITH paid AS (
                SELECT invoice_line.partner_id,
                       SUM(partial.amount) AS amount,
                       SUM(partial.amount * (partial.max_date
                           - COALESCE(invoice.invoice_date, invoice_line.date)))
                           AS days_weighted,
                       SUM(partial.amount * GREATEST(partial.max_date
                           - COALESCE(invoice_line.date_maturity, invoice_line.date),
                           0)) AS late_weighted,
                       SUM(partial.amount) FILTER (WHERE partial.max_date
                           <= COALESCE(invoice_line.date_maturity, invoice_line.date))
                           AS on_time_amount
                  FROM account_partial_reconcile partial
                  JOIN account_move_line invoice_line
                    ON invoice_line.id = partial.debit_move_id
                  JOIN account_move invoice
                    ON invoice.id = invoice_line.move_id
                   AND invoice.move_type IN ('out_invoice', 'out_receipt')
                  JOIN account_move_line payment_line
                    ON payment_line.id = partial.credit_move_id
                  JOIN account_move payment
                    ON payment.id = payment_line.move_id
                   AND payment.move_type = 'entry'
                 WHERE partial.company_id = %(company_id)s
                   AND partial.max_date > %(start)s
                   AND partial.max_date <= %(today)s
                   AND partial.amount > 0
                   AND %(paid_partners)s
              GROUP BY invoice_line.partner_id
            ),
            payments AS (
                SELECT DISTINCT ON (line.partner_id)
                       line.partner_id, line.date, -line.balance AS amount
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
                   AND account.account_type = 'asset_receivable'
                  JOIN account_move move ON move.id = line.move_id
                   AND move.move_type = 'entry'
                 WHERE line.company_id = %(company_id)s
                   AND line.parent_state = 'posted'
                   AND line.balance < 0
                   AND line.date <= %(today)s
                   AND %(payment_partners)s
              ORDER BY line.partner_id, line.date DESC, line.id DESC
            ),
            open_items AS (%(open_items)s),
            orders AS (%(orders)s),
            figures AS (
                SELECT partner.id,
                       %(stored)s,
                       COALESCE((partner.credit_rating_locked->>%(company)s)::boolean,
                                FALSE) AS locked,
                       paid.amount AS paid_amount,
                       ROUND(paid.days_weighted / paid.amount, 1) AS avg_days,
                       ROUND(paid.late_weighted / paid.amount, 1) AS days_late,
                       ROUND(COALESCE(paid.on_time_amount, 0) * 100 / paid.amount, 2)
                           AS on_time_ratio,
                       payments.date AS last_payment_date,
                       payments.amount AS last_payment_amount,
                       open_items.receivable,
                       (%(today)s - open_items.oldest_due)::int4 AS overdue_days,
                       CASE WHEN %(limit)s > 0
                            THEN ROUND((GREATEST(COALESCE(open_items.receivable, 0), 0)
                                        + COALESCE(orders.amount, 0)) * 100
                                       / %(limit)s, 2)
                       END AS utilisation
                  FROM res_partner partner
             LEFT JOIN paid ON paid.partner_id = partner.id
             LEFT JOIN payments ON payments.partner_id = partner.id
             LEFT JOIN open_items ON open_items.partner_id = partner.id
             LEFT JOIN orders ON orders.partner_id = partner.id
                 WHERE partner.id = partner.commercial_partner_id
                   AND %(partners)s
                   AND (partner.company_id IS NULL
                        OR partner.company_id = %(company_id)s)
                   AND (partner.customer_rank > 0
                        OR paid.partner_id IS NOT NULL
                        OR open_items.partner_id IS NOT NULL)
            ),
            scored AS (
                SELECT figures.*,
                       CASE WHEN paid_or_owes THEN %(score)s END AS score
                  FROM (SELECT figures.*,
                               (on_time_ratio IS NOT NULL
                                OR COALESCE(receivable, 0) > 0) AS paid_or_owes
                          FROM figures) figures
            )
            SELECT scored.*,
                   CASE WHEN locked AND old_rating IS NOT NULL THEN old_rating
                        WHEN score IS NULL THEN NULL
                        WHEN score >= %(band_a)s THEN 'a'
                        WHEN score >= %(band_b)s THEN 'b'
                        WHEN score >= %(band_c)s THEN 'c'
                        ELSE 'd'
                   END AS rating,
                   CASE WHEN score IS NULL THEN NULL ELSE %(today)s END AS rating_date
              FROM scored
            """,
            open_items=self._open_items_query(today, partner_ids),
            orders=self._open_orders_query(partner_ids),
            paid_partners=only("invoice_line.partner_id"),
            payment_partners=only("line.partner_id"),
            partners=only("partner.id"),
            stored=self._stored_figures_sql(),
            score=self._score_sql(),
            company=company,
            company_id=self.company_id.id,
            limit=self._credit_limit_sql("partner"),
            today=SQL("%s::date", today),
            start=SQL("%s::date", start),
            band_a=self.band_a,
            band_b=self.band_b,
            band_c=self.band_c,
        )

    def _change_note(self, old, new, figure):
        labels = dict(CREDIT_RATINGS)
        return self.env._(
            "Credit rating %(old)s → %(new)s (score %(score)s, %(company)s)",
            old=labels[old],
            new=labels[new],
            score=round(float(figure or 0), 1),
            company=self.company_id.name,
        )
