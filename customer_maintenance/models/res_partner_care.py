from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import care_calendar
from .res_partner import ResPartner as MaintenancePartner


class ResPartner(models.Model):
    """The partner side of care: a birthday counted in the Chinese lunar
    calendar (农历生日) and the Gregorian date it falls on this year."""

    _inherit = "res.partner"

    _MAINTENANCE_FIELDS = MaintenancePartner._MAINTENANCE_FIELDS | {
        "birthday_calendar",
        "lunar_birth_month",
        "lunar_birth_day",
        "lunar_birth_leap",
    }

    birthday_calendar = fields.Selection(
        [("gregorian", "Gregorian"), ("lunar", "Chinese Lunar")],
        default="gregorian",
        help="Chinese Lunar: the birthday is greeted on the lunar month and day "
        "of birth, which fall on another Gregorian date every year.",
    )
    lunar_birth_month = fields.Integer(string="Lunar Month")
    lunar_birth_day = fields.Integer(string="Lunar Day")
    lunar_birth_leap = fields.Boolean(
        string="Leap Month",
        help="Born in a leap month (闰月). In the years without that leap month "
        "the birthday is celebrated in the ordinary month of that number; a 30th "
        "is celebrated on the 29th in a month of 29 days.",
    )
    lunar_birthday_date = fields.Date(
        string="Lunar Birthday This Year",
        compute="_compute_lunar_birthday_date",
        help="The Gregorian date of the lunar birthday in the current year.",
    )

    @api.depends(
        "birthday_calendar", "lunar_birth_month", "lunar_birth_day", "lunar_birth_leap"
    )
    @api.depends_context("tz")
    def _compute_lunar_birthday_date(self):
        year = fields.Date.context_today(self).year
        for partner in self:
            partner.lunar_birthday_date = (
                partner._has_lunar_birthday()
                and care_calendar.lunar_birthday_in_year(
                    year,
                    partner.lunar_birth_month,
                    partner.lunar_birth_day,
                    partner.lunar_birth_leap,
                )
            ) or False

    @api.constrains(
        "birthday_calendar", "lunar_birth_month", "lunar_birth_day", "lunar_birth_leap"
    )
    def _check_lunar_birthday(self):
        for partner in self.filtered(lambda p: p.birthday_calendar == "lunar"):
            if not (
                1 <= partner.lunar_birth_month <= 12
                and 1 <= partner.lunar_birth_day <= 30
            ):
                raise ValidationError(
                    self.env._(
                        "%s: a lunar birthday needs a month from 1 to 12 and a day "
                        "from 1 to 30.",
                        partner.display_name,
                    )
                )

    @api.onchange("birthday_calendar", "birthdate_date")
    def _onchange_lunar_birthday_from_birthdate(self):
        """Choosing the lunar calendar fills the lunar month and day from the
        date of birth when it is known."""
        if (
            self.birthday_calendar == "lunar"
            and self.birthdate_date
            and not self.lunar_birth_month
        ):
            lunar = care_calendar.solar_to_lunar(self.birthdate_date)
            if lunar:
                _year, month, day, leap = lunar
                self.lunar_birth_month = month
                self.lunar_birth_day = day
                self.lunar_birth_leap = leap

    def _has_lunar_birthday(self):
        self.ensure_one()
        return bool(
            self.birthday_calendar == "lunar"
            and self.lunar_birth_month
            and self.lunar_birth_day
        )

    def _lunar_birthday_in_lunar_year_of(self, day):
        """The Gregorian date of the lunar birthday in the lunar year of ``day``."""
        self.ensure_one()
        if not self._has_lunar_birthday():
            return None
        return care_calendar.lunar_birthday(
            care_calendar.lunar_year_of(day),
            self.lunar_birth_month,
            self.lunar_birth_day,
            self.lunar_birth_leap,
        )
