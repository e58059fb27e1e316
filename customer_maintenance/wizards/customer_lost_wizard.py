from odoo import api, fields, models


class CustomerLostWizard(models.TransientModel):
    _name = "customer.lost.wizard"
    _description = "Mark Customers Lost"

    partner_ids = fields.Many2many(
        "res.partner", string="Customers", required=True, readonly=True
    )
    lost_reason = fields.Text(string="Reason", required=True)
    lost_cause_id = fields.Many2one(
        "customer.feedback.cause", string="Root Cause", required=True
    )
    lost_date = fields.Date(required=True, default=fields.Date.context_today)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "partner_ids" in fields_list and not res.get("partner_ids"):
            active_ids = self.env.context.get("active_ids") or []
            if self.env.context.get("active_model") == "res.partner" and active_ids:
                res["partner_ids"] = [(6, 0, active_ids)]
        return res

    def action_mark_lost(self):
        self.ensure_one()
        self.partner_ids._mark_lost(
            self.lost_reason, self.lost_cause_id, lost_date=self.lost_date
        )
        return {"type": "ir.actions.act_window_close"}
