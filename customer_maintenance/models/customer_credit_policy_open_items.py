"""What a company's customers owe: the open receivable items with the
offset of unused credit notes and payments, the orders still to invoice (the
Sales bridge adds them) and the credit limit, as SQL that the live figures,
their searches and the nightly rating share."""

from odoo import models
from odoo.tools import SQL


class CustomerCreditPolicy(models.Model):
    _inherit = "customer.credit.policy"

    def _open_orders_query(self, partner_ids=None):
        """SQL giving (partner_id, amount) of the confirmed orders not invoiced
        yet, in company currency: none here, the Sales bridge adds them."""
        return SQL("SELECT NULL::int4 AS partner_id, 0::numeric AS amount WHERE FALSE")

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
