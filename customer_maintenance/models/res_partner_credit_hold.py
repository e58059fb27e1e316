"""Credit hold of a customer, per company, and who may change the credit
verdict: accounting managers put customers on hold and release them (with or
without the right to edit contacts), set and lock ratings. Invoices and sale
orders check the hold with ``customer.credit.hold.mixin``."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .res_partner_credit import ACCOUNT_MANAGER_GROUP, ACCOUNTING_GROUPS


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Fields only accounting managers change (hold and rating overrides).
    _CREDIT_MANAGER_FIELDS = frozenset(
        {
            "credit_hold",
            "credit_hold_reason",
            "credit_hold_date",
            "credit_rating",
            "credit_rating_locked",
            "credit_rating_lock_reason",
        }
    )

    # Credit hold
    credit_hold = fields.Boolean(
        string="On Credit Hold",
        company_dependent=True,
        tracking=True,
        help="Invoices and sale orders of a customer on hold are blocked or come "
        "with a warning, as the credit policy says.",
    )
    credit_hold_reason = fields.Char(
        company_dependent=True, tracking=True, groups=ACCOUNTING_GROUPS
    )
    credit_hold_date = fields.Date(
        string="On Hold Since",
        company_dependent=True,
        readonly=True,
        groups=ACCOUNTING_GROUPS,
    )

    @api.constrains("credit_hold", "credit_hold_reason")
    def _check_credit_hold_reason(self):
        for partner in self:
            if partner.credit_hold and not (partner.credit_hold_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why %s is put on credit hold.", partner.display_name
                    )
                )

    def write(self, vals):
        # checked before the rating's history is kept (res_partner_credit_rating)
        self._check_credit_write(vals)
        if vals.get("credit_hold") and "credit_hold_date" not in vals:
            vals = {**vals, "credit_hold_date": fields.Date.context_today(self)}
        elif "credit_hold" in vals and not vals["credit_hold"]:
            vals = {**vals, "credit_hold_date": False, "credit_hold_reason": False}
        return super().write(vals)

    def _commercial_fields(self):
        # a company's contacts share its credit hold
        return [
            *super()._commercial_fields(),
            "credit_hold",
            "credit_hold_reason",
            "credit_hold_date",
        ]

    def action_release_credit_hold(self):
        self._check_credit_manager()
        # accounting managers need no right on contacts to release a hold:
        # their group is checked above, and only the hold fields are written
        self.commercial_partner_id.sudo().write({"credit_hold": False})
        return True

    def _set_credit_hold(self, reason):
        """Put these customers (their commercial entities) on credit hold."""
        self._check_credit_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the customers are put on hold."))
        self.commercial_partner_id.sudo().write(
            {"credit_hold": True, "credit_hold_reason": reason.strip()}
        )

    def _credit_hold_message(self):
        """The message naming the customer on hold and why."""
        self.ensure_one()
        commercial = self.commercial_partner_id.sudo()
        return self.env._(
            "%(customer)s is on credit hold since %(date)s: %(reason)s",
            customer=commercial.display_name,
            date=commercial.credit_hold_date or "",
            reason=commercial.credit_hold_reason or "",
        )

    def _check_credit_manager(self):
        """Putting on and releasing holds (and rating a customer now) is for
        accounting managers, whether or not they may edit contacts."""
        if self.env.su or self.env.user.has_group(ACCOUNT_MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only accounting managers can put a customer on credit hold, "
                "release it or rate it now (%s).",
                ", ".join(self.mapped("display_name")),
            )
        )

    def _check_credit_write(self, vals):
        """Hold and rating overrides are for accounting managers. Copying the
        company's values to its contacts stays allowed to everyone."""
        touched = self._CREDIT_MANAGER_FIELDS.intersection(vals)
        if not touched or self.env.su or self.env.user.has_group(ACCOUNT_MANAGER_GROUP):
            return
        if self and all(partner._is_commercial_copy(vals, touched) for partner in self):
            return
        raise AccessError(
            self.env._(
                "Only accounting managers can put a customer on credit hold or "
                "set its credit rating (%s).",
                ", ".join(self.mapped("display_name")),
            )
        )

    def _is_commercial_copy(self, vals, names):
        """Whether ``vals`` only copies the commercial entity's own values."""
        self.ensure_one()
        commercial = self.commercial_partner_id.sudo()
        if commercial == self:
            return False
        for name in names:
            field = self._fields[name]
            value = field.convert_to_record(
                field.convert_to_cache(vals[name], commercial), commercial
            )
            if value != commercial[name]:
                return False
        return True
