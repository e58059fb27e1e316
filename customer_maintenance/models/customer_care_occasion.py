from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import care_calendar

GREETING_HOUR = 8  # local hour from which greetings are sent


class CustomerCareOccasion(models.Model):
    """A reason to greet customers: their birthday, a holiday, the anniversary
    of their first invoice, the monthly members' day."""

    _name = "customer.care.occasion"
    _description = "Customer Care Occasion"
    _order = "sequence, id"

    _GREETING_BATCH = 500  # greetings per scheduled call

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [
            ("birthday", "Birthday"),
            ("holiday", "Holiday"),
            ("anniversary", "Customer Anniversary"),
            ("members_day", "Monthly Members' Day"),
        ],
        required=True,
        default="holiday",
    )
    members_day = fields.Integer(
        string="Day of the Month", default=1, help="For the monthly members' day."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'res.partner')]",
        required=True,
        help="Sent to B and C customers, in the customer's language.",
    )
    activity_tiers = fields.Char(
        string="Call Tiers",
        default="a",
        help="Customers of these tiers get a call from their owner (an activity) "
        "instead of an e-mail.",
    )

    @api.constrains("members_day")
    def _check_members_day(self):
        for occasion in self:
            if occasion.kind == "members_day" and not 1 <= occasion.members_day <= 28:
                raise ValidationError(
                    self.env._("The members' day is a day between 1 and 28.")
                )

    # ------------------------------------------------------------------
    # Who is due
    # ------------------------------------------------------------------

    def _period(self, day, partner=None):
        """The period in which the occasion is sent once: the month for the
        members' day, the lunar year for a lunar birthday, else the year."""
        self.ensure_one()
        if self.kind == "members_day":
            return day.strftime("%Y-%m")
        if self.kind == "birthday" and partner and partner.birthday_calendar == "lunar":
            return str(care_calendar.lunar_year_of(day))
        return str(day.year)

    def _is_due(self, partner, day):
        """Whether ``partner`` celebrates this occasion on its local ``day``."""
        self.ensure_one()
        if self.kind == "members_day":
            return day.day == self.members_day
        if self.kind == "holiday":
            return self._is_holiday_for(partner, day)
        if self.kind == "birthday" and partner.birthday_calendar == "lunar":
            return partner._lunar_birthday_in_lunar_year_of(day) == day
        ref = (
            partner.birthdate_date
            if self.kind == "birthday"
            else partner.customer_since
        )
        if not ref or (self.kind == "anniversary" and ref.year >= day.year):
            return False
        if (ref.month, ref.day) == (2, 29) and day.month == 2 and day.day == 28:
            return not _is_leap(day.year)
        return (ref.month, ref.day) == (day.month, day.day)

    def _due_conditions(self, days):
        """[(SQL condition on ``partner``, periods)] of the customers who may
        celebrate on one of ``days``; each condition with its own periods."""
        self.ensure_one()
        years = sorted({str(day.year) for day in days})
        if self.kind == "birthday":
            lunar = set().union(*(care_calendar.lunar_birthdays_on(d) for d in days))
            conditions = [
                (
                    SQL(
                        "partner.birthday_calendar IS DISTINCT FROM 'lunar' AND %s",
                        self._same_day_sql("partner.birthdate_date", days),
                    ),
                    years,
                )
            ]
            if lunar:
                conditions.append(
                    (
                        SQL(
                            "partner.birthday_calendar = 'lunar' AND ("
                            "partner.lunar_birth_month, partner.lunar_birth_day,"
                            " COALESCE(partner.lunar_birth_leap, FALSE)) IN %s",
                            tuple(sorted(lunar)),
                        ),
                        sorted({str(care_calendar.lunar_year_of(d)) for d in days}),
                    )
                )
            return conditions
        if self.kind == "anniversary":
            return [(self._same_day_sql("partner.customer_since", days), years)]
        if self.kind == "members_day":
            if all(day.day != self.members_day for day in days):
                return []
            return [(SQL("TRUE"), sorted({self._period(day) for day in days}))]
        countries = self._holiday_countries(days)
        if not countries:
            return []
        return [
            (
                SQL(
                    "COALESCE(partner.country_id, %s) = ANY(%s)",
                    self.env.company.country_id.id,
                    countries.ids,
                ),
                years,
            )
        ]

    def _candidates(self, now):
        """Customers of the current company (or shared) who may celebrate
        today somewhere on Earth (three UTC days around now), not opted out,
        not greeted for this period yet."""
        self.ensure_one()
        days = [(now + timedelta(days=delta)).date() for delta in (-1, 0, 1)]
        conditions = self._due_conditions(days)
        if not conditions:
            return self.env["res.partner"]
        due = SQL(" OR ").join(
            SQL(
                """(%(condition)s AND NOT EXISTS (
                        SELECT 1 FROM customer_care_log log
                         WHERE log.partner_id = partner.id
                           AND log.occasion_id = %(occasion)s
                           AND log.period = ANY(%(periods)s)))""",
                condition=condition,
                occasion=self.id,
                periods=periods,
            )
            for condition, periods in conditions
        )
        self.env["res.partner"].flush_model()
        self.env["customer.care.log"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id
                  FROM res_partner partner
                 WHERE partner.active
                   AND partner.id = partner.commercial_partner_id
                   AND partner.customer_rank > 0
                   AND partner.care_opt_out IS NOT TRUE
                   AND (partner.company_id IS NULL OR partner.company_id = %(company)s)
                   AND (%(due)s)
                 ORDER BY partner.id
                """,
                company=self.env.company.id,
                due=due,
            )
        )
        return self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _same_day_sql(self, column, days):
        return SQL(
            "(EXTRACT(MONTH FROM %(column)s), EXTRACT(DAY FROM %(column)s))"
            " IN %(days)s",
            column=SQL(column),
            days=tuple({(d.month, d.day) for d in days} | _feb_29_for(days)),
        )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _due_greetings(self, now, limit=None):
        """[(occasion, partner, local day)] due now in the current company,
        at most ``limit``."""
        due = []
        for occasion in self:
            for partner in occasion._candidates(now):
                local_now = _local_time(now, partner.tz)
                # greetings leave in the customer's morning, not at midnight
                if local_now.hour < GREETING_HOUR:
                    continue
                day = local_now.date()
                if occasion._is_due(partner, day) and occasion._can_greet(partner):
                    due.append((occasion, partner, day))
                    if limit and len(due) >= limit:
                        return due
        return due

    def _send(self, now=None):
        """Greet the customers due now, in every company, each once per period."""
        now = now or datetime.now()
        sent = self.env["customer.care.log"]
        for company in self.env["res.company"].search([("active", "=", True)]):
            occasions = self.with_company(company)
            for occasion, partner, day in occasions._due_greetings(now):
                sent |= occasion._greet(partner, day)
        return sent

    def _can_greet(self, partner):
        return bool(self._use_activity(partner) or partner.email)

    def _use_activity(self, partner):
        tier = (partner.tier or "c").lower()
        return tier in (self.activity_tiers or "") and partner.maintenance_user_id

    def _greet(self, partner, day):
        """Log first (a unique period per customer keeps it to one), then call
        or e-mail, in the customer's language."""
        self.ensure_one()
        use_activity = self._use_activity(partner)
        if not use_activity and not partner.email:
            return self.env["customer.care.log"]
        log = self.env["customer.care.log"].create(
            {
                "partner_id": partner.id,
                "occasion_id": self.id,
                "period": self._period(day, partner),
                "date": day,
                "channel": "activity" if use_activity else "email",
            }
        )
        partner = partner.with_context(lang=partner.lang or self.env.lang)
        if use_activity:
            partner.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=day,
                summary=self.with_context(lang=partner.env.lang).name,
                user_id=partner.maintenance_user_id.id,
            )
        else:
            partner.message_post_with_source(
                self.mail_template_id,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
                partner_ids=partner.ids,
            )
        return log

    @api.model
    def _cron_send_greetings(self, now=None):
        """One bounded batch of one company per call, as the nightly
        recomputations do (``customer.company.policy``): Odoo's cron commits
        after each call and calls again while some remain. The batch is the
        first company with greetings due, at most ``_GREETING_BATCH`` of them;
        a crash loses that batch only, and the next call finds the greetings
        still due (the logs say which were sent), so nothing is sent twice."""
        now = now or datetime.now()
        occasions = self.sudo().search([("active", "=", True)])  # every company
        companies = occasions.env["res.company"].search(
            [("active", "=", True)], order="id"
        )
        for index, company in enumerate(companies):  # noqa: B007
            batch = occasions.with_company(company)._due_greetings(
                now, limit=self._GREETING_BATCH + 1
            )
            if batch:
                break
        else:
            return
        for occasion, partner, day in batch[: self._GREETING_BATCH]:
            occasion._greet(partner.with_company(company), day)
        more_here = len(batch) > self._GREETING_BATCH
        self.env["ir.cron"]._notify_progress(
            done=min(len(batch), self._GREETING_BATCH),
            remaining=int(more_here) + len(companies) - index - 1,
        )


def _local_time(now, tz):
    try:
        zone = pytz.timezone(tz or "UTC")
    except pytz.UnknownTimeZoneError:
        zone = pytz.utc
    return pytz.utc.localize(now).astimezone(zone)


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _feb_29_for(days):
    """Feb 29 birthdays are celebrated on Feb 28 in common years."""
    return {
        (2, 29) for d in days if (d.month, d.day) == (2, 28) and not _is_leap(d.year)
    }
