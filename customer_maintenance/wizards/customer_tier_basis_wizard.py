from odoo import fields, models

from ..models.customer_tier_policy_margin import TIER_BASES


class CustomerTierBasisWizard(models.TransientModel):
    _name = "customer.tier.basis.wizard"
    _description = "Change the Tier Basis"

    policy_id = fields.Many2one(
        "customer.tier.policy", string="Tier Policy", required=True, readonly=True
    )
    basis = fields.Selection(TIER_BASES, string="New Basis", required=True)
    reason = fields.Text(required=True)

    def action_change(self):
        self.ensure_one()
        self.policy_id._change_tier_basis(self.basis, self.reason)
        return {"type": "ir.actions.act_window_close"}
