from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import CustomerMaintenanceCase

TODAY = date(2026, 3, 2)


@tagged("post_install", "-at_install")
class ScheduleCase(CustomerMaintenanceCase):
    """A customer shared by two companies, tier A in the first and C in the
    second, followed up by a rep of both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sequence = 1  # the daily run takes companies in this order
        cls.company2 = cls.env["res.company"].create(
            {"name": "Second Co", "sequence": 2}
        )
        cls.both = new_test_user(
            cls.env,
            "cm_schedule_rep",
            groups="customer_maintenance.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company2).ids)],
        )
        Policy = cls.env["customer.tier.policy"]
        cls.policy = Policy._get_for_company(cls.company)
        cls.policy2 = Policy._get_for_company(cls.company2)
        cls.shared = cls.env["res.partner"].create(
            {
                "name": "Shared Customer",
                "is_company": True,
                "customer_rank": 1,
                "maintenance_user_id": cls.both.id,
            }
        )
        cls.shared_contact = cls.env["res.partner"].create(
            {"name": "Its Contact", "parent_id": cls.shared.id}
        )
        cls.shared.with_company(cls.company).tier = "a"
        cls.shared.with_company(cls.company2).tier = "c"

    def _done(self, company, day):
        followup = (
            self.env["customer.followup"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.shared.id,
                    "user_id": self.both.id,
                    "company_id": company.id,
                    "planned_datetime": day,
                    "outcome": "Called",
                    "done_date": day,
                }
            )
        )
        followup.action_done()
        return followup

    def _schedule(self, partner, company):
        partner = partner.with_company(company)
        return (
            partner.last_followup_date,
            partner.next_followup_date,
            partner.followup_status,
        )


class TestSchedulePerCompany(ScheduleCase):
    @freeze_time(TODAY)
    def test_two_companies_two_schedules(self):
        self._done(self.company, TODAY - timedelta(days=10))
        self._done(self.company2, TODAY - timedelta(days=3))
        first = (TODAY - timedelta(days=10), TODAY - timedelta(days=3), "overdue")
        second = (TODAY - timedelta(days=3), TODAY + timedelta(days=27), "on_track")
        for partner in (self.shared, self.shared_contact):
            self.assertEqual(self._schedule(partner, self.company), first)
            self.assertEqual(self._schedule(partner, self.company2), second)
        self.assertEqual(
            self.shared.with_company(self.company).followup_days_overdue, 3
        )
        self.assertEqual(
            self.shared.with_company(self.company2).followup_days_overdue, 0
        )
        # the next follow-up is planned in each company at its own pace
        Followup = self.env["customer.followup"]
        planned = Followup.search(
            [("partner_id", "=", self.shared.id), ("state", "=", "planned")]
        )
        self.assertEqual(
            {(f.company_id, f.planned_date) for f in planned},
            {(self.company, TODAY), (self.company2, TODAY + timedelta(days=27))},
        )

    @freeze_time(TODAY)
    def test_recompute_now_and_manual_tier_refresh_at_once(self):
        self._done(self.company, TODAY - timedelta(days=5))
        self.assertEqual(
            self.shared.with_company(self.company).next_followup_date,
            TODAY + timedelta(days=2),
        )
        # no revenue: Recompute Now makes it C, the schedule follows at once
        self.policy.with_user(self.manager).action_recompute()
        shared = self.shared.with_company(self.company)
        self.assertEqual(shared.tier, "c")
        self.assertEqual(
            self._schedule(shared, self.company)[1:],
            (TODAY + timedelta(days=25), "on_track"),
        )
        # a manager sets B by hand
        shared.with_user(self.manager).write({"tier": "b"})
        self.assertEqual(
            self._schedule(shared, self.company)[1:],
            (TODAY + timedelta(days=10), "on_track"),
        )
        # the other company is untouched
        self.assertEqual(
            self._schedule(self.shared, self.company2),
            (False, False, "due_soon"),
        )

    @freeze_time(TODAY)
    def test_search_and_group_by_company(self):
        self._done(self.company, TODAY - timedelta(days=10))
        self._done(self.company2, TODAY - timedelta(days=3))
        Partner = self.env["res.partner"]
        domain = [("id", "in", [self.shared.id, self.shared_contact.id])]
        for company, status in ((self.company, "overdue"), (self.company2, "on_track")):
            in_company = Partner.with_company(company)
            self.assertEqual(
                in_company.search([*domain, ("followup_status", "=", status)]),
                self.shared | self.shared_contact,
            )
            self.assertEqual(
                in_company._read_group(domain, ["followup_status"], ["__count"]),
                [(status, 2)],
            )
        self.assertEqual(
            Partner.with_company(self.company2).search(
                [*domain, ("next_followup_date", "<=", TODAY + timedelta(days=7))]
            ),
            Partner,
        )

    def test_cadence_shows_what_applies(self):
        shared = self.shared.with_company(self.company2)
        self.assertEqual(shared.followup_cadence, 30)  # tier C there
        self.assertEqual(self.shared.with_company(self.company).followup_cadence, 7)
        with Form(shared.with_user(self.both)) as form:
            self.assertEqual(form.followup_cadence, 30)
            form.followup_cadence = 10
        self.assertEqual(shared.followup_interval, 10)
        self.assertEqual(self.shared.with_company(self.company).followup_cadence, 10)
        # the tier's frequency again: no own frequency any more
        shared.with_user(self.both).followup_cadence = 30
        self.assertEqual(shared.followup_interval, 0)
        self.assertEqual(self.shared.with_company(self.company).followup_cadence, 7)


class TestDailyRunResumes(ScheduleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {
                    "name": f"Customer of {company.name}",
                    "customer_rank": 1,
                    "company_id": company.id,
                    "maintenance_user_id": cls.both.id,
                }
                for company in (cls.company, cls.company2)
            ]
        )
        # other companies of the database are done for the day
        Policy = cls.env["customer.tier.policy"]
        others = cls.env["res.company"].search([]) - cls.company - cls.company2
        for company in others:
            Policy._get_for_company(company).followup_run_date = TODAY

    @freeze_time(TODAY)
    def test_failure_in_second_company_keeps_the_first(self):
        Followup = self.env["customer.followup"]
        Partner = type(self.env["res.partner"])
        plan = Partner._plan_due_followups
        company2 = self.company2

        def fail_in_second_company(partners, policy):
            if policy.company_id == company2:
                raise RuntimeError("crash in the second company")
            return plan(partners, policy)

        progress = []
        with (
            patch.object(Partner, "_plan_due_followups", fail_in_second_company),
            patch.object(
                type(self.env["ir.cron"]),
                "_notify_progress",
                lambda cron, **kwargs: progress.append(kwargs),
            ),
        ):
            Followup._cron_daily()
            # Odoo commits after each call: the failing call loses its own work
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                Followup._cron_daily()
        self.assertEqual(progress, [{"done": 1, "remaining": 1}])
        planned = Followup.search([("partner_id", "in", self.customers.ids)])
        self.assertEqual(planned.partner_id, self.customers[0])
        self.assertEqual(self.policy.followup_run_date, TODAY)
        self.assertFalse(self.policy2.followup_run_date)
        # the rerun does the second company only, and nothing twice after
        Followup._cron_daily()
        Followup._cron_daily()
        planned = Followup.search([("partner_id", "in", self.customers.ids)])
        self.assertEqual(
            sorted((f.partner_id.id, f.company_id.id) for f in planned),
            [
                (self.customers[0].id, self.company.id),
                (self.customers[1].id, company2.id),
            ],
        )
        self.assertEqual(self.policy2.followup_run_date, TODAY)

    def test_scheduled_actions_are_noupdate(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "customer_maintenance"), ("model", "=", "ir.cron")]
        )
        self.assertTrue(data)
        self.assertTrue(all(data.mapped("noupdate")))


class TestPlanningInSql(ScheduleCase):
    @freeze_time("2026-03-29 12:00")  # the day Europe moves its clocks
    def test_sql_planning_stores_what_the_orm_stores(self):
        """The nightly planning creates its follow-ups, activities and
        followers in SQL: the same records as Plan Follow-up through the ORM."""
        self.both.tz = "Europe/Paris"
        Partner = self.env["res.partner"]
        twins = Partner.create(
            [
                {
                    "name": "Twin",
                    "customer_rank": 1,
                    "company_id": self.company.id,
                    "maintenance_user_id": self.both.id,
                }
            ]
            * 2
        )
        twins.with_company(self.company).tier = "b"
        orm = twins[0].with_company(self.company)._plan_next_followup()
        sql = Partner.with_company(self.company)._plan_due_followups(self.policy)
        sql = sql.filtered(lambda f: f.partner_id == twins[1])
        self.assertEqual(len(sql), 1)
        fields = [
            "name",
            "user_id",
            "company_id",
            "kind",
            "planned_datetime",
            "planned_date",
            "state",
            "purpose",
        ]
        sql.invalidate_recordset()
        self.assertEqual(
            sql.read(fields)[0] | {"id": 0}, orm.read(fields)[0] | {"id": 0}
        )
        self.assertEqual(str(sql.planned_datetime), "2026-03-29 07:00:00")
        activity_fields = [
            "res_model",
            "res_name",
            "activity_type_id",
            "summary",
            "note",
            "user_id",
            "user_tz",
            "date_deadline",
        ]
        self.assertEqual(
            sql.activity_ids.read(activity_fields)[0] | {"id": 0},
            orm.activity_ids.read(activity_fields)[0] | {"id": 0},
        )
        for followup in sql | orm:
            self.assertEqual(
                followup.message_follower_ids.partner_id, self.both.partner_id
            )
        self.assertEqual(
            sql.message_follower_ids.subtype_ids, orm.message_follower_ids.subtype_ids
        )
