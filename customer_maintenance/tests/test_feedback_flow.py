from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_feedback import FeedbackCase

INCOMING = """From: {sender}
To: {to}
Subject: {subject}
Message-ID: <{message_id}@mail.example>
Date: Mon, 02 Mar 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

The boxes of the last order arrived broken.
"""


@tagged("post_install", "-at_install")
class TestFeedbackStages(FeedbackCase):
    """New → in progress → resolved → closed, as the rep who owns the customer."""

    def test_stage_flow(self):
        feedback = self._feedback(self.customer).with_user(self.rep)
        self.assertEqual(feedback.stage_id, self.stage_new)
        feedback.stage_id = self.stage_progress
        self.assertFalse(feedback.resolved_date)
        with self.assertRaises(ValidationError):
            feedback.stage_id = self.stage_resolved  # no resolution yet
        feedback.resolution = "<p>Sent new boxes</p>"
        feedback.stage_id = self.stage_resolved
        self.assertTrue(feedback.is_resolved)
        resolved_on = feedback.resolved_date
        self.assertTrue(resolved_on)
        feedback.stage_id = self.stage_closed
        self.assertEqual(feedback.resolved_date, resolved_on)
        self.assertTrue(self.stage_closed.fold)
        # reopened: no longer resolved
        feedback.stage_id = self.stage_progress
        self.assertFalse(feedback.resolved_date)
        self.assertFalse(feedback.is_resolved)

    def test_customer_counts(self):
        self._feedback(self.customer)
        self._feedback(
            self.customer, stage_id=self.stage_closed.id, resolution="<p>Done</p>"
        )
        self.assertEqual(self.customer.feedback_count, 2)
        self.assertEqual(self.customer.feedback_open_count, 1)
        action = self.customer.with_user(self.rep).action_view_feedback()
        self.assertEqual(
            self.env["customer.feedback"]
            .with_user(self.rep)
            .search_count(action["domain"]),
            2,
        )

    def test_description_size_limit(self):
        with self.assertRaises(ValidationError):
            self._feedback(self.customer, description="<p>%s</p>" % ("x" * 10001))


@tagged("post_install", "-at_install")
class TestFeedbackRating(FeedbackCase):
    """Resolving asks the customer for a score; the score shows everywhere."""

    def _resolve(self, feedback):
        feedback.with_user(self.rep).write(
            {"resolution": "<p>Replaced</p>", "stage_id": self.stage_resolved.id}
        )

    def test_rating_request_and_score(self):
        feedback = self._feedback(self.customer, contact_id=self.contact.id)
        self.assertFalse(feedback.rating_ids)
        self._resolve(feedback)
        rating = feedback.sudo().rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.contact)
        self.assertEqual(rating.rated_partner_id, self.rep.partner_id)
        request = feedback.message_ids.filtered(
            lambda m: "How satisfied" in (m.subject or "")
        )
        self.assertTrue(request, "the satisfaction request is e-mailed")
        self.assertIn(f"/customer-feedback/rate/{rating.access_token}/5", request.body)
        self.assertIn(self.contact, request.partner_ids)

        feedback.rating_apply(4, token=rating.access_token)
        self.assertEqual(feedback.rating_last_value, 4)
        self.assertEqual(self.customer.satisfaction_avg, 4)

        second = self._feedback(self.customer, contact_id=self.contact.id)
        self._resolve(second)
        second.rating_apply(2, token=second.sudo().rating_ids.access_token)
        self.customer.invalidate_recordset(["satisfaction_avg"])
        self.assertEqual(self.customer.satisfaction_avg, 3)
        stats = self.env["customer.feedback"]._read_group(
            [("partner_id", "=", self.customer.id)],
            ["user_id"],
            ["rating_last_value:avg"],
        )
        self.assertEqual(stats, [(self.rep, 3.0)])

    def test_no_request_without_email(self):
        self.contact.email = False
        feedback = self._feedback(self.customer, contact_id=self.contact.id)
        self._resolve(feedback)
        self.assertFalse(feedback.sudo().rating_ids)

    def test_moving_within_resolved_does_not_ask_twice(self):
        feedback = self._feedback(self.customer, contact_id=self.contact.id)
        self._resolve(feedback)
        feedback.write({"stage_id": self.stage_resolved.id})
        self.assertEqual(len(feedback.sudo().rating_ids), 1)


@tagged("post_install", "-at_install")
class TestFeedbackAlias(FeedbackCase):
    """E-mail to the alias becomes feedback, linked to the known sender."""

    def _receive(self, sender, subject, message_id, to="feedback@example.com"):
        raw = INCOMING.format(
            sender=sender, subject=subject, message_id=message_id, to=to
        )
        feedback_id = self.env["mail.thread"].message_process(
            "customer.feedback", raw.encode()
        )
        return self.env["customer.feedback"].browse(feedback_id)

    def test_routed_by_the_alias(self):
        domain = self.env["mail.alias.domain"].create({"name": "cm-test.example.com"})
        alias = self.env.ref("customer_maintenance.mail_alias_feedback")
        alias.alias_domain_id = domain
        raw = INCOMING.format(
            sender='"Chen" <chen@huaxin.example>',
            subject="Routed by the alias",
            message_id="alias-1",
            to="feedback@cm-test.example.com",
        )
        feedback_id = self.env["mail.thread"].message_process(False, raw.encode())
        feedback = self.env["customer.feedback"].browse(feedback_id)
        self.assertEqual(feedback.name, "Routed by the alias")
        self.assertEqual(feedback.partner_id, self.customer)
        self.assertEqual(feedback.user_id, self.rep)

    def test_alias_is_configured(self):
        alias = self.env.ref("customer_maintenance.mail_alias_feedback")
        self.assertEqual(alias.alias_model_id.model, "customer.feedback")
        self.assertEqual(alias.alias_name, "feedback")

    def test_known_sender(self):
        feedback = self._receive(
            '"Chen" <chen@huaxin.example>', "Broken boxes", "known-1"
        )
        self.assertTrue(feedback)
        self.assertEqual(feedback.name, "Broken boxes")
        self.assertEqual(feedback.partner_id, self.customer)
        self.assertEqual(feedback.contact_id, self.contact)
        self.assertEqual(feedback.channel, "email")
        self.assertEqual(feedback.user_id, self.rep)
        self.assertIn("arrived broken", feedback.description)
        self.assertEqual(feedback.activity_ids.user_id, self.rep)
        self.assertTrue(feedback.deadline)
        # reps see it
        self.assertEqual(
            self.env["customer.feedback"]
            .with_user(self.rep)
            .search([("id", "=", feedback.id)]),
            feedback,
        )

    def test_unknown_sender(self):
        feedback = self._receive(
            "stranger@nowhere.example", "Do you ship abroad?", "unknown-1"
        )
        self.assertTrue(feedback)
        self.assertFalse(feedback.partner_id)
        self.assertFalse(feedback.user_id)
        self.assertEqual(feedback.email_from, "stranger@nowhere.example")
