from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_hold_warning = fields.Char(
        compute="_compute_credit_hold_warning",
        help="Technical: the warning shown on a quotation of a customer on credit "
        "hold.",
    )

    @api.depends("partner_id", "company_id", "state")
    def _compute_credit_hold_warning(self):
        for order in self:
            on_hold = order._credit_hold_partner()
            order.credit_hold_warning = (
                on_hold._credit_hold_message()
                if on_hold and order.state in ("draft", "sent")
                else False
            )

    def _credit_hold_partner(self):
        """The commercial partner of this order when it is on credit hold in the
        order's company, else an empty recordset."""
        self.ensure_one()
        if not self.partner_id:
            return self.env["res.partner"]
        commercial = self.partner_id.commercial_partner_id.with_company(
            self.company_id
        ).sudo()
        return commercial if commercial.credit_hold else self.env["res.partner"]

    def action_confirm(self):
        warned = self._check_credit_hold()
        res = super().action_confirm()
        for order in warned:
            order._message_log(
                body=self.env._(
                    "Confirmed although %s",
                    order._credit_hold_partner()._credit_hold_message(),
                )
            )
        return res

    def _check_credit_hold(self):
        """Refuse, or return to warn about, the orders of customers on credit
        hold, as each company's credit policy says."""
        warned = self.browse()
        Policy = self.env["customer.credit.policy"]
        for order in self:
            on_hold = order._credit_hold_partner()
            if not on_hold:
                continue
            if Policy._get_for_company(order.company_id).hold_policy == "block":
                raise UserError(
                    self.env._(
                        "%(message)s. The order %(order)s cannot be confirmed "
                        "until an accounting manager releases the hold.",
                        message=on_hold._credit_hold_message(),
                        order=order.display_name,
                    )
                )
            warned |= order
        return warned
