from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerCreditHoldMixin(models.AbstractModel):
    """The credit-hold check of a sales document (customer invoice, sale
    order): the banner of a draft whose customer is on credit hold in the
    document's company, and the check when it is posted or confirmed — blocked
    or let through with a chatter note, as the company's credit policy says.

    A document model implements ``_credit_hold_customer`` (the partner to
    check, or none), ``_credit_hold_banner_states``,
    ``_credit_hold_blocked_message`` and ``_credit_hold_warned_message``.
    """

    _name = "customer.credit.hold.mixin"
    _description = "Credit Hold Check"

    credit_hold_warning = fields.Char(
        compute="_compute_credit_hold_warning",
        help="Technical: the warning shown on a draft document of a customer on "
        "credit hold.",
    )

    @api.depends(lambda self: self._credit_hold_depends())
    def _compute_credit_hold_warning(self):
        for document in self:
            on_hold = document._credit_hold_partner()
            document.credit_hold_warning = (
                on_hold._credit_hold_message()
                if on_hold and document.state in document._credit_hold_banner_states()
                else False
            )

    def _credit_hold_depends(self):
        return ["partner_id", "company_id", "state"]

    def _credit_hold_banner_states(self):
        return ("draft",)

    def _credit_hold_customer(self):
        """The partner whose hold applies to this document, or an empty
        recordset when none does."""
        self.ensure_one()
        return self.partner_id

    def _credit_hold_blocked_message(self, message):
        raise NotImplementedError

    def _credit_hold_warned_message(self, message):
        raise NotImplementedError

    def _credit_hold_partner(self):
        """The commercial partner of this document when it is on credit hold
        in the document's company, else an empty recordset."""
        self.ensure_one()
        customer = self._credit_hold_customer()
        if not customer:
            return self.env["res.partner"]
        commercial = customer.commercial_partner_id.with_company(self.company_id).sudo()
        return commercial if commercial.credit_hold else self.env["res.partner"]

    def _check_credit_hold(self):
        """Refuse the documents of customers on credit hold, or return them to
        be noted once done, as each company's credit policy says."""
        warned = self.browse()
        Policy = self.env["customer.credit.policy"]
        for document in self:
            on_hold = document._credit_hold_partner()
            if not on_hold:
                continue
            if Policy._get_for_company(document.company_id).hold_policy == "block":
                raise UserError(
                    document._credit_hold_blocked_message(
                        on_hold._credit_hold_message()
                    )
                )
            warned |= document
        return warned

    def _note_credit_hold(self):
        """The chatter note of documents done although their customer is on
        credit hold (the ``warned`` of ``_check_credit_hold``)."""
        for document in self:
            document._message_log(
                body=document._credit_hold_warned_message(
                    document._credit_hold_partner()._credit_hold_message()
                )
            )
