from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

CREDIT_RATINGS = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]


class CustomerCreditPolicy(models.Model):
    """How a company rates its customers' credit (信用评估) and what a credit
    hold does. One per company, kept by accounting managers."""

    _name = "customer.credit.policy"
    _inherit = "customer.company.policy"
    _description = "Customer Credit Policy"

    # Payment behaviour
    window_months = fields.Integer(
        string="Payment Window (Months)",
        default=12,
        required=True,
        help="Payment behaviour is measured on the payments matched with customer "
        "invoices over this many months up to today.",
    )

    # Weights of the four parts of the score
    weight_on_time = fields.Float(
        string="Weight: On-time Payments",
        default=30.0,
        required=True,
        help="Part of the score given by the share of the amount paid by the due date.",
    )
    weight_days_late = fields.Float(
        string="Weight: Days Late",
        default=20.0,
        required=True,
        help="Part of the score given by the average days late of payments.",
    )
    weight_overdue = fields.Float(
        string="Weight: Overdue",
        default=30.0,
        required=True,
        help="Part of the score given by the age of the oldest overdue invoice.",
    )
    weight_utilisation = fields.Float(
        string="Weight: Credit Utilisation",
        default=20.0,
        required=True,
        help="Part of the score given by the use of the credit limit. Ignored for "
        "customers without a credit limit.",
    )
    days_late_zero = fields.Integer(
        string="No Points From (Days Late)",
        default=60,
        required=True,
        help="Average days late that gives no points; paying on time gives all "
        "of them, and in between in proportion.",
    )
    overdue_days_zero = fields.Integer(
        string="No Points From (Days Overdue)",
        default=90,
        required=True,
        help="Age of the oldest overdue invoice that gives no points; nothing "
        "overdue gives all of them.",
    )

    # Bands of the score
    band_a = fields.Float(string="A From (Score)", default=85.0, required=True)
    band_b = fields.Float(string="B From (Score)", default=70.0, required=True)
    band_c = fields.Float(
        string="C From (Score)",
        default=50.0,
        required=True,
        help="Below this score, the rating is D.",
    )

    hold_policy = fields.Selection(
        [("block", "Block"), ("warn", "Warn")],
        string="Credit Hold",
        default="block",
        required=True,
        help="Block: invoices and sale orders of a customer on hold cannot be "
        "posted or confirmed. Warn: they can, with a warning on the document.",
    )

    _sql_constraints = [
        ("company_uniq", "unique (company_id)", "A company has one credit policy."),
    ]

    @api.constrains(
        "weight_on_time", "weight_days_late", "weight_overdue", "weight_utilisation"
    )
    def _check_weights(self):
        for policy in self:
            weights = policy._weights().values()
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of the credit score cannot be negative and at "
                        "least one must be positive."
                    )
                )

    @api.constrains("band_a", "band_b", "band_c")
    def _check_bands(self):
        for policy in self:
            if not 0 <= policy.band_c < policy.band_b < policy.band_a <= 100:
                raise ValidationError(
                    self.env._(
                        "The score bands must satisfy 0 ≤ C < B < A ≤ 100 "
                        "(now A %(a)s, B %(b)s, C %(c)s).",
                        a=policy.band_a,
                        b=policy.band_b,
                        c=policy.band_c,
                    )
                )

    @api.constrains("window_months", "days_late_zero", "overdue_days_zero")
    def _check_periods(self):
        for policy in self:
            if (
                policy.window_months < 1
                or policy.days_late_zero < 1
                or policy.overdue_days_zero < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The payment window and the days that give no points must "
                        "be at least 1."
                    )
                )

    def action_recompute(self):
        for policy in self:
            policy.with_company(policy.company_id)._recompute_ratings()
        return True

    def _weights(self):
        self.ensure_one()
        return {
            "on_time": self.weight_on_time,
            "days_late": self.weight_days_late,
            "overdue": self.weight_overdue,
            "utilisation": self.weight_utilisation,
        }

    # ------------------------------------------------------------------
    # Scoring: the same formulas in Python (one customer) and SQL (all)
    # ------------------------------------------------------------------

    def _score_parts(self, figures):
        """Points (0-100) of each part of the score for which the customer has
        data, from a dict with on_time_ratio, days_late, overdue_days,
        utilisation (None when unknown)."""
        self.ensure_one()
        parts = {}
        if figures.get("on_time_ratio") is not None:
            parts["on_time"] = max(0.0, min(100.0, figures["on_time_ratio"]))
        if figures.get("days_late") is not None:
            parts["days_late"] = 100.0 * max(
                0.0, 1 - figures["days_late"] / self.days_late_zero
            )
        parts["overdue"] = 100.0 * max(
            0.0, 1 - (figures.get("overdue_days") or 0) / self.overdue_days_zero
        )
        if figures.get("utilisation") is not None:
            parts["utilisation"] = max(0.0, 100.0 - figures["utilisation"])
        return parts

    def _score(self, parts):
        weights = self._weights()
        total = sum(weights[name] for name in parts)
        if not total:
            return 0.0
        return sum(points * weights[name] for name, points in parts.items()) / total

    def _rating_for(self, score):
        self.ensure_one()
        if score >= self.band_a:
            return "a"
        if score >= self.band_b:
            return "b"
        if score >= self.band_c:
            return "c"
        return "d"

    def _score_sql(self):
        """SQL over the columns of ``figures`` (see _rating_result_query)."""
        weights = self._weights()
        parts = {
            "on_time": SQL("LEAST(GREATEST(on_time_ratio, 0), 100)"),
            "days_late": SQL(
                "100 * GREATEST(0, 1 - days_late / %s::numeric)", self.days_late_zero
            ),
            "overdue": SQL(
                "100 * GREATEST(0, 1 - COALESCE(overdue_days, 0) / %s::numeric)",
                self.overdue_days_zero,
            ),
            "utilisation": SQL("GREATEST(0, 100 - utilisation)"),
        }
        known = {
            "on_time": SQL("on_time_ratio IS NOT NULL"),
            "days_late": SQL("days_late IS NOT NULL"),
            "overdue": SQL("TRUE"),
            "utilisation": SQL("utilisation IS NOT NULL"),
        }
        points = SQL(" + ").join(
            SQL(
                "CASE WHEN %s THEN %s * %s ELSE 0 END", known[name], part, weights[name]
            )
            for name, part in parts.items()
        )
        total = SQL(" + ").join(
            SQL("CASE WHEN %s THEN %s ELSE 0 END", known[name], weights[name])
            for name in parts
        )
        return SQL("ROUND((%s) / NULLIF(%s, 0), 2)", points, total)

    # ------------------------------------------------------------------
    # Recomputation
    # ------------------------------------------------------------------

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

    def _open_orders_query(self, partner_ids=None):
        """SQL giving (partner_id, amount) of the confirmed orders not invoiced
        yet, in company currency: none here, the Sales bridge adds them."""
        return SQL("SELECT NULL::int4 AS partner_id, 0::numeric AS amount WHERE FALSE")

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

    def _credit_limit_sql(self, alias):
        """SQL: the credit limit of the partner ``alias`` in the company, its
        own or else the company's default (Odoo's company-dependent fallback)."""
        Partner = self.env["res.partner"].with_company(self.company_id)
        default = Partner._fields["credit_limit"].get_company_dependent_fallback(
            Partner
        )
        return SQL(
            "COALESCE((%s.credit_limit->>%s)::numeric, %s)",
            SQL.identifier(alias),
            str(self.company_id.id),
            default or 0,
        )

    def _open_items_query(self, today, partner_ids=None):
        """SQL: (partner_id, receivable, overdue, oldest_due, aging buckets)
        from the open receivable items of the company, in company currency.

        Unused credits (credit notes, payments not matched yet: the open items
        with a negative residual) offset the open debit items oldest first, by
        due date. The overdue amount, the oldest overdue date and the buckets
        are those of what remains open after the offset, so the overdue never
        exceeds the receivable, and the buckets (with the not-due part, see
        ``res.partner``) add up to the receivable. When the credits exceed the
        debits nothing is overdue and the receivable is negative."""
        self.env["account.move.line"].flush_model(
            [
                "partner_id",
                "account_id",
                "company_id",
                "parent_state",
                "reconciled",
                "amount_residual",
                "date_maturity",
                "date",
            ]
        )
        days = SQL("(%s::date - debit.due)", today)

        def bucket(low, high=None):
            condition = SQL("%s BETWEEN %s AND %s", days, low, high)
            if high is None:
                condition = SQL("%s >= %s", days, low)
            return SQL("SUM(debit.open) FILTER (WHERE %s)", condition)

        return SQL(
            """
            WITH item AS MATERIALIZED (
                SELECT line.id, line.partner_id, line.amount_residual AS residual,
                       COALESCE(line.date_maturity, line.date) AS due
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
                 WHERE account.account_type = 'asset_receivable'
                   AND line.company_id = %(company_id)s
                   AND line.parent_state = 'posted'
                   AND line.reconciled IS NOT TRUE
                   AND line.partner_id IS NOT NULL
                   AND %(partners)s
            ),
            customer AS (
                SELECT partner_id,
                       SUM(residual) AS receivable,
                       -SUM(residual) FILTER (WHERE residual < 0) AS credit
                  FROM item
              GROUP BY partner_id
            ),
            -- what the credits leave open of each debit item, oldest first;
            -- customers without credits need no running sum
            debit AS (
                SELECT item.partner_id, item.due, item.residual AS open
                  FROM item
                  JOIN customer ON customer.partner_id = item.partner_id
                 WHERE item.residual > 0
                   AND customer.credit IS NULL
             UNION ALL
                SELECT partner_id, due,
                       residual - LEAST(residual, GREATEST(credit - before, 0))
                  FROM (SELECT item.partner_id, item.due, item.residual,
                               customer.credit,
                               COALESCE(SUM(item.residual) OVER (
                                   PARTITION BY item.partner_id
                                   ORDER BY item.due, item.id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                               ), 0) AS before
                          FROM item
                          JOIN customer ON customer.partner_id = item.partner_id
                         WHERE item.residual > 0
                           AND customer.credit IS NOT NULL) offset_debit
            ),
            aging AS (
                SELECT debit.partner_id,
                       %(overdue)s AS overdue,
                       MIN(debit.due) FILTER (WHERE debit.open > 0 AND %(days)s > 0)
                           AS oldest_due,
                       %(b1)s AS aging_1_30,
                       %(b31)s AS aging_31_60,
                       %(b61)s AS aging_61_90,
                       %(b91)s AS aging_90_plus
                  FROM debit
              GROUP BY debit.partner_id
            )
            SELECT customer.partner_id,
                   customer.receivable,
                   COALESCE(aging.overdue, 0) AS overdue,
                   aging.oldest_due,
                   COALESCE(aging.aging_1_30, 0) AS aging_1_30,
                   COALESCE(aging.aging_31_60, 0) AS aging_31_60,
                   COALESCE(aging.aging_61_90, 0) AS aging_61_90,
                   COALESCE(aging.aging_90_plus, 0) AS aging_90_plus
              FROM customer
         LEFT JOIN aging ON aging.partner_id = customer.partner_id
            """,
            overdue=bucket(1),
            days=days,
            b1=bucket(1, 30),
            b31=bucket(31, 60),
            b61=bucket(61, 90),
            b91=bucket(91),
            company_id=self.company_id.id,
            partners=SQL("line.partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL("TRUE"),
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
