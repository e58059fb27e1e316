from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _customer_invoice_partners(self):
        return self.filtered(lambda m: m.move_type == "out_invoice").partner_id

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._customer_invoice_partners()._update_customer_since()
        return posted

    def button_draft(self):
        partners = self._customer_invoice_partners()
        res = super().button_draft()
        partners._update_customer_since()
        return res

    def button_cancel(self):
        partners = self._customer_invoice_partners()
        res = super().button_cancel()
        partners._update_customer_since()
        return res
