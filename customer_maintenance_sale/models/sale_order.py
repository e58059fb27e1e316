from odoo import fields, models


class SaleOrder(models.Model):
    # _name is needed to add a mixin to an existing model
    _name = "sale.order"
    _inherit = ["sale.order", "customer.credit.hold.mixin"]

    credit_hold_warning = fields.Char(
        help="Technical: the warning shown on a quotation of a customer on credit hold."
    )

    def _credit_hold_banner_states(self):
        return ("draft", "sent")

    def _credit_hold_blocked_message(self, message):
        return self.env._(
            "%(message)s. The order %(order)s cannot be confirmed "
            "until an accounting manager releases the hold.",
            message=message,
            order=self.display_name,
        )

    def _credit_hold_warned_message(self, message):
        return self.env._("Confirmed although %s", message)

    def action_confirm(self):
        warned = self._check_credit_hold()
        res = super().action_confirm()
        warned._note_credit_hold()
        return res
