from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common_feedback import FeedbackCase


class TestWeeklyReview(FeedbackCase):
    """Every Monday one review per rep lists the customers that need a look;
    the manager comments and signs off, the rep gets the comments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.monday = cls.today - timedelta(days=cls.today.weekday())
        Partner = cls.env["res.partner"]
        (cls.customer | cls.other_customer).customer_rank = 1
        cls.quiet_customer = Partner.create(
            {
                "name": "Quiet Ltd",
                "is_company": True,
                "customer_rank": 1,
                "maintenance_user_id": cls.rep.id,
            }
        )
        # the rep's customer: its tier changed this week and a follow-up is overdue
        cls.env["customer.tier.history"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "date": cls.today,
                "old_tier": "b",
                "new_tier": "a",
            }
        )
        cls.env["customer.followup"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.rep.id,
                "kind": "visit",
                "planned_datetime": fields.Datetime.now() - timedelta(days=3),
            }
        )
        # ... and its health band fell
        cls.env["customer.health.history"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "date": cls.today,
                "old_band": "watch",
                "new_band": "at_risk",
            }
        )
        # the other rep's customer: a complaint past its deadline
        cls._feedback(cls.other_customer)
        cls.Review = cls.env["customer.review"]

    def _create(self):
        return self.Review._create_reviews(self.company, self.today)

    def _review_of(self, rep):
        return self.Review.search(
            [("user_id", "=", rep.id), ("week_start", "=", self.monday)]
        )

    def test_one_review_per_rep_with_the_customers_to_look_at(self):
        self._create()
        mine = self._review_of(self.rep)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.line_ids.partner_id, self.customer)
        line = mine.line_ids
        # the tier set by hand in the fixtures and the change above
        changes = self.env["customer.tier.history"].search_count(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(changes, 2)
        self.assertEqual(
            (line.tier_changes, line.overdue_followups, line.late_feedback),
            (changes, 1, 0),
        )
        self.assertEqual(line.health_changes, 1)
        self.assertIn("Overdue Follow-ups (1)", line.why)
        self.assertIn("Band or Stage Changes (1)", line.why)
        theirs = self._review_of(self.other_rep)
        self.assertEqual(theirs.line_ids.partner_id, self.other_customer)
        self.assertEqual(theirs.line_ids.late_feedback, 1)
        # a customer with nothing to look at is not listed
        self.assertNotIn(self.quiet_customer, (mine | theirs).line_ids.partner_id)

    def test_running_again_duplicates_nothing_and_adds_newcomers(self):
        self._create()
        self._feedback(self.quiet_customer)
        self._create()
        mine = self._review_of(self.rep)
        self.assertEqual(len(mine), 1)
        self.assertEqual(
            sorted(mine.line_ids.partner_id.ids),
            sorted((self.customer | self.quiet_customer).ids),
        )

    def test_cron_does_one_company_per_call(self):
        other_company = self.env["res.company"].create({"name": "Second Co"})
        self.env["customer.tier.policy"].search([]).review_run_date = False
        self.Review._cron_create_reviews()
        policies = self.env["customer.tier.policy"].search(
            [("company_id", "in", (self.company | other_company).ids)]
        )
        self.assertEqual(len(policies.filtered("review_run_date")), 1)
        self.Review._cron_create_reviews()
        self.assertTrue(all(policies.mapped("review_run_date")))
        self.assertEqual(len(self._review_of(self.rep)), 1)

    def test_sign_off_sends_the_comments_to_the_rep(self):
        self._create()
        review = self._review_of(self.rep).with_user(self.manager)
        review.line_ids.comment = "Visit before the spring order"
        review.action_sign_off()
        self.assertEqual(review.state, "signed")
        self.assertEqual(review.reviewer_id, self.manager)
        self.assertFalse(review.signed_late)
        activity = review.activity_ids
        self.assertEqual(activity.user_id, self.rep)
        self.assertIn("Visit before the spring order", str(activity.note))
        self.assertIn(self.customer.name, str(activity.note))
        with self.assertRaises(UserError):
            review.line_ids.comment = "too late"

    def test_sign_off_without_comments_sends_nothing(self):
        self._create()
        review = self._review_of(self.other_rep).with_user(self.manager)
        review.action_sign_off()
        self.assertFalse(review.activity_ids)

    def test_signed_after_the_week_is_late(self):
        self._create()
        review = self._review_of(self.rep)
        review.action_sign_off()
        review.signed_on = fields.Datetime.to_datetime(self.monday + timedelta(days=8))
        self.assertTrue(review.signed_late)

    def test_reps_read_their_own_and_cannot_sign_off(self):
        self._create()
        as_rep = self.Review.with_user(self.rep)
        self.assertEqual(as_rep.search([]), self._review_of(self.rep))
        self.assertEqual(
            self.env["customer.review.line"].with_user(self.rep).search([]).partner_id,
            self.customer,
        )
        review = self._review_of(self.rep).with_user(self.rep)
        with self.assertRaises(UserError):
            review.action_sign_off()
        with self.assertRaises(AccessError):
            review.line_ids.comment = "I comment my own review"

    def test_accountant_without_the_app_sees_no_review(self):
        self._create()
        with self.assertRaises(AccessError):
            self.Review.with_user(self.accountant).search([])

    def test_other_company_manager_sees_nothing(self):
        self._create()
        other_company = self.env["res.company"].create({"name": "Second Co"})
        outsider = new_test_user(
            self.env,
            "cm_test_outsider",
            groups="customer_maintenance.group_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        self.assertFalse(self.Review.with_user(outsider).search([]))
