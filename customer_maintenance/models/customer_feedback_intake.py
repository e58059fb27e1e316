from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext, html_sanitize, is_html_empty

from .customer_feedback import ACTIVITY_TYPE, DESCRIPTION_MAX_CHARS


class CustomerFeedback(models.Model):
    """How feedback comes in: e-mails to the alias and the customer's public
    form, each giving the responsible an activity to answer in time."""

    _inherit = "customer.feedback"

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Feedback from an e-mail to the alias: the sender's customer when the
        address is known, the customer's owner as responsible."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        values = {
            "name": msg_dict.get("subject") or self.env._("Feedback by e-mail"),
            "channel": "email",
            "email_from": msg_dict.get("email_from"),
            "description": msg_dict.get("body"),
        }
        if author and not author.user_ids.filtered(lambda u: not u.share):
            values["partner_id"] = author.commercial_partner_id.id
            if author != author.commercial_partner_id:
                values["contact_id"] = author.id
            if author.company_id:
                values["company_id"] = author.company_id.id
        values.update(custom_values or {})
        feedback = super().message_new(msg_dict, custom_values=values)
        feedback._schedule_answer_activity()
        return feedback

    # ------------------------------------------------------------------
    # Intake from the public form
    # ------------------------------------------------------------------

    @api.model
    def _sanitize_submitted_text(self, text):
        """The customer's text as safe HTML: line breaks kept, markup sanitized."""
        text = (text or "").strip()
        html = html_sanitize(
            text.replace("\n", "<br/>"),
            sanitize_attributes=True,
            sanitize_style=True,
            strip_classes=True,
        )
        return html if not is_html_empty(html) else ""

    @api.model
    def _submit_from_form(self, partner, feedback_type, text):
        """Create the feedback a customer submits with their personal link.

        Called as superuser by the controller once the token is checked;
        returns the feedback, or raises ValidationError with a message for the
        customer (nothing stored).
        """
        types = dict(self._fields["feedback_type"]._description_selection(self.env))
        if feedback_type not in types:
            raise ValidationError(
                self.env._("Choose a type of feedback from the list.")
            )
        text = (text or "").strip()
        if len(text) > DESCRIPTION_MAX_CHARS:
            raise ValidationError(
                self.env._(
                    "Your message is too long: at most %(max)s characters.",
                    max=DESCRIPTION_MAX_CHARS,
                )
            )
        description = self._sanitize_submitted_text(text)
        if not description:
            raise ValidationError(self.env._("Please write your feedback."))
        since = fields.Datetime.now() - timedelta(hours=1)
        recent = self.search_count(
            [
                ("partner_id", "=", partner.id),
                ("channel", "=", "form"),
                ("create_date", ">=", since),
            ]
        )
        if recent >= partner._FEEDBACK_FORM_HOURLY_LIMIT:
            raise ValidationError(
                self.env._(
                    "You have sent several messages in the last hour. Please try "
                    "again later."
                )
            )
        summary = html2plaintext(description).strip().splitlines()[0][:60]
        feedback = self.create(
            {
                "name": f"{types[feedback_type]}: {summary}",
                "partner_id": partner.id,
                "feedback_type": feedback_type,
                "channel": "form",
                "description": description,
                "company_id": (partner.company_id or self.env.company).id,
            }
        )
        feedback._schedule_answer_activity()
        return feedback

    def _schedule_answer_activity(self):
        """An activity for the responsible to answer the feedback in time."""
        for feedback in self.filtered("user_id"):
            feedback.activity_schedule(
                ACTIVITY_TYPE,
                date_deadline=(feedback.deadline and feedback.deadline.date())
                or fields.Date.context_today(feedback),
                summary=feedback.name,
                user_id=feedback.user_id.id,
            )
