from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_tier_policy import SEGMENTS, TIERS


class ResPartner(models.Model):
    """ABC tier and value segment, per company (recomputed by
    ``customer.tier.policy``; managers may set and lock a tier)."""

    _inherit = "res.partner"

    # ABC tier, per company: recomputed by customer.tier.policy
    tier = fields.Selection(
        TIERS,
        string="ABC Tier",
        company_dependent=True,
        tracking=True,
        help="A: the few customers who make the first part of the revenue (80% by "
        "default); B: the next ones (up to 95%); C: the rest, and customers "
        "without revenue. Recomputed every night from posted invoices.",
    )
    tier_revenue = fields.Float(
        string="Revenue (Window)",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Posted customer invoices minus refunds, untaxed, in company "
        "currency, over the tier policy's window.",
    )
    tier_previous_revenue = fields.Float(
        string="Revenue (Previous Window)",
        company_dependent=True,
        readonly=True,
        digits="Account",
    )
    tier_share = fields.Float(
        string="Revenue Share (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 2),
    )
    tier_cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 2),
        help="Share of the company's revenue made by this customer and all "
        "customers above it.",
    )
    tier_since = fields.Date(company_dependent=True, readonly=True)
    tier_locked = fields.Boolean(
        company_dependent=True,
        tracking=True,
        help="A locked tier is kept by the recomputation, which still updates the "
        "figures.",
    )
    tier_lock_reason = fields.Char(company_dependent=True, tracking=True)
    value_segment = fields.Selection(
        SEGMENTS,
        company_dependent=True,
        readonly=True,
        help="Frozen: no invoice for longer than the policy's multiple of the "
        "customer's usual interval between invoices. Migrating: revenue fell "
        "strongly versus the previous window. Value: tier A or B and not "
        "declining. Potential: revenue grew strongly versus the previous window.",
    )
    last_invoice_date = fields.Date(company_dependent=True, readonly=True)
    purchase_interval = fields.Float(
        string="Usual Interval (Days)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="Average number of days between the customer's invoices.",
    )
    tier_history_ids = fields.One2many("customer.tier.history", "partner_id")

    @api.constrains("tier_locked", "tier_lock_reason")
    def _check_tier_lock_reason(self):
        for partner in self:
            if partner.tier_locked and not (partner.tier_lock_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why the tier of %s is locked.", partner.display_name
                    )
                )

    def write(self, vals):
        if "tier" in vals:
            self._check_maintenance_write(vals)
            self._log_manual_tier(vals)
        res = super().write(vals)
        if "tier" in vals:
            # the tier sets the follow-up frequency in this company
            self.env["res.partner"]._refresh_followup_schedule(
                self.env["customer.tier.policy"]._get_for_company(self.env.company),
                self.commercial_partner_id.ids,
            )
        return res

    def _commercial_fields(self):
        # a company's contacts share its tier figures
        return [
            *super()._commercial_fields(),
            *self.env["customer.tier.policy"]._FIGURES,
            "tier_locked",
            "tier_lock_reason",
        ]

    def action_view_tier_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_tier_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def _log_manual_tier(self, vals):
        """Keep the history of a tier a manager sets by hand."""
        self.env["customer.tier.history"]._log_manual_changes(self, vals)
