from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import care_calendar
from .common import CustomerMaintenanceCase


class TestLunarCalendar(CustomerMaintenanceCase):
    def test_known_conversion(self):
        # lunar 2027-01-01 is the Spring Festival of 2027
        self.assertEqual(care_calendar.lunar_birthday(2027, 1, 1), date(2027, 2, 6))
        self.assertEqual(care_calendar.lunar_birthday(2029, 8, 15), date(2029, 9, 22))

    def test_leap_month(self):
        # 2025 has a leap sixth month; 2026 has none
        self.assertEqual(
            care_calendar.lunar_birthday(2025, 6, 10, True), date(2025, 8, 3)
        )
        self.assertEqual(care_calendar.lunar_birthday(2025, 6, 10), date(2025, 7, 4))
        # without the leap month: the ordinary sixth month
        self.assertEqual(
            care_calendar.lunar_birthday(2026, 6, 10, True), date(2026, 7, 23)
        )
        self.assertEqual(care_calendar.lunar_birthday(2026, 6, 10), date(2026, 7, 23))

    def test_thirtieth_in_a_month_of_29_days(self):
        # the third month of 2027 has 29 days, that of 2026 has 30
        self.assertEqual(care_calendar.lunar_birthday(2027, 3, 30), date(2027, 5, 5))
        self.assertEqual(care_calendar.lunar_birthday(2026, 3, 30), date(2026, 5, 16))
        # the leap sixth month of 2025 has 29 days too
        self.assertEqual(
            care_calendar.lunar_birthday(2025, 6, 30, True), date(2025, 8, 22)
        )
        self.assertIn(
            (6, 30, True), care_calendar.lunar_birthdays_on(date(2025, 8, 22))
        )

    def test_every_birthday_is_found_on_its_day(self):
        """The SQL looks the birthdays up by the reverse of the conversion."""
        for year in (2025, 2027, 2033):
            for month in range(1, 13):
                for day in range(1, 31):
                    for leap in (False, True):
                        solar = care_calendar.lunar_birthday(year, month, day, leap)
                        self.assertIn(
                            (month, day, leap), care_calendar.lunar_birthdays_on(solar)
                        )


@tagged("post_install", "-at_install")
class TestLunarBirthdayGreeting(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["customer.care.occasion"]
        cls.birthday = cls.env.ref("customer_maintenance.care_occasion_birthday")
        (cls.Occasion.search([]) - cls.birthday).active = False
        cls.env["res.partner"].search([("customer_rank", ">", 0)]).customer_rank = 0
        cls.guest = cls.env["res.partner"].create(
            {
                "name": "Zhou Min",
                "email": "zhou.min@example.com",
                "customer_rank": 1,
                "tz": "UTC",
                "tier": "c",
                "birthdate_date": date(1980, 3, 5),
                "birthday_calendar": "lunar",
                "lunar_birth_month": 8,
                "lunar_birth_day": 15,
            }
        )

    def _logs(self):
        return self.env["customer.care.log"].search(
            [("partner_id", "=", self.guest.id)]
        )

    def test_greeted_on_the_lunar_date_once(self):
        with freeze_time(datetime(2029, 3, 5, 9)):  # the Gregorian birthday
            self.Occasion._cron_send_greetings()
        self.assertFalse(self._logs())
        with freeze_time(datetime(2029, 9, 22, 9)):
            self.Occasion._cron_send_greetings()
            self.Occasion._cron_send_greetings()
        with freeze_time(datetime(2029, 9, 22, 20)):
            self.Occasion._cron_send_greetings()
        log = self._logs()
        self.assertEqual((log.date, log.period), (date(2029, 9, 22), "2029"))
        greetings = self.guest.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(len(greetings), 1)

    def test_leap_month_birthday_without_leap_month(self):
        self.guest.write(
            {"lunar_birth_month": 6, "lunar_birth_day": 30, "lunar_birth_leap": True}
        )
        with freeze_time(datetime(2025, 8, 22, 9)):  # leap 6/29: the month has 29 days
            self.Occasion._cron_send_greetings()
        with freeze_time(datetime(2026, 8, 12, 9)):  # 2026: no leap month, 6/30
            self.Occasion._cron_send_greetings()
        self.assertEqual(
            self._logs().mapped("date"), [date(2026, 8, 12), date(2025, 8, 22)]
        )

    def test_date_this_year(self):
        with freeze_time("2029-06-01"):
            self.guest.invalidate_recordset(["lunar_birthday_date"])
            self.assertEqual(self.guest.lunar_birthday_date, date(2029, 9, 22))
        self.guest.birthday_calendar = "gregorian"
        self.assertFalse(self.guest.lunar_birthday_date)

    def test_month_and_day_are_checked(self):
        with self.assertRaises(ValidationError):
            self.guest.lunar_birth_month = 13
        with self.assertRaises(ValidationError):
            self.guest.lunar_birth_day = 31

    def test_lunar_date_from_the_date_of_birth(self):
        partner = self.env["res.partner"].new(
            {"birthdate_date": date(1990, 1, 27), "birthday_calendar": "lunar"}
        )
        partner._onchange_lunar_birthday_from_birthdate()
        self.assertEqual((partner.lunar_birth_month, partner.lunar_birth_day), (1, 1))
