from odoo.tests import tagged

from .test_reassignment import ReassignmentCase


@tagged("post_install", "-at_install")
class TestFeedbackReassignment(ReassignmentCase):
    """A departed rep's open feedback goes to the new owner; answered stays."""

    def test_open_feedback_moves_with_its_activity(self):
        customer = self.customers[0]
        Feedback = self.env["customer.feedback"]
        open_feedback = Feedback.create(
            {"name": "Broken lid", "partner_id": customer.id}
        )
        open_feedback._schedule_answer_activity()
        answered = Feedback.create(
            {
                "name": "Late invoice",
                "partner_id": customer.id,
                "resolution": "<p>Sent again</p>",
                "stage_id": self.env.ref(
                    "customer_maintenance.customer_feedback_stage_closed"
                ).id,
            }
        )
        self.assertEqual((open_feedback | answered).user_id, self.departed)
        wizard = self._wizard(targets=self.rep)
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.feedback_count, 1)
        log = (
            self.env["customer.reassignment"]
            .with_user(self.manager)
            ._reassign(self.departed, {customer: self.rep.id}, "Left the company")
        )
        self.assertEqual(open_feedback.user_id, self.rep)
        self.assertEqual(open_feedback.activity_ids.user_id, self.rep)
        self.assertEqual(answered.user_id, self.departed)
        self.assertEqual(log.feedback_count, 1)
        self.assertEqual(log.line_ids.feedback_count, 1)
        # the new owner sees it
        self.assertEqual(
            Feedback.with_user(self.rep).search([("partner_id", "=", customer.id)]),
            open_feedback | answered,
        )
