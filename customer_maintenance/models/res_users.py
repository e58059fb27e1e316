from odoo import fields, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    followup_digest_date = fields.Date(
        string="Follow-up Digest Sent On",
        readonly=True,
        copy=False,
        help="Technical: the day the last digest of overdue follow-ups was sent.",
    )

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self._check_no_customers_left()
        return super().write(vals)

    def _check_no_customers_left(self):
        """A rep who still owns customers is not archived: they would be lost."""
        owned = (
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("maintenance_user_id", "in", self.ids), ("parent_id", "=", False)],
                ["maintenance_user_id"],
                ["__count"],
            )
        )
        if owned:
            raise UserError(
                self.env._(
                    "%s still own customers. Reassign them first: Customer "
                    "Maintenance > Configuration > Reassign Customers, or the "
                    "Reassign Customers button on the user.",
                    ", ".join(f"{user.name} ({count})" for user, count in owned),
                )
            )

    def _send_followup_digests(self):
        """Once a day, each Customer Maintenance manager gets one e-mail listing
        the overdue follow-ups of every rep, in the manager's companies."""
        today = fields.Date.context_today(self)
        managers = self.env.ref("customer_maintenance.group_manager").users.filtered(
            lambda u: (
                u.active
                and not u.share
                and u.email
                and u.followup_digest_date != today
                and not u._is_superuser()
            )
        )
        Followup = self.env["customer.followup"].sudo()
        template = "customer_maintenance.followup_digest"
        mails = self.env["mail.mail"].sudo()
        for manager in managers:
            overdue = Followup.search(
                [
                    ("state", "=", "planned"),
                    ("planned_date", "<", today),
                    ("company_id", "in", manager.company_ids.ids),
                ],
                order="user_id, planned_date",
            )
            if overdue:
                body = (
                    self.env["ir.qweb"]
                    .with_context(lang=manager.lang)
                    ._render(
                        template,
                        {
                            "manager": manager,
                            "groups": overdue.grouped("user_id"),
                            "today": today,
                        },
                    )
                )
                mails |= mails.create(
                    {
                        "subject": self.env._(
                            "Overdue customer follow-ups: %(count)s on %(date)s",
                            count=len(overdue),
                            date=today,
                        ),
                        "body_html": body,
                        "email_to": manager.email_formatted,
                        "auto_delete": True,
                    }
                )
        managers.sudo().write({"followup_digest_date": today})
        return mails
