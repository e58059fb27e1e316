from odoo import fields, models

from .customer_tier_policy import TIERS
from .customer_tier_policy_margin import TIER_BASES


class CustomerTierHistory(models.Model):
    """Every change of a customer's ABC tier in a company."""

    _name = "customer.tier.history"
    _inherit = "customer.state.history.mixin"
    _description = "Customer Tier Change"

    _old_field = "old_tier"
    _new_field = "new_tier"
    _figure_field = "revenue"
    _partner_state_field = "tier"
    _partner_figure_field = "tier_revenue"
    _partner_reason_field = "tier_lock_reason"

    old_tier = fields.Selection(TIERS, string="From Tier")
    new_tier = fields.Selection(TIERS, string="To Tier", required=True)
    revenue = fields.Float(
        digits="Account", help="Revenue over the policy's window at the change."
    )
    basis = fields.Selection(
        TIER_BASES,
        default=lambda self: (
            self.env["customer.tier.policy"]
            ._get_for_company(self.env.company)
            .tier_basis
        ),
        help="What the tiers ranked on when the tier changed.",
    )
    basis_amount = fields.Float(
        digits="Account", help="The customer's amount on that basis at the change."
    )
    reason = fields.Char(
        help="Why a manager set or locked the tier by hand, or changed the basis."
    )
    user_id = fields.Many2one(
        help="Who changed the tier; the scheduled recomputation is OdooBot."
    )
    maintenance_user_id = fields.Many2one(
        related="partner_id.maintenance_user_id", string="Maintenance Owner"
    )
