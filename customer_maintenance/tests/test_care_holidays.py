from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class TestCareHolidays(CustomerMaintenanceCase):
    """Holidays come from the holidays library for any year, in each
    customer's country (the company's country when the customer has none)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["customer.care.occasion"]
        cls.spring = cls.env.ref("customer_maintenance.care_occasion_spring_festival")
        cls.mid_autumn = cls.env.ref("customer_maintenance.care_occasion_mid_autumn")
        cls.cn, cls.tw = cls.env.ref("base.cn"), cls.env.ref("base.tw")
        cls.national_day = cls.Occasion.create(
            {
                "name": "National Day",
                "kind": "holiday",
                "holiday_name": "National Day",
                "country_ids": [(6, 0, (cls.cn | cls.tw).ids)],
                "mail_template_id": cls.spring.mail_template_id.id,
            }
        )
        cls.Occasion.search([]).filtered(
            lambda o: o not in cls.spring | cls.mid_autumn | cls.national_day
        ).active = False
        cls.env["res.partner"].search([("customer_rank", ">", 0)]).customer_rank = 0
        cls.company.country_id = cls.tw
        Partner = cls.env["res.partner"]
        values = {"customer_rank": 1, "tz": "Asia/Shanghai", "tier": "c"}
        cls.beijing = Partner.create(
            dict(values, name="Li Na", email="li.na@example.com", country_id=cls.cn.id)
        )
        cls.taipei = Partner.create(
            dict(values, name="Chen Mei", email="chen@example.tw", country_id=cls.tw.id)
        )
        cls.nowhere = Partner.create(
            dict(values, name="No Country", email="nowhere@example.com")
        )

    def _greeted(self, partner, occasion):
        return self.env["customer.care.log"].search(
            [("partner_id", "=", partner.id), ("occasion_id", "=", occasion.id)]
        )

    def _run(self, day):
        with freeze_time(datetime(day.year, day.month, day.day, 2)):  # 10:00 local
            self.Occasion._cron_send_greetings()

    def test_lunar_festivals_in_2029_and_2035(self):
        """The hand-seeded dates stopped in 2028."""
        for spring, mid_autumn in (
            (date(2029, 2, 13), date(2029, 9, 22)),
            (date(2035, 2, 8), date(2035, 9, 16)),
        ):
            self._run(spring.replace(day=spring.day - 1))
            self.assertFalse(
                self._greeted(self.beijing, self.spring).filtered(
                    lambda log, y=spring.year: log.period == str(y)
                )
            )
            self._run(spring)
            self._run(mid_autumn)
            for partner in self.beijing | self.taipei:
                spring_log = self._greeted(partner, self.spring).filtered(
                    lambda log, y=spring.year: log.period == str(y)
                )
                self.assertEqual(spring_log.date, spring)
                autumn_log = self._greeted(partner, self.mid_autumn).filtered(
                    lambda log, y=spring.year: log.period == str(y)
                )
                self.assertEqual(autumn_log.date, mid_autumn)
            # the festival's second day greets nobody again
            self._run(spring.replace(day=spring.day + 1))
            self.assertEqual(
                len(self._greeted(self.beijing, self.spring)), 1 + (spring.year == 2035)
            )

    def test_each_customer_gets_its_own_countrys_holiday(self):
        self._run(date(2029, 10, 1))  # National Day in China
        self.assertTrue(self._greeted(self.beijing, self.national_day))
        self.assertFalse(self._greeted(self.taipei, self.national_day))
        self.assertFalse(self._greeted(self.nowhere, self.national_day))
        self._run(date(2029, 10, 10))  # Double Tenth, National Day in Taiwan
        self.assertEqual(
            self._greeted(self.taipei, self.national_day).date, date(2029, 10, 10)
        )
        # without a country, the company's country (Taiwan) counts
        self.assertEqual(
            self._greeted(self.nowhere, self.national_day).date, date(2029, 10, 10)
        )
        self.assertEqual(
            self._greeted(self.beijing, self.national_day).date, date(2029, 10, 1)
        )

    def test_occasion_of_other_countries_only(self):
        self.mid_autumn.country_ids = self.tw
        self._run(date(2029, 9, 22))
        self.assertTrue(self._greeted(self.taipei, self.mid_autumn))
        self.assertFalse(self._greeted(self.beijing, self.mid_autumn))

    def test_fixed_date(self):
        self.national_day.write(
            {"holiday_source": "fixed", "holiday_month": 5, "holiday_day": 20}
        )
        self._run(date(2031, 5, 20))
        self.assertTrue(self._greeted(self.beijing, self.national_day))
        with self.assertRaises(ValidationError):
            self.national_day.write({"holiday_month": 6, "holiday_day": 31})

    def test_unknown_holiday_name_is_refused(self):
        with self.assertRaises(ValidationError):
            self.national_day.holiday_name = "Spring Festival"

    def test_next_dates_are_shown(self):
        with freeze_time("2029-01-05"):
            self.spring.invalidate_recordset(["next_dates"])
            self.assertIn("2029-02-13", self.spring.next_dates)
            self.assertIn("2030-02-03", self.spring.next_dates)

    def test_migration_of_dates_listed_by_hand(self):
        occasions = self.Occasion.create(
            [
                {
                    "name": name,
                    "kind": "holiday",
                    "holiday_source": "fixed",
                    "holiday_month": 1,
                    "holiday_day": 1,
                    "mail_template_id": self.spring.mail_template_id.id,
                }
                for name in ("Spring", "Shop Day", "Odd")
            ]
        )
        spring, shop_day, odd = occasions
        self.Occasion._migrate_holiday_dates(
            {
                spring.id: [date(2026, 2, 17), date(2027, 2, 6), date(2028, 1, 26)],
                shop_day.id: [date(2026, 5, 20), date(2027, 5, 20)],
                odd.id: [date(2026, 5, 21), date(2027, 6, 3)],
            }
        )
        self.assertEqual(
            (spring.holiday_source, spring.holiday_name),
            ("calendar", "Chinese New Year"),
        )
        self.assertLessEqual(self.cn | self.tw, spring.country_ids)
        self.assertEqual(
            (shop_day.holiday_source, shop_day.holiday_month, shop_day.holiday_day),
            ("fixed", 5, 20),
        )
        self.assertFalse(odd.active)
