import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class ResPartner(models.Model):
    """Feedback and after-sales on the customer: counts, satisfaction, the
    personal link to the public feedback form, and lost customers."""

    _inherit = "res.partner"

    # submissions of the public feedback form per customer and hour
    _FEEDBACK_FORM_HOURLY_LIMIT = 5

    # Feedback and after-sales
    feedback_ids = fields.One2many("customer.feedback", "partner_id")
    feedback_count = fields.Integer(compute="_compute_feedback_count")
    feedback_open_count = fields.Integer(
        compute="_compute_feedback_count", string="Open Feedback"
    )
    satisfaction_avg = fields.Float(
        string="Average Satisfaction",
        compute="_compute_satisfaction_avg",
        digits=(16, 1),
        help="Average of the scores (1 to 5) the customer gave to answered feedback.",
    )
    feedback_token = fields.Char(
        copy=False,
        index="btree_not_null",
        groups="customer_maintenance.group_user",
        help="Personal key of the customer's feedback link.",
    )
    feedback_url = fields.Char(
        string="Feedback Link",
        compute="_compute_feedback_url",
        groups="customer_maintenance.group_user",
        help="The customer's personal link to the feedback form, for e-mails.",
    )

    # Lost customers
    is_lost = fields.Boolean(string="Lost", tracking=True, copy=False, index=True)
    lost_date = fields.Date(tracking=True, copy=False)
    lost_reason = fields.Text(tracking=True, copy=False)
    lost_cause_id = fields.Many2one(
        "customer.feedback.cause",
        string="Lost Root Cause",
        tracking=True,
        copy=False,
        index="btree_not_null",
    )

    _sql_constraints = [
        (
            "feedback_token_uniq",
            "unique (feedback_token)",
            "A feedback link belongs to one customer.",
        ),
    ]

    def _compute_feedback_count(self):
        total, opened = {}, {}
        for partner, resolved, count in self.env["customer.feedback"]._read_group(
            [("partner_id", "in", self.filtered("id").ids)],
            ["partner_id", "is_resolved"],
            ["__count"],
        ):
            total[partner] = total.get(partner, 0) + count
            if not resolved:
                opened[partner] = count
        for partner in self:
            partner.feedback_count = total.get(partner, 0)
            partner.feedback_open_count = opened.get(partner, 0)

    def _compute_satisfaction_avg(self):
        commercial = self.commercial_partner_id.filtered("id")
        scores = dict(
            self.env["customer.feedback"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", commercial.ids),
                    ("rating_last_value", ">=", 1),
                ],
                ["partner_id"],
                ["rating_last_value:avg"],
            )
        )
        for partner in self:
            partner.satisfaction_avg = scores.get(
                partner.commercial_partner_id.sudo(), 0.0
            )

    @api.depends("feedback_token")
    def _compute_feedback_url(self):
        base_url = self.get_base_url()
        for partner in self:
            partner.feedback_url = partner.feedback_token and (
                f"{base_url}/customer-feedback/{partner.feedback_token}"
            )

    # ------------------------------------------------------------------
    # Feedback link
    # ------------------------------------------------------------------

    def _get_feedback_url(self):
        """The customer's personal feedback link, created on first use (for
        e-mail templates: ``object._get_feedback_url()``)."""
        self.ensure_one()
        customer = self.commercial_partner_id.sudo()
        if not customer.feedback_token:
            customer.feedback_token = secrets.token_urlsafe(32)
        return customer.feedback_url

    def action_generate_feedback_token(self):
        self.ensure_one()
        if not self._is_maintenance_manager() and not self.can_edit_maintenance:
            raise AccessError(
                self.env._("Only the owner or a manager can create the feedback link.")
            )
        self._get_feedback_url()
        return True

    def action_revoke_feedback_token(self):
        if not self._is_maintenance_manager():
            raise AccessError(
                self.env._("Only Customer Maintenance managers can revoke a link.")
            )
        self.commercial_partner_id.write({"feedback_token": False})
        for partner in self:
            partner.message_post(
                body=self.env._("Feedback link revoked."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _find_by_feedback_token(self, token):
        """The active customer whose feedback link is ``token``, as superuser,
        or an empty recordset."""
        if not token or len(token) < 20 or len(token) > 100:
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=True)
            .search([("feedback_token", "=", token)], limit=1)
        )

    def action_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_feedback_action"
        )
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    # ------------------------------------------------------------------
    # Lost customers
    # ------------------------------------------------------------------

    def _mark_lost(self, reason, cause, lost_date=None):
        """Record the loss (manager only) and plan a follow-up to review it."""
        if not self._is_maintenance_manager():
            raise AccessError(
                self.env._(
                    "Only Customer Maintenance managers can mark a customer lost."
                )
            )
        if not (reason or "").strip() or not cause:
            raise ValidationError(
                self.env._("Give the reason and the root cause of the loss.")
            )
        customers = self.commercial_partner_id
        customers.write(
            {
                "is_lost": True,
                "lost_date": lost_date or fields.Date.context_today(self),
                "lost_reason": reason.strip(),
                "lost_cause_id": cause.id,
            }
        )
        purpose = self.env._(
            "Review the loss of this customer (%(cause)s): %(reason)s",
            cause=cause.name,
            reason=reason.strip(),
        )
        vals_list = []
        for customer in customers:
            company = customer.company_id or self.env.company
            owner = customer.maintenance_user_id._may_own_customers(company)
            vals_list.append(
                {
                    "partner_id": customer.id,
                    "user_id": (owner or self.env.user).id,
                    "company_id": company.id,
                    "kind": "call",
                    "purpose": purpose,
                }
            )
        return self.env["customer.followup"].create(vals_list)

    def action_restore_customer(self):
        """The customer is back: clear the lost status (kept in the chatter)."""
        if not self._is_maintenance_manager():
            raise AccessError(
                self.env._("Only Customer Maintenance managers can restore a customer.")
            )
        self.commercial_partner_id.write(
            {
                "is_lost": False,
                "lost_date": False,
                "lost_reason": False,
                "lost_cause_id": False,
            }
        )
        return True
