from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerMaintenanceCase

MONDAY = datetime(2026, 3, 2, 8, 0)


@tagged("post_install", "-at_install")
class FollowupCase(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["customer.tier.policy"]._get_for_company(cls.company)
        cls.Followup = cls.env["customer.followup"]
        (cls.customer | cls.other_customer).customer_rank = 1
        cls.customer.tier = "a"
        cls.other_customer.tier = "c"
        cls.manager.email = "manager@example.com"

    def _planned(self, partner):
        return self.Followup.search(
            [("partner_id", "=", partner.id), ("state", "=", "planned")]
        )


@tagged("post_install", "-at_install")
class TestFollowupFrequency(FollowupCase):
    def test_frequency_by_tier_and_override(self):
        days = dict.fromkeys("abc")
        for tier in days:
            self.customer.tier = tier
            days[tier] = self.customer._followup_days(self.policy)
        self.assertEqual(days, {"a": 7, "b": 15, "c": 30})
        self.customer.followup_interval = 3
        self.assertEqual(self.customer._followup_days(self.policy), 3)
        self.other_customer.last_followup_date = date(2026, 1, 1)
        self.policy.followup_days_c = 20  # refreshes the company's schedule
        self.assertEqual(self.other_customer.next_followup_date, date(2026, 1, 21))

    def test_policy_rejects_zero_frequency(self):
        with self.assertRaises(ValidationError):
            self.policy.followup_days_a = 0


@tagged("post_install", "-at_install")
class TestFollowupCycle(FollowupCase):
    @freeze_time(MONDAY)
    def test_plan_complete_and_plan_next(self):
        self.Followup._cron_daily()
        followup = self._planned(self.customer)
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.user_id, self.rep)
        self.assertEqual(followup.planned_date, MONDAY.date())
        activity = followup.activity_ids
        self.assertEqual(activity.user_id, self.rep)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("customer_maintenance.mail_activity_type_followup"),
        )
        # the rep marks the activity done from their activities: the feedback
        # becomes the outcome and the next follow-up comes 7 days later (tier A)
        activity.with_user(self.rep).action_feedback(feedback="Called, happy")
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.outcome, "Called, happy")
        self.assertEqual(self.customer.last_followup_date, MONDAY.date())
        self.assertEqual(self.contact.last_followup_date, MONDAY.date())
        following = self._planned(self.customer)
        self.assertEqual(following.planned_date, MONDAY.date() + timedelta(days=7))
        self.assertTrue(following.activity_ids)
        self.assertEqual(self.customer.followup_status, "due_soon")

    @freeze_time(MONDAY)
    def test_done_from_the_follow_up_closes_the_activity(self):
        self.Followup._cron_daily()
        followup = self._planned(self.other_customer).with_user(self.other_rep)
        with self.assertRaises(ValidationError):
            followup.action_done()  # no outcome yet
        with Form(followup) as form:
            form.outcome = "Visited the new shop"
            form.reaction = "positive"
            form.satisfaction = "4"
        followup.action_done()
        self.assertEqual(followup.state, "done")
        self.assertFalse(followup.activity_ids)
        following = self._planned(self.other_customer)
        self.assertEqual(following.planned_date, MONDAY.date() + timedelta(days=30))

    @freeze_time(MONDAY)
    def test_activity_done_without_feedback_is_refused(self):
        self.Followup._cron_daily()
        activity = self._planned(self.customer).activity_ids
        with self.assertRaises(UserError):
            activity.with_user(self.rep).action_feedback()
        self.assertEqual(self._planned(self.customer).state, "planned")

    @freeze_time(MONDAY)
    def test_reschedule_moves_the_activity(self):
        self.Followup._cron_daily()
        followup = self._planned(self.customer)
        followup.with_user(self.rep).planned_datetime = MONDAY + timedelta(days=2)
        self.assertEqual(
            followup.activity_ids.date_deadline, MONDAY.date() + timedelta(days=2)
        )
        self.assertEqual(len(followup.activity_ids), 1)

    def test_daily_run_is_idempotent_and_marks_missed(self):
        with freeze_time(MONDAY):
            self.Followup._cron_daily()
            self.Followup._cron_daily()
            first = self._planned(self.customer)
            self.assertEqual(len(first), 1)
            self.assertEqual(
                len(self.env["mail.activity"].search([("res_id", "=", first.id)])), 1
            )
        # two days of grace, then missed; the customer is planned again at once
        with freeze_time(MONDAY + timedelta(days=2)):
            self.Followup._cron_daily()
            self.assertEqual(first.state, "planned")
        with freeze_time(MONDAY + timedelta(days=3)):
            self.Followup._cron_daily()
            self.assertEqual(first.state, "missed")
            self.assertFalse(first.activity_ids)
            again = self._planned(self.customer)
            self.assertEqual(len(again), 1)
            self.assertEqual(again.planned_date, (MONDAY + timedelta(days=3)).date())

    @freeze_time(MONDAY)
    def test_only_customers_due_within_the_horizon_are_planned(self):
        # A, followed up yesterday: due in 6 days, inside the 7-day horizon
        self.customer.last_followup_date = MONDAY.date() - timedelta(days=1)
        # C, followed up 20 days ago: due in 10 days, outside
        self.other_customer.last_followup_date = MONDAY.date() - timedelta(days=20)
        self.Followup._cron_daily()
        self.assertEqual(
            self._planned(self.customer).planned_date,
            MONDAY.date() + timedelta(days=6),
        )
        self.assertFalse(self._planned(self.other_customer))
        self.assertEqual(self.other_customer.followup_status, "on_track")
        self.policy.planning_horizon_days = 10
        self.Followup._cron_daily()  # the company is done for today
        self.assertFalse(self._planned(self.other_customer))
        self.Followup._run_daily(self.policy, MONDAY.date())
        self.assertTrue(self._planned(self.other_customer))

    @freeze_time(MONDAY)
    def test_one_click_plan(self):
        self.other_customer.with_user(self.other_rep).action_plan_followup()
        followup = self._planned(self.other_customer)
        self.assertEqual(followup.planned_date, MONDAY.date())
        self.other_customer.with_user(self.other_rep).action_plan_followup()
        self.assertEqual(len(self._planned(self.other_customer)), 1)


@tagged("post_install", "-at_install")
class TestFollowupDigest(FollowupCase):
    def test_digest_once_a_day_per_manager(self):
        with freeze_time(MONDAY):
            self.Followup._cron_daily()
        with freeze_time(MONDAY + timedelta(days=1)):
            mails = self.env["res.users"]._send_followup_digests()
            mail = mails.filtered(lambda m: m.email_to == self.manager.email_formatted)
            self.assertEqual(len(mail), 1)
            self.assertIn(self.rep.name, mail.body_html)
            self.assertIn(self.other_rep.name, mail.body_html)
            self.assertIn("Pacific Foods", mail.body_html)
            self.assertFalse(self.env["res.users"]._send_followup_digests())


@tagged("post_install", "-at_install")
class TestFollowupCompliance(FollowupCase):
    def test_compliance_on_a_known_history(self):
        def followup(day, state, done=None, user=self.rep):
            return {
                "partner_id": self.customer.id,
                "user_id": user.id,
                "planned_datetime": datetime(2026, 1, day, 10),
                "state": state,
                "done_date": done and date(2026, 1, done),
                "outcome": "done" if state == "done" else False,
            }

        self.Followup.create(
            [
                followup(5, "done", 5),  # on time
                followup(12, "done", 10),  # early: on time
                followup(19, "done", 22),  # late
                followup(26, "missed"),
                followup(28, "planned"),  # not due: no compliance
                followup(29, "cancelled"),  # not counted
                followup(6, "done", 9, user=self.other_rep),
            ]
        )
        Report = self.env["customer.followup.report"]
        rows = Report._read_group(
            [("user_id", "in", (self.rep | self.other_rep).ids)],
            ["user_id"],
            [
                "planned_count:sum",
                "on_time_count:sum",
                "late_count:sum",
                "missed_count:sum",
                "compliance:avg",
            ],
        )
        figures = {user: tuple(values) for user, *values in rows}
        self.assertEqual(figures[self.rep], (5, 2, 1, 1, 50.0))
        self.assertEqual(figures[self.other_rep], (1, 0, 1, 0, 0.0))
        # reps see their own figures only, managers everyone's
        self.assertEqual(Report.with_user(self.rep).search([]).user_id, self.rep)
        self.assertEqual(
            Report.with_user(self.manager).search([]).user_id, self.rep | self.other_rep
        )


@tagged("post_install", "-at_install")
class TestFollowupAccessAndInput(FollowupCase):
    def test_record_rules(self):
        mine = self.Followup.create(
            {"partner_id": self.customer.id, "user_id": self.rep.id}
        )
        # planned by the other rep, but on a customer the rep owns
        on_my_customer = self.Followup.create(
            {"partner_id": self.customer.id, "user_id": self.other_rep.id}
        )
        theirs = self.Followup.create(
            {"partner_id": self.other_customer.id, "user_id": self.other_rep.id}
        )
        visible = self.Followup.with_user(self.rep).search([])
        self.assertEqual(visible, mine | on_my_customer)
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep).read(["outcome"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep).write({"outcome": "hijacked"})
        self.assertEqual(
            self.Followup.with_user(self.manager).search([]) & (mine | theirs),
            mine | theirs,
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.rep).unlink()
        with self.assertRaises(AccessError):
            self.Followup.with_user(self.accountant).search([])

    def test_bad_input(self):
        self.other_customer.action_archive()
        with (
            self.assertRaisesRegex(ValidationError, "archived"),
            self.env.cr.savepoint(),
        ):
            self.Followup.create(
                {"partner_id": self.other_customer.id, "user_id": self.other_rep.id}
            )
        with (
            self.assertRaisesRegex(ValidationError, "cannot take follow-ups"),
            self.env.cr.savepoint(),
        ):
            self.Followup.create(
                {"partner_id": self.customer.id, "user_id": self.accountant.id}
            )
        with (
            self.assertRaisesRegex(ValidationError, "a year ahead"),
            self.env.cr.savepoint(),
        ):
            self.Followup.create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.rep.id,
                    "planned_datetime": datetime.now() + timedelta(days=400),
                }
            )
        self.assertFalse(self.Followup.search([("partner_id", "=", self.customer.id)]))
