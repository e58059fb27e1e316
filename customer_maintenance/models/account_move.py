from odoo import models


class AccountMove(models.Model):
    # _name is needed to add a mixin to an existing model
    _name = "account.move"
    _inherit = ["account.move", "customer.credit.hold.mixin"]

    def _credit_hold_depends(self):
        return [*super()._credit_hold_depends(), "move_type"]

    def _credit_hold_customer(self):
        # customer invoices and receipts; credit notes are never held
        self.ensure_one()
        if (
            not self.is_sale_document(include_receipts=True)
            or self.move_type == "out_refund"
        ):
            return self.env["res.partner"]
        return self.partner_id

    def _credit_hold_blocked_message(self, message):
        return self.env._(
            "%(message)s. The invoice %(invoice)s cannot be posted "
            "until an accounting manager releases the hold.",
            message=message,
            invoice=self.display_name,
        )

    def _credit_hold_warned_message(self, message):
        return self.env._("Posted although %s", message)

    def _customer_invoice_partners(self):
        return self.filtered(lambda m: m.move_type == "out_invoice").partner_id

    def _post(self, soft=True):
        warned = self._check_credit_hold()
        posted = super()._post(soft=soft)
        (warned & posted)._note_credit_hold()
        posted._customer_invoice_partners()._update_customer_since()
        posted.line_ids._capture_customer_cost()
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
