from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common_feedback import RECEIVED, FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackSla(FeedbackCase):
    """Deadlines come from the table by tier and type; the status follows."""

    def test_deadline_per_tier_and_type(self):
        tier_c = self.env["res.partner"].create({"name": "Small Shop"})
        tier_c.tier = "c"
        cases = [
            (self.customer, "complaint", 24),
            (self.other_customer, "complaint", 48),
            (tier_c, "complaint", 72),
            (self.customer, "suggestion", 72),
            (self.other_customer, "after_sales", 48),
            (tier_c, "praise", 168),
        ]
        for customer, feedback_type, hours in cases:
            with self.subTest(tier=customer.tier, feedback_type=feedback_type):
                feedback = self._feedback(customer, feedback_type=feedback_type)
                self.assertEqual(feedback.deadline, RECEIVED + timedelta(hours=hours))

    def test_customer_without_tier_counts_as_c(self):
        newcomer = self.env["res.partner"].create({"name": "Newcomer"})
        feedback = self._feedback(newcomer)
        self.assertEqual(feedback.deadline, RECEIVED + timedelta(hours=72))

    def test_company_line_wins_and_type_change_recomputes(self):
        self.env["customer.feedback.sla"].create(
            {
                "tier": "a",
                "feedback_type": "complaint",
                "hours": 8,
                "company_id": self.company.id,
            }
        )
        feedback = self._feedback(self.customer)
        self.assertEqual(feedback.deadline, RECEIVED + timedelta(hours=8))
        feedback.feedback_type = "question"
        self.assertEqual(feedback.deadline, RECEIVED + timedelta(hours=24))

    def test_sla_status_over_time(self):
        feedback = self._feedback(self.customer)  # A complaint: 24 hours
        steps = [
            (RECEIVED + timedelta(hours=2), "on_time", False),
            (RECEIVED + timedelta(hours=17), "on_time", False),
            (RECEIVED + timedelta(hours=19), "at_risk", False),
            (RECEIVED + timedelta(hours=25), "late", True),
        ]
        Feedback = self.env["customer.feedback"]
        for now, status, overdue in steps:
            with self.subTest(now=now), freeze_time(now):
                feedback.invalidate_recordset(["sla_status", "is_overdue"])
                self.assertEqual(feedback.sla_status, status)
                self.assertEqual(feedback.is_overdue, overdue)
                found = Feedback.search(
                    [("is_overdue", "=", True), ("id", "=", feedback.id)]
                )
                self.assertEqual(bool(found), overdue)
                # the search computes the same status in SQL
                mine = [("id", "=", feedback.id)]
                self.assertEqual(
                    Feedback.search([*mine, ("sla_status", "=", status)]), feedback
                )
                others = [s for s, _label in Feedback._fields["sla_status"].selection]
                others.remove(status)
                self.assertFalse(Feedback.search([*mine, ("sla_status", "in", others)]))
                self.assertFalse(Feedback.search([*mine, ("sla_status", "!=", status)]))

    def test_resolved_in_time_is_met_late_is_missed(self):
        in_time = self._feedback(self.customer, resolution="<p>Redelivered</p>")
        late = self._feedback(self.customer, resolution="<p>Refunded</p>")
        with freeze_time(RECEIVED + timedelta(hours=10)):
            in_time.stage_id = self.stage_resolved
        with freeze_time(RECEIVED + timedelta(hours=30)):
            late.stage_id = self.stage_resolved
            self.assertEqual(in_time.sla_status, "met")
            self.assertEqual(late.sla_status, "missed")
            self.assertFalse(late.is_overdue)
            met = self.env["customer.feedback"].search(
                [("sla_status", "=", "met"), ("partner_id", "=", self.customer.id)]
            )
            self.assertEqual(met, in_time)

    def test_rep_form_defaults(self):
        with Form(self.env["customer.feedback"].with_user(self.rep)) as form:
            form.name = "Wrong colour"
            form.partner_id = self.customer
            form.feedback_type = "complaint"
        feedback = form.record
        self.assertEqual(feedback.user_id, self.rep)
        self.assertEqual(feedback.stage_id, self.stage_new)
        self.assertTrue(feedback.deadline)
