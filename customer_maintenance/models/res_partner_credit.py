import operator as py_operator

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .customer_credit_policy import CREDIT_RATINGS

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

    # Fields only accounting managers change (hold and rating overrides).
    _CREDIT_MANAGER_FIELDS = frozenset(
        {
            "credit_hold",
            "credit_hold_reason",
            "credit_hold_date",
            "credit_rating",
            "credit_rating_locked",
            "credit_rating_lock_reason",
        }
    )

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

    # Payment behaviour and rating, per company: stored by the nightly rating
    payment_avg_days = fields.Float(
        string="Average Days to Pay",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
        help="From the invoice date to the payment, weighted by amount, over the "
        "credit policy's window.",
    )
    payment_avg_days_late = fields.Float(
        string="Average Days Late",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
        help="Days paid after the due date (0 when on time), weighted by amount.",
    )
    payment_on_time_ratio = fields.Float(
        string="Paid on Time (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
        help="Share of the amount paid by the due date.",
    )
    payment_paid_amount = fields.Float(
        string="Paid in Window",
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups=ACCOUNTING_GROUPS,
        help="Amount of customer invoices paid over the credit policy's window.",
    )
    last_payment_date = fields.Date(
        company_dependent=True, readonly=True, groups=ACCOUNTING_GROUPS
    )
    last_payment_amount = fields.Float(
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups=ACCOUNTING_GROUPS,
    )
    credit_rating = fields.Selection(
        CREDIT_RATINGS,
        company_dependent=True,
        tracking=True,
        help="A (best) to D, from payment behaviour, overdue invoices and the use "
        "of the credit limit. Recomputed every night; accounting managers can "
        "set and lock it.",
    )
    credit_score = fields.Float(
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
    )
    credit_rating_date = fields.Date(
        string="Rated On", company_dependent=True, readonly=True
    )
    credit_rating_overdue_days = fields.Integer(
        company_dependent=True, readonly=True, groups=ACCOUNTING_GROUPS
    )
    credit_rating_utilisation = fields.Float(
        company_dependent=True, readonly=True, groups=ACCOUNTING_GROUPS
    )
    credit_rating_reason = fields.Text(
        string="Why This Rating",
        compute="_compute_credit_rating_reason",
        groups=ACCOUNTING_GROUPS,
    )
    credit_rating_locked = fields.Boolean(
        company_dependent=True,
        tracking=True,
        groups=ACCOUNTING_GROUPS,
        help="A locked rating is kept by the nightly rating, which still updates "
        "the figures.",
    )
    credit_rating_lock_reason = fields.Char(
        company_dependent=True, tracking=True, groups=ACCOUNTING_GROUPS
    )
    credit_rating_history_ids = fields.One2many(
        "customer.credit.rating.history", "partner_id", groups=ACCOUNTING_GROUPS
    )

    # Credit hold
    credit_hold = fields.Boolean(
        string="On Credit Hold",
        company_dependent=True,
        tracking=True,
        help="Invoices and sale orders of a customer on hold are blocked or come "
        "with a warning, as the credit policy says.",
    )
    credit_hold_reason = fields.Char(
        company_dependent=True, tracking=True, groups=ACCOUNTING_GROUPS
    )
    credit_hold_date = fields.Date(
        string="On Hold Since",
        company_dependent=True,
        readonly=True,
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

    @api.depends_context("company")
    @api.depends(
        "credit_score",
        "payment_on_time_ratio",
        "payment_avg_days_late",
        "credit_rating_overdue_days",
        "credit_rating_utilisation",
        "credit_rating_locked",
        "credit_rating_lock_reason",
    )
    def _compute_credit_rating_reason(self):
        policy = self._credit_policy()
        for partner in self:
            partner.credit_rating_reason = partner._credit_rating_explanation(policy)

    def _credit_rating_explanation(self, policy):
        """The parts of the score, their points and weights, in words."""
        self.ensure_one()
        if self.credit_rating_locked:
            return self.env._(
                "Set by hand and locked: %s", self.credit_rating_lock_reason or ""
            )
        if not self.credit_rating_date:
            return self.env._("Not rated: no payment in the window and nothing owed.")
        figures = {
            "on_time_ratio": self.payment_on_time_ratio
            if self.payment_paid_amount
            else None,
            "days_late": self.payment_avg_days_late
            if self.payment_paid_amount
            else None,
            "overdue_days": self.credit_rating_overdue_days,
            "utilisation": self.credit_rating_utilisation
            if self.commercial_partner_id.credit_limit > 0
            else None,
        }
        parts = policy._score_parts(figures)
        weights = policy._weights()
        total = sum(weights[name] for name in parts) or 1
        labels = {
            "on_time": self.env._(
                "Paid on time: %(value)s%%", value=round(figures["on_time_ratio"] or 0)
            ),
            "days_late": self.env._(
                "Average days late: %(value)s", value=figures["days_late"]
            ),
            "overdue": self.env._(
                "Oldest overdue invoice: %(value)s days",
                value=figures["overdue_days"] or 0,
            ),
            "utilisation": self.env._(
                "Credit limit used: %(value)s%%",
                value=round(figures["utilisation"] or 0),
            ),
        }
        lines = [
            self.env._(
                "%(part)s → %(points)s points, weight %(weight)s%%",
                part=labels[name],
                points=round(points),
                weight=round(weights[name] * 100 / total),
            )
            for name, points in parts.items()
        ]
        if "utilisation" not in parts:
            lines.append(self.env._("No credit limit: utilisation not counted."))
        lines.append(
            self.env._(
                "Score %(score)s: A from %(a)s, B from %(b)s, C from %(c)s.",
                score=round(self.credit_score, 1),
                a=policy.band_a,
                b=policy.band_b,
                c=policy.band_c,
            )
        )
        return "\n".join(lines)

    @api.constrains("credit_hold", "credit_hold_reason")
    def _check_credit_hold_reason(self):
        for partner in self:
            if partner.credit_hold and not (partner.credit_hold_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why %s is put on credit hold.", partner.display_name
                    )
                )

    @api.constrains("credit_rating_locked", "credit_rating_lock_reason")
    def _check_credit_rating_lock_reason(self):
        for partner in self:
            if (
                partner.credit_rating_locked
                and not (partner.credit_rating_lock_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the credit rating of %s is locked.",
                        partner.display_name,
                    )
                )

    def write(self, vals):
        self._check_credit_write(vals)
        if vals.get("credit_hold") and "credit_hold_date" not in vals:
            vals = {**vals, "credit_hold_date": fields.Date.context_today(self)}
        elif "credit_hold" in vals and not vals["credit_hold"]:
            vals = {**vals, "credit_hold_date": False, "credit_hold_reason": False}
        if "credit_rating" in vals:
            self._log_manual_credit_rating(vals)
        return super().write(vals)

    def _commercial_fields(self):
        # a company's contacts share its credit verdict
        return [
            *super()._commercial_fields(),
            "credit_hold",
            "credit_hold_reason",
            "credit_hold_date",
            "credit_rating",
            "credit_rating_locked",
            "credit_rating_lock_reason",
        ]

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

    def action_view_credit_rating_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_credit_rating_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_release_credit_hold(self):
        self._check_credit_manager()
        # accounting managers need no right on contacts to release a hold:
        # their group is checked above, and only the hold fields are written
        self.commercial_partner_id.sudo().write({"credit_hold": False})
        return True

    def _set_credit_hold(self, reason):
        """Put these customers (their commercial entities) on credit hold."""
        self._check_credit_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the customers are put on hold."))
        self.commercial_partner_id.sudo().write(
            {"credit_hold": True, "credit_hold_reason": reason.strip()}
        )

    def action_recompute_credit_rating(self):
        """Rate these customers (their commercial entities) now, and no one
        else."""
        self._credit_policy().with_company(self.env.company)._recompute_ratings(
            partner_ids=self.commercial_partner_id.ids
        )
        return True

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

    def _credit_hold_message(self):
        """The message naming the customer on hold and why."""
        self.ensure_one()
        commercial = self.commercial_partner_id.sudo()
        return self.env._(
            "%(customer)s is on credit hold since %(date)s: %(reason)s",
            customer=commercial.display_name,
            date=commercial.credit_hold_date or "",
            reason=commercial.credit_hold_reason or "",
        )

    def _check_credit_manager(self):
        """Putting on and releasing holds is for accounting managers, whether
        or not they may edit contacts."""
        if self.env.su or self.env.user.has_group(ACCOUNT_MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only accounting managers can put a customer on credit hold or "
                "release it (%s).",
                ", ".join(self.mapped("display_name")),
            )
        )

    def _check_credit_write(self, vals):
        """Hold and rating overrides are for accounting managers. Copying the
        company's values to its contacts stays allowed to everyone."""
        touched = self._CREDIT_MANAGER_FIELDS.intersection(vals)
        if not touched or self.env.su or self.env.user.has_group(ACCOUNT_MANAGER_GROUP):
            return
        if self and all(partner._is_commercial_copy(vals, touched) for partner in self):
            return
        raise AccessError(
            self.env._(
                "Only accounting managers can put a customer on credit hold or "
                "set its credit rating (%s).",
                ", ".join(self.mapped("display_name")),
            )
        )

    def _is_commercial_copy(self, vals, names):
        """Whether ``vals`` only copies the commercial entity's own values."""
        self.ensure_one()
        commercial = self.commercial_partner_id.sudo()
        if commercial == self:
            return False
        for name in names:
            field = self._fields[name]
            value = field.convert_to_record(
                field.convert_to_cache(vals[name], commercial), commercial
            )
            if value != commercial[name]:
                return False
        return True

    def _log_manual_credit_rating(self, vals):
        """Keep the history of a rating an accounting manager sets by hand."""
        self.env["customer.credit.rating.history"]._log_manual_changes(self, vals)
