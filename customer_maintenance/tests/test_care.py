from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class TestCareGreetings(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["customer.care.occasion"]
        cls.birthday = cls.env.ref("customer_maintenance.care_occasion_birthday")
        cls.spring = cls.env.ref("customer_maintenance.care_occasion_spring_festival")
        cls.Occasion.search([]).filtered(
            lambda o: o not in cls.birthday | cls.spring
        ).active = False
        cls.env["res.partner"].search([("customer_rank", ">", 0)]).customer_rank = 0
        cls.guest = cls.env["res.partner"].create(
            {
                "name": "Wang Fang",
                "email": "wang.fang@example.com",
                "customer_rank": 1,
                "birthdate_date": date(1985, 3, 5),
                "country_id": cls.env.ref("base.cn").id,
                "tz": "UTC",
                "tier": "c",
                "maintenance_user_id": cls.rep.id,
            }
        )

    def _greetings(self, partner):
        return partner.message_ids.filtered(lambda m: m.message_type == "comment")

    def test_birthday_once_and_rerun(self):
        with freeze_time(datetime(2026, 3, 4, 9)):
            self.Occasion._cron_send_greetings()
            self.assertFalse(self._greetings(self.guest))
        with freeze_time(datetime(2026, 3, 5, 9)):
            self.Occasion._cron_send_greetings()
            self.Occasion._cron_send_greetings()
        with freeze_time(datetime(2026, 3, 5, 18)):
            self.Occasion._cron_send_greetings()
        greetings = self._greetings(self.guest)
        self.assertEqual(len(greetings), 1)
        self.assertIn("Happy birthday", greetings.subject)
        self.assertIn(self.guest, greetings.partner_ids)
        log = self.env["customer.care.log"].search([("partner_id", "=", self.guest.id)])
        self.assertEqual((log.period, log.channel), ("2026", "email"))

    def test_tier_a_gets_a_call_from_the_owner(self):
        self.guest.tier = "a"
        with freeze_time(datetime(2026, 3, 5, 9)):
            self.Occasion._cron_send_greetings()
        self.assertFalse(self._greetings(self.guest))
        activity = self.guest.activity_ids
        self.assertEqual(activity.user_id, self.rep)
        self.assertEqual(activity.summary, "Birthday")

    def test_holiday_dates_and_opt_out(self):
        quiet = self.guest.copy(
            {"name": "Quiet", "care_opt_out": True, "customer_rank": 1}
        )
        with freeze_time(datetime(2026, 2, 17, 10)):
            self.Occasion._cron_send_greetings()
            self.Occasion._cron_send_greetings()
        self.assertEqual(len(self._greetings(self.guest)), 1)
        self.assertFalse(self._greetings(quiet))
        # the next year the festival falls on another day
        with freeze_time(datetime(2027, 2, 17, 10)):
            self.Occasion._cron_send_greetings()
        self.assertEqual(len(self._greetings(self.guest)), 1)
        with freeze_time(datetime(2027, 2, 6, 10)):
            self.Occasion._cron_send_greetings()
        self.assertEqual(len(self._greetings(self.guest)), 2)

    def test_customer_time_zone(self):
        self.guest.tz = "America/New_York"
        with freeze_time(datetime(2026, 3, 5, 9)):  # 04:00 in New York
            self.Occasion._cron_send_greetings()
            self.assertFalse(self._greetings(self.guest))
        with freeze_time(datetime(2026, 3, 5, 14)):  # 09:00 in New York
            self.Occasion._cron_send_greetings()
            self.assertEqual(len(self._greetings(self.guest)), 1)
        self.guest.copy(
            {
                "name": "Shanghai",
                "tz": "Asia/Shanghai",
                "birthdate_date": "1990-03-06",
                "customer_rank": 1,
            }
        )
        shanghai = self.env["res.partner"].search([("name", "=", "Shanghai")])
        with freeze_time(datetime(2026, 3, 6, 1)):  # 09:00 in Shanghai
            self.Occasion._cron_send_greetings()
        self.assertEqual(len(self._greetings(shanghai)), 1)

    def test_leap_day_birthday(self):
        self.guest.birthdate_date = date(1996, 2, 29)
        with freeze_time(datetime(2027, 2, 28, 9)):
            self.Occasion._cron_send_greetings()
        self.assertEqual(len(self._greetings(self.guest)), 1)

    def test_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_maintenance"], ["zh_CN"], overwrite=True
        )
        self.guest.lang = "zh_CN"
        with freeze_time(datetime(2026, 3, 5, 9)):
            self.Occasion._cron_send_greetings()
        greeting = self._greetings(self.guest)
        self.assertIn("生日快乐", greeting.subject)
        self.assertIn("生日快乐", str(greeting.body))

    def test_a_greeting_is_recorded_once(self):
        values = {
            "partner_id": self.guest.id,
            "occasion_id": self.birthday.id,
            "period": "2026",
            "date": date(2026, 3, 5),
            "channel": "email",
        }
        self.env["customer.care.log"].create(values)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env["customer.care.log"].create(values)

    def test_members_day_once_a_month(self):
        members = self.env.ref("customer_maintenance.care_occasion_members_day")
        members.active = True
        for day in (7, 8, 8, 9):
            with freeze_time(datetime(2026, 4, day, 10)):
                members._send()
        with freeze_time(datetime(2026, 5, 8, 10)):
            members._send()
        logs = self.env["customer.care.log"].search(
            [("partner_id", "=", self.guest.id), ("occasion_id", "=", members.id)]
        )
        self.assertEqual(sorted(logs.mapped("period")), ["2026-04", "2026-05"])
