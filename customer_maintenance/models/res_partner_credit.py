"""Credit of a customer, live: the open items (receivable, overdue, aging,
orders to invoice, utilisation of the credit limit) computed for the records
shown, and searchable. The rating is in ``res_partner_credit_rating``, the
hold in ``res_partner_credit_hold``."""

import operator as py_operator

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ACCOUNTING_GROUPS = "account.group_account_invoice,account.group_account_readonly"
ACCOUNT_MANAGER_GROUP = "account.group_account_manager"
SEARCH_OPERATORS = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    ">": py_operator.gt,
    ">=": py_operator.ge,
    "<": py_operator.lt,
    "<=": py_operator.le,
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Open items, live: computed for the records shown, in company currency
    credit_receivable = fields.Monetary(
        string="Receivable",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
        help="Open customer invoices minus unused payments and credit notes.",
    )
    credit_overdue = fields.Monetary(
        string="Overdue",
        compute="_compute_credit_open_items",
        search="_search_credit_overdue",
        groups=ACCOUNTING_GROUPS,
    )
    credit_overdue_days = fields.Integer(
        string="Oldest Overdue (Days)",
        compute="_compute_credit_open_items",
        search="_search_credit_overdue_days",
        groups=ACCOUNTING_GROUPS,
        help="Days since the due date of the oldest unpaid invoice.",
    )
    credit_aging_not_due = fields.Monetary(
        string="Not Due",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
    )
    credit_aging_1_30 = fields.Monetary(
        string="1-30 Days",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
    )
    credit_aging_31_60 = fields.Monetary(
        string="31-60 Days",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
    )
    credit_aging_61_90 = fields.Monetary(
        string="61-90 Days",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
    )
    credit_aging_90_plus = fields.Monetary(
        string="Over 90 Days",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
    )
    credit_open_orders = fields.Monetary(
        string="Orders to Invoice",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
        help="Confirmed sale orders not invoiced yet (with the Sales app).",
    )
    credit_utilisation = fields.Float(
        string="Credit Utilisation (%)",
        compute="_compute_credit_open_items",
        groups=ACCOUNTING_GROUPS,
        digits=(16, 1),
        help="(Receivable + orders to invoice) / credit limit.",
    )
    credit_over_limit = fields.Boolean(
        string="Over Credit Limit",
        compute="_compute_credit_open_items",
        search="_search_credit_over_limit",
        groups=ACCOUNTING_GROUPS,
    )

    @api.depends_context("company")
    def _compute_credit_open_items(self):
        names = (
            "receivable",
            "overdue",
            "aging_1_30",
            "aging_31_60",
            "aging_61_90",
            "aging_90_plus",
        )
        figures, orders = self._credit_open_figures()
        today = fields.Date.context_today(self)
        for partner in self:
            commercial = partner.commercial_partner_id
            row = figures.get(commercial.id, {})
            for name in names:
                partner[f"credit_{name}"] = row.get(name) or 0.0
            partner.credit_aging_not_due = (row.get("receivable") or 0.0) - sum(
                row.get(name) or 0.0 for name in names[2:]
            )
            oldest = row.get("oldest_due")
            partner.credit_overdue_days = (today - oldest).days if oldest else 0
            partner.credit_open_orders = orders.get(commercial.id, 0.0)
            limit = commercial.credit_limit
            used = max(partner.credit_receivable, 0.0) + partner.credit_open_orders
            partner.credit_utilisation = used * 100 / limit if limit > 0 else 0.0
            partner.credit_over_limit = used > limit > 0

    def _search_credit_overdue(self, operator, value):
        return self._search_open_items("overdue", operator, value)

    def _search_credit_overdue_days(self, operator, value):
        today = fields.Date.context_today(self)
        return self._search_open_items(
            SQL("(%s::date - items.oldest_due)", today), operator, value
        )

    def _search_credit_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Over Credit Limit."))
        policy = self._credit_policy()
        query = SQL(
            """
            SELECT partner.id
              FROM res_partner partner
              JOIN res_partner commercial
                ON commercial.id = partner.commercial_partner_id
         LEFT JOIN (%(items)s) items ON items.partner_id = commercial.id
         LEFT JOIN (%(orders)s) orders ON orders.partner_id = commercial.id
             WHERE %(limit)s > 0
               AND GREATEST(COALESCE(items.receivable, 0), 0)
                   + COALESCE(orders.amount, 0) > %(limit)s
            """,
            items=policy._open_items_query(fields.Date.context_today(self)),
            orders=policy._open_orders_query(),
            limit=policy._credit_limit_sql("commercial"),
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", SQL("(%s)", query))]

    def _search_open_items(self, column, operator, value):
        if operator not in SEARCH_OPERATORS or not isinstance(value, int | float):
            raise UserError(self.env._("Unsupported search on the open items."))
        today = fields.Date.context_today(self)
        expression = column if isinstance(column, SQL) else SQL.identifier(column)
        query = SQL(
            """
            SELECT partner.id
              FROM res_partner partner
              JOIN (%(items)s) items
                ON items.partner_id = partner.commercial_partner_id
             WHERE COALESCE(%(expression)s, 0) %(operator)s %(value)s
            """,
            items=self._credit_policy()._open_items_query(today),
            expression=expression,
            operator=SQL(operator),
            value=value,
        )
        # customers without open items count as 0
        if SEARCH_OPERATORS[operator](0, value):
            return [
                "|",
                ("id", "in", SQL("(%s)", query)),
                ("id", "not in", self._partners_with_open_items(today)),
            ]
        return [("id", "in", SQL("(%s)", query))]

    def _partners_with_open_items(self, today):
        return SQL(
            """(
            SELECT partner.id
              FROM res_partner partner
              JOIN (%s) items ON items.partner_id = partner.commercial_partner_id
            )""",
            self._credit_policy()._open_items_query(today),
        )

    def action_view_payment_record(self):
        """The shipment and collection record: invoiced versus collected per
        month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_payment_report_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["display_name"] = self.env._(
            "Invoiced and Collected: %s", self.commercial_partner_id.display_name
        )
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _credit_policy(self):
        return self.env["customer.credit.policy"]._get_for_company(self.env.company)

    def _credit_open_figures(self):
        """For these partners' commercial entities: {id: open-item figures}
        and {id: orders to invoice}, one query each."""
        ids = self.commercial_partner_id.ids
        if not ids:
            return {}, {}
        policy = self._credit_policy()
        items = self.env.execute_query_dict(
            policy._open_items_query(fields.Date.context_today(self), partner_ids=ids)
        )
        orders = self.env.execute_query(policy._open_orders_query(partner_ids=ids))
        return {row["partner_id"]: row for row in items}, dict(orders)
