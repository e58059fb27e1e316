from datetime import timedelta

from odoo import fields

from .common_feedback import FeedbackCase


class TestMyDay(FeedbackCase):
    """My Day lists the rep's customers that need attention today, with the
    reason, A customers first, and acts in one click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.customer.customer_rank = 1
        Partner = cls.env["res.partner"]
        cls.c_customer = Partner.create(
            {
                "name": "Small C Co",
                "is_company": True,
                "customer_rank": 1,
                "maintenance_user_id": cls.rep.id,
            }
        )
        cls.c_customer.tier = "c"
        Followup = cls.env["customer.followup"]
        cls.overdue = Followup.create(
            {
                "partner_id": cls.c_customer.id,
                "user_id": cls.rep.id,
                "planned_datetime": fields.Datetime.now() - timedelta(days=2),
            }
        )
        cls.later = Followup.create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
                "planned_datetime": fields.Datetime.now() + timedelta(days=5),
            }
        )
        cls.late = cls._feedback(cls.customer)
        cls.theirs = cls._feedback(cls.other_customer)
        cls.activity = cls.customer.activity_schedule(
            "mail.mail_activity_data_call",
            user_id=cls.rep.id,
            summary="Win-back call",
            date_deadline=cls.today,
        )
        cls.env["customer.health.history"].create(
            {
                "partner_id": cls.c_customer.id,
                "company_id": cls.company.id,
                "date": cls.today,
                "old_stage": "active",
                "new_stage": "at_risk",
            }
        )
        cls.MyDay = cls.env["customer.my.day"]

    def _mine(self):
        return self.MyDay.with_user(self.rep).search([("user_id", "=", self.rep.id)])

    def test_reasons_of_the_day(self):
        rows = self._mine()
        reasons = {(row.partner_id, row.reason) for row in rows}
        self.assertIn((self.c_customer, "followup_overdue"), reasons)
        self.assertIn((self.customer, "feedback_late"), reasons)
        self.assertIn((self.customer, "activity"), reasons)
        # the tier set by hand in the fixtures, today
        self.assertIn((self.customer, "tier_changed"), reasons)
        self.assertIn((self.c_customer, "health_changed"), reasons)
        self.assertNotIn(self.later, rows.followup_id, "not due yet")
        self.assertNotIn(self.other_customer, rows.partner_id)
        # a rep sees nothing of another rep's day, even without the filter
        self.assertNotIn(
            self.theirs, self.MyDay.with_user(self.rep).search([]).feedback_id
        )

    def test_a_customers_first(self):
        tiers = self._mine().mapped("tier")
        self.assertEqual(tiers, sorted(tiers, key=lambda tier: tier or "z"))
        self.assertEqual(tiers[0], "a")
        self.assertEqual(tiers[-1], "c")

    def test_one_click_actions(self):
        rows = self._mine()
        activity_row = rows.filtered(lambda row: row.reason == "activity")
        activity_row.action_done()
        self.assertFalse(self.activity.exists(), "done activities leave the list")
        rows = self._mine()
        self.assertNotIn("activity", rows.mapped("reason"))
        followup_row = rows.filtered(lambda row: row.followup_id == self.overdue)
        action = followup_row.action_open()
        self.assertEqual(action["res_model"], "customer.followup")
        self.assertEqual(action["res_id"], self.overdue.id)
        action = followup_row.action_done()
        self.assertEqual(action["res_model"], "customer.followup")
        # Plan: the customer's next follow-up, for its owner
        self.later.action_cancel()
        feedback_row = rows.filtered(lambda row: row.feedback_id == self.late)
        feedback_row.with_user(self.rep).action_plan()
        planned = self.env["customer.followup"].search(
            [("partner_id", "=", self.customer.id), ("state", "=", "planned")]
        )
        self.assertEqual(planned.user_id, self.rep)
