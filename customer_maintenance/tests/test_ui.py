from datetime import datetime, timedelta

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerFileUi(HttpCase):
    """A rep keeps a customer file in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, "cm_tour_rep", groups="customer_maintenance.group_user"
        )
        other_rep = new_test_user(
            cls.env, "cm_tour_other_rep", groups="customer_maintenance.group_user"
        )
        Partner = cls.env["res.partner"]
        cls.own = Partner.create(
            {"name": "Tour Own Customer", "maintenance_user_id": cls.rep.id}
        )
        cls.foreign = Partner.create(
            {
                "name": "Tour Foreign Customer",
                "maintenance_user_id": other_rep.id,
                "preferences": "Jazz",
            }
        )

    def test_rep_fills_customer_file(self):
        self.start_tour("/odoo", "customer_maintenance_file_tour", login="cm_tour_rep")
        self.assertEqual(self.own.preferences, "Oolong tea, golf on Saturdays")
        self.assertEqual(self.own.needs, "Faster delivery before Spring Festival")
        self.assertEqual(self.foreign.preferences, "Jazz")


@tagged("post_install", "-at_install")
class TestFollowupUi(HttpCase):
    """A rep plans the week and records a follow-up in a real browser."""

    def test_rep_plans_and_records_a_followup(self):
        rep = new_test_user(
            self.env, "cm_tour_planner", groups="customer_maintenance.group_user"
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Due Customer",
                "maintenance_user_id": rep.id,
                "customer_rank": 1,
            }
        )
        self.start_tour(
            "/odoo", "customer_maintenance_followup_tour", login="cm_tour_planner"
        )
        followups = self.env["customer.followup"].search(
            [("partner_id", "=", customer.id)], order="id"
        )
        self.assertEqual(followups[0].state, "done")
        self.assertEqual(
            followups[0].outcome, "Called: they will order 200 units in May"
        )
        # and the next one is planned from the frequency
        self.assertEqual(followups[1:].state, "planned")


@tagged("post_install", "-at_install")
class TestFeedbackUi(HttpCase):
    """A rep resolves a late complaint from the feedback kanban."""

    def test_rep_resolves_feedback(self):
        rep = new_test_user(
            self.env, "cm_tour_feedback_rep", groups="customer_maintenance.group_user"
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Feedback Customer", "maintenance_user_id": rep.id}
        )
        feedback = self.env["customer.feedback"].create(
            {
                "name": "Tour broken cartons",
                "partner_id": customer.id,
                "date_received": datetime.now() - timedelta(days=5),
            }
        )
        self.start_tour(
            "/odoo", "customer_maintenance_feedback_tour", login="cm_tour_feedback_rep"
        )
        self.assertTrue(feedback.is_resolved)
        self.assertIn("packaging", feedback.resolution)
        self.assertEqual(feedback.sla_status, "missed")
