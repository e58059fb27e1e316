from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .customer_followup import FOLLOWUP_KINDS

TIER_BASES = [
    ("revenue", "Revenue"),
    ("margin", "Gross Margin"),
    ("profit", "Profit After Cost to Serve"),
]


class CustomerTierPolicy(models.Model):
    """Gross margin, cost to serve and profit per customer, recomputed in the
    tiers' nightly run (before the tiers) and by *Recompute Now*; and the
    basis the tiers rank on, changed with a reason kept in the chatter and in
    the tier history."""

    # _name is needed to add the chatter to the policy
    _name = "customer.tier.policy"
    _inherit = ["customer.tier.policy", "mail.thread"]

    # Tier basis
    tier_basis = fields.Selection(
        TIER_BASES,
        default="revenue",
        required=True,
        readonly=True,
        help="What the ABC tiers, shares and Pareto rank: revenue, gross margin "
        "or profit after cost to serve over the window. Change it with *Change "
        "Basis*, which asks for a reason.",
    )

    # Cost to serve: unit costs in company currency
    cost_call = fields.Monetary(string="Care Call")
    cost_visit = fields.Monetary(string="Field Visit")
    cost_email = fields.Monetary(string="E-mail")
    cost_message = fields.Monetary(string="Message")
    cost_gift = fields.Monetary(string="Gift")
    cost_event = fields.Monetary(string="Event Invitation")
    cost_after_sales = fields.Monetary(string="After-sales Visit")
    cost_feedback = fields.Monetary(
        string="Feedback Handled", help="Per feedback resolved in the window."
    )
    cost_greeting = fields.Monetary(
        string="Greeting", help="Per greeting sent in the window."
    )

    @api.constrains(
        *(f"cost_{kind}" for kind, _label in FOLLOWUP_KINDS),
        "cost_feedback",
        "cost_greeting",
    )
    def _check_unit_costs(self):
        for policy in self:
            names = [f"cost_{kind}" for kind, _label in FOLLOWUP_KINDS]
            names += ["cost_feedback", "cost_greeting"]
            if any(policy[name] < 0 for name in names):
                raise ValidationError(self.env._("Unit costs cannot be negative."))

    def write(self, vals):
        if "tier_basis" in vals and not self.env.context.get("tier_basis_reason"):
            raise UserError(
                self.env._("Change the tier basis with Change Basis, with a reason.")
            )
        return super().write(vals)

    def action_recompute(self):
        # Recompute Now: margins first, as in the nightly run
        for policy in self:
            policy.with_company(policy.company_id)._recompute_margin()
        return super().action_recompute()

    def action_change_basis(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Tier Basis"),
            "res_model": "customer.tier.basis.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_policy_id": self.id},
        }

    def _change_tier_basis(self, basis, reason):
        """Rank the tiers on ``basis`` from now on, for ``reason``: noted in
        the policy's chatter and in the tier history of the customers whose
        tier changes in the recomputation that follows."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the tier basis changes."))
        if basis == self.tier_basis:
            raise UserError(self.env._("The tiers already rank on this basis."))
        labels = dict(self._fields["tier_basis"]._description_selection(self.env))
        note = self.env._(
            "Tier basis: %(old)s → %(new)s. Reason: %(reason)s",
            old=labels[self.tier_basis],
            new=labels[basis],
            reason=reason,
        )
        policy = self.with_context(tier_basis_reason=note)
        policy.write({"tier_basis": basis})
        self.message_post(body=note)
        policy.with_company(self.company_id).action_recompute()
        return True

    def _recompute(self, today):
        self._recompute_margin(today)
        return super()._recompute(today)

    # company-dependent column -> (result column, SQL type to compare with)
    _MARGIN_FIGURES = {
        "margin_revenue": ("revenue", "numeric"),
        "margin_cost": ("cost", "numeric"),
        "gross_margin": ("margin", "numeric"),
        "margin_percent": ("margin_percent", "numeric"),
        "margin_uncosted_lines": ("uncosted", "int"),
        "cost_to_serve": ("serve", "numeric"),
        "profit": ("profit", "numeric"),
    }

    def _recompute_margin(self, today=None):
        """Compute the margins, cost to serve and profit of the company's
        customers in one SQL statement that writes only the figures that
        changed. Returns the number of partners written."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "move_type", "invoice_date"]
        )
        self.env["account.move.line"].flush_model(
            [
                "move_id",
                "company_id",
                "parent_state",
                "display_type",
                "balance",
                "customer_cost",
                "customer_cost_missing",
            ]
        )
        for model in ("customer.followup", "customer.feedback", "customer.care.log"):
            self.env[model].flush_model()
        rows = self._update_figures(
            self._margin_result_query(today),
            SQL("SELECT COUNT(*) FROM updated"),
            figures=self._MARGIN_FIGURES,
        )
        return rows[0][0]

    def _margin_lines_sql(self, today):
        """SQL: revenue, cost and uncosted lines per customer over the window."""
        return SQL(
            """
            SELECT move.commercial_partner_id AS partner_id,
                   SUM(-line.balance) AS revenue,
                   SUM(COALESCE(line.customer_cost, 0)) AS cost,
                   COUNT(*) FILTER (WHERE line.customer_cost_missing) AS uncosted
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
             WHERE line.company_id = %(company_id)s
               AND line.parent_state = 'posted'
               AND line.display_type = 'product'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.invoice_date > %(start)s
               AND move.invoice_date <= %(today)s
          GROUP BY move.commercial_partner_id
            """,
            company_id=self.company_id.id,
            start=SQL("%s::date", today - relativedelta(months=self.window_months)),
            today=SQL("%s::date", today),
        )

    def _serving_sql(self, today):
        """SQL: the cost to serve per customer over the window, from the
        follow-ups done, the feedback resolved and the greetings sent."""
        start = today - relativedelta(months=self.window_months)
        kind_costs = SQL(" ").join(
            SQL("WHEN %s THEN %s::numeric", kind, self[f"cost_{kind}"])
            for kind, _label in FOLLOWUP_KINDS
        )
        return SQL(
            """
            SELECT partner_id, SUM(cost) AS serve
              FROM (
                SELECT followup.partner_id,
                       CASE followup.kind %(kind_costs)s ELSE 0 END AS cost
                  FROM customer_followup followup
                 WHERE followup.company_id = %(company_id)s
                   AND followup.state = 'done'
                   AND followup.done_date > %(start)s
                   AND followup.done_date <= %(today)s
                 UNION ALL
                SELECT partner.commercial_partner_id, %(feedback)s::numeric
                  FROM customer_feedback feedback
                  JOIN res_partner partner ON partner.id = feedback.partner_id
                 WHERE feedback.company_id = %(company_id)s
                   AND feedback.is_resolved
                   AND feedback.resolved_date >= %(start)s + 1
                   AND feedback.resolved_date < %(today)s + 1
                 UNION ALL
                SELECT partner.commercial_partner_id, %(greeting)s::numeric
                  FROM customer_care_log log
                  JOIN res_partner partner ON partner.id = log.partner_id
                 WHERE log.date > %(start)s
                   AND log.date <= %(today)s
                   AND (partner.company_id IS NULL
                        OR partner.company_id = %(company_id)s)
              ) costs
          GROUP BY partner_id
            """,
            kind_costs=kind_costs,
            company_id=self.company_id.id,
            feedback=self.cost_feedback,
            greeting=self.cost_greeting,
            start=SQL("%s::date", start),
            today=SQL("%s::date", today),
        )

    def _margin_result_query(self, today):
        """Every customer of the company with its stored and new margin,
        cost to serve and profit."""
        return SQL(
            """
            WITH lines AS (%(lines)s),
            serving AS (%(serving)s),
            customers AS (
                SELECT partner.id,
                       %(stored)s,
                       COALESCE(lines.revenue, 0) AS revenue,
                       ROUND(COALESCE(lines.cost, 0), 2) AS cost,
                       COALESCE(lines.uncosted, 0)::int AS uncosted,
                       ROUND(COALESCE(serving.serve, 0), 2) AS serve
                  FROM res_partner partner
             LEFT JOIN lines ON lines.partner_id = partner.id
             LEFT JOIN serving ON serving.partner_id = partner.id
                 WHERE %(customer)s
            )
            SELECT *,
                   revenue - cost AS margin,
                   ROUND(100 * (revenue - cost) / NULLIF(revenue, 0), 2)
                       AS margin_percent,
                   revenue - cost - serve AS profit
              FROM customers
            """,
            lines=self._margin_lines_sql(today),
            serving=self._serving_sql(today),
            stored=self._stored_figures_sql(self._MARGIN_FIGURES),
            customer=self.env["res.partner"]._customers_of_company_sql(
                "partner", self.company_id.id
            ),
        )

    # ------------------------------------------------------------------
    # Tier basis
    # ------------------------------------------------------------------

    def _tier_amount_sql(self):
        """SQL: what the tiers rank ``partner`` on, as the policy's basis
        says (the margin figures are computed before the tiers)."""
        if self.tier_basis == "revenue":
            return SQL("COALESCE(invoices.revenue, 0)")
        column = "gross_margin" if self.tier_basis == "margin" else "profit"
        return SQL(
            "COALESCE((partner.%s->>%s)::numeric, 0)",
            SQL.identifier(column),
            str(self.company_id.id),
        )

    def _history_extra_sql(self):
        extra = {
            "basis": SQL("%s", self.tier_basis),
            "basis_amount": SQL("amount"),
        }
        reason = self.env.context.get("tier_basis_reason")
        if reason:
            extra["reason"] = SQL("%s", reason)
        return {**super()._history_extra_sql(), **extra}
