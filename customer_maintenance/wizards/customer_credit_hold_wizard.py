from odoo import api, fields, models


class CustomerCreditHoldWizard(models.TransientModel):
    _name = "customer.credit.hold.wizard"
    _description = "Put Customers on Credit Hold"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Char(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and not values.get("partner_ids"):
            active_ids = self.env.context.get("active_ids") or []
            partners = self.env["res.partner"].browse(active_ids)
            values["partner_ids"] = [
                fields.Command.set(partners.commercial_partner_id.ids)
            ]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._set_credit_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
