import logging
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import care_calendar

_logger = logging.getLogger(__name__)


class CustomerCareOccasion(models.Model):
    """Holidays: a holiday of the holidays library (or a fixed date), for the
    customers of chosen countries, in any year."""

    _inherit = "customer.care.occasion"

    # Holidays
    holiday_source = fields.Selection(
        [("calendar", "Public Holiday"), ("fixed", "Fixed Date")],
        string="Date From",
        default="calendar",
        help="Public Holiday: the date of the holiday in each customer's country "
        "and year, from the holidays library. Fixed Date: the same day every year.",
    )
    holiday_name = fields.Char(
        string="Holiday",
        help="The holiday's English name as the holidays library gives it, e.g. "
        '"Chinese New Year", "Mid-Autumn Festival", "National Day", "Christmas '
        'Day". It also matches the name followed by a note in brackets, such as '
        '"Chinese New Year (Spring Festival)". Separate several names with ";".',
    )
    holiday_month = fields.Integer(string="Month")
    holiday_day = fields.Integer(string="Day")
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Greet the customers of these countries (a customer without a "
        "country counts in its company's country). Empty: every country.",
    )
    next_dates = fields.Text(
        compute="_compute_next_dates",
        help="The holiday's dates this year and next, per country.",
    )

    @api.depends(
        "kind", "holiday_source", "holiday_name", "holiday_month", "holiday_day"
    )
    @api.depends_context("company")
    def _compute_next_dates(self):
        year = fields.Date.context_today(self).year
        for occasion in self:
            lines = []
            if occasion.kind == "holiday" and occasion.holiday_source == "calendar":
                countries = occasion.country_ids or self.env.company.country_id
                keys = care_calendar.holiday_keys(occasion.holiday_name)
                for country in countries:
                    # greeted once a year: on the holiday's first day
                    days = [
                        dates[0]
                        for y in (year, year + 1)
                        if (dates := care_calendar.holiday_dates(country.code, y, keys))
                    ]
                    listed = ", ".join(fields.Date.to_string(d) for d in days)
                    lines.append(f"{country.name}: {listed or '-'}")
            occasion.next_dates = "\n".join(lines)

    @api.constrains(
        "kind", "holiday_source", "holiday_name", "holiday_month", "holiday_day"
    )
    def _check_holiday(self):
        year = fields.Date.context_today(self).year
        for occasion in self.filtered(lambda o: o.kind == "holiday"):
            if occasion.holiday_source == "fixed":
                try:
                    date(2024, occasion.holiday_month, occasion.holiday_day)
                except ValueError:
                    raise ValidationError(
                        self.env._("%s: this month and day is no date.", occasion.name)
                    ) from None
                continue
            keys = care_calendar.holiday_keys(occasion.holiday_name)
            if not keys:
                raise ValidationError(
                    self.env._("%s: name the holiday.", occasion.name)
                )
            countries = occasion.country_ids or self.env.company.country_id
            if countries and not any(
                care_calendar.holiday_dates(country.code, y, keys)
                for country in countries
                for y in range(year, year + 3)
            ):
                raise ValidationError(
                    self.env._(
                        "%(occasion)s: none of %(countries)s has a holiday named "
                        "%(holiday)s. Use the English name the holidays library "
                        "gives, as in the occasion's help.",
                        occasion=occasion.name,
                        countries=", ".join(countries.mapped("name")),
                        holiday=occasion.holiday_name,
                    )
                )

    def _is_holiday_for(self, partner, day):
        """Whether the holiday falls on ``day`` in the customer's country (or
        the greeting company's country when the customer has none)."""
        self.ensure_one()
        country = partner.country_id or self.env.company.country_id
        if self.country_ids and country not in self.country_ids:
            return False
        if self.holiday_source == "fixed":
            return (day.month, day.day) == (self.holiday_month, self.holiday_day)
        keys = care_calendar.holiday_keys(self.holiday_name)
        return care_calendar.is_holiday(country.code, day, keys)

    def _holiday_countries(self, days):
        """The countries in which the holiday falls on one of ``days``."""
        self.ensure_one()
        countries = self.country_ids
        if not countries:
            self.env["res.partner"].flush_model(["country_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT DISTINCT country_id FROM res_partner"
                    " WHERE customer_rank > 0 AND country_id IS NOT NULL"
                )
            )
            countries = (
                self.env["res.country"].browse(row[0] for row in self.env.cr.fetchall())
                | self.env.company.country_id
            )
        if self.holiday_source == "fixed":
            falls = any(
                (d.month, d.day) == (self.holiday_month, self.holiday_day) for d in days
            )
            return countries if falls else countries.browse()
        keys = care_calendar.holiday_keys(self.holiday_name)
        return countries.filtered(
            lambda c: any(care_calendar.is_holiday(c.code, d, keys) for d in days)
        )

    @api.model
    def _migrate_holiday_dates(self, dates_by_occasion):
        """Turn holidays listed by hand per year (before 18.0.1.2.0) into the
        library's holiday that falls on all those dates, in the countries where
        it does; else a fixed date; else archive the occasion."""
        self.env["res.partner"].flush_model(["country_id"])
        self.env.cr.execute(
            "SELECT DISTINCT country_id FROM res_partner WHERE country_id IS NOT NULL"
        )
        countries = (
            self.env["res.country"].browse(r[0] for r in self.env.cr.fetchall())
            | self.env["res.company"].search([("active", "=", True)]).country_id
            | self.env["res.country"].search(
                [("code", "in", ["CN", "TW", "HK", "MO", "SG", "MY", "US"])]
            )
        )
        for occasion_id, days in dates_by_occasion.items():
            occasion = self.browse(occasion_id).exists()
            if occasion.kind != "holiday" or not days:
                continue
            name, codes = care_calendar.identify_holiday(days, countries.mapped("code"))
            month_days = {(day.month, day.day) for day in days}
            if name:
                occasion.write(
                    {
                        "holiday_source": "calendar",
                        "holiday_name": name,
                        "country_ids": [c.id for c in countries if c.code in codes],
                    }
                )
            elif len(month_days) == 1:
                ((month, day),) = month_days
                occasion.write(
                    {
                        "holiday_source": "fixed",
                        "holiday_month": month,
                        "holiday_day": day,
                    }
                )
            else:
                _logger.warning(
                    "Care occasion %s: its dates %s are no known holiday; archived.",
                    occasion.name,
                    days,
                )
                occasion.active = False
