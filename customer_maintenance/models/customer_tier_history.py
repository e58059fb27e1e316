from odoo import fields, models

from .customer_tier_policy import TIERS


class CustomerTierHistory(models.Model):
    _name = "customer.tier.history"
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    old_tier = fields.Selection(TIERS, string="From Tier")
    new_tier = fields.Selection(TIERS, string="To Tier", required=True)
    revenue = fields.Float(
        digits="Account", help="Revenue over the policy's window at the change."
    )
    reason = fields.Char(help="Why a manager set or locked the tier by hand.")
    user_id = fields.Many2one(
        "res.users",
        string="Changed By",
        default=lambda self: self.env.user,
        help="Who changed the tier; the scheduled recomputation is OdooBot.",
    )
    maintenance_user_id = fields.Many2one(
        related="partner_id.maintenance_user_id", string="Maintenance Owner"
    )
