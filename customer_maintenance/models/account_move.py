from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    credit_hold_warning = fields.Char(
        compute="_compute_credit_hold_warning",
        help="Technical: the warning shown on an invoice of a customer on credit hold.",
    )

    @api.depends("partner_id", "company_id", "move_type", "state")
    def _compute_credit_hold_warning(self):
        for move in self:
            on_hold = move._credit_hold_partner()
            move.credit_hold_warning = (
                on_hold._credit_hold_message()
                if on_hold and move.state == "draft"
                else False
            )

    def _customer_invoice_partners(self):
        return self.filtered(lambda m: m.move_type == "out_invoice").partner_id

    def _credit_hold_partner(self):
        """The commercial partner of this customer invoice when it is on credit
        hold in the invoice's company, else an empty recordset."""
        self.ensure_one()
        if not self.is_sale_document(include_receipts=True) or not self.partner_id:
            return self.env["res.partner"]
        commercial = self.commercial_partner_id.with_company(self.company_id).sudo()
        if self.move_type == "out_refund" or not commercial.credit_hold:
            return self.env["res.partner"]
        return commercial

    def _post(self, soft=True):
        warned = self._check_credit_hold()
        posted = super()._post(soft=soft)
        for move in warned & posted:
            move._message_log(
                body=self.env._(
                    "Posted although %s",
                    move._credit_hold_partner()._credit_hold_message(),
                )
            )
        posted._customer_invoice_partners()._update_customer_since()
        return posted

    def _check_credit_hold(self):
        """Refuse, or return to warn about, the customer invoices of customers
        on credit hold, as each company's credit policy says."""
        warned = self.browse()
        Policy = self.env["customer.credit.policy"]
        for move in self:
            on_hold = move._credit_hold_partner()
            if not on_hold:
                continue
            if Policy._get_for_company(move.company_id).hold_policy == "block":
                raise UserError(
                    self.env._(
                        "%(message)s. The invoice %(invoice)s cannot be posted "
                        "until an accounting manager releases the hold.",
                        message=on_hold._credit_hold_message(),
                        invoice=move.display_name,
                    )
                )
            warned |= move
        return warned

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
