from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

GREETING_HOUR = 8  # local hour from which greetings are sent


class CustomerCareOccasion(models.Model):
    """A reason to greet customers: their birthday, a holiday, the anniversary
    of their first invoice, the monthly members' day."""

    _name = "customer.care.occasion"
    _description = "Customer Care Occasion"
    _order = "sequence, id"

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
    date_ids = fields.One2many(
        "customer.care.occasion.date",
        "occasion_id",
        string="Dates",
        help="The holiday's date in each year (lunar holidays move).",
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

    def _period(self, day):
        """The period in which the occasion is sent once."""
        self.ensure_one()
        return day.strftime("%Y-%m") if self.kind == "members_day" else str(day.year)

    def _is_due(self, partner, day):
        """Whether ``partner`` celebrates this occasion on its local ``day``."""
        self.ensure_one()
        if self.kind == "members_day":
            return day.day == self.members_day
        if self.kind == "holiday":
            return day in self.date_ids.mapped("date")
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

    def _candidates(self, now):
        """Customers who may celebrate today somewhere on Earth (three UTC days
        around now), not opted out, not greeted for this period yet."""
        self.ensure_one()
        days = [(now + timedelta(days=delta)).date() for delta in (-1, 0, 1)]
        if self.kind == "birthday":
            condition = self._same_day_sql("partner.birthdate_date", days)
        elif self.kind == "anniversary":
            condition = self._same_day_sql("partner.customer_since", days)
        elif self._falls_on_none_of(days):
            return self.env["res.partner"]
        else:
            condition = SQL("TRUE")
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
                   AND %(condition)s
                   AND NOT EXISTS (
                        SELECT 1 FROM customer_care_log log
                         WHERE log.partner_id = partner.id
                           AND log.occasion_id = %(occasion)s
                           AND log.period = ANY(%(periods)s))
                """,
                condition=condition,
                occasion=self.id,
                periods=sorted({self._period(day) for day in days}),
            )
        )
        return self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())

    def _falls_on_none_of(self, days):
        """A holiday or members' day that is not on any of ``days``."""
        if self.kind == "holiday":
            return not set(days) & set(self.date_ids.mapped("date"))
        return all(day.day != self.members_day for day in days)

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

    def _send(self, now=None):
        """Greet the customers due today, each once per period."""
        now = now or datetime.now()
        Log = self.env["customer.care.log"]
        sent = Log
        for occasion in self:
            for partner in occasion._candidates(now):
                local_now = _local_time(now, partner.tz)
                # greetings leave in the customer's morning, not at midnight
                if local_now.hour < GREETING_HOUR:
                    continue
                if occasion._is_due(partner, local_now.date()):
                    sent |= occasion._greet(partner, local_now.date())
        return sent

    def _greet(self, partner, day):
        """Log first (a unique period per customer keeps it to one), then call
        or e-mail, in the customer's language."""
        self.ensure_one()
        tier = (partner.tier or "c").lower()
        use_activity = (
            tier in (self.activity_tiers or "") and partner.maintenance_user_id
        )
        if not use_activity and not partner.email:
            return self.env["customer.care.log"]
        log = self.env["customer.care.log"].create(
            {
                "partner_id": partner.id,
                "occasion_id": self.id,
                "period": self._period(day),
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
    def _cron_send_greetings(self):
        occasions = self.search([("active", "=", True)])
        for index, occasion in enumerate(occasions):
            occasion._send()
            self.env["ir.cron"]._notify_progress(
                done=index + 1, remaining=len(occasions) - index - 1
            )


class CustomerCareOccasionDate(models.Model):
    _name = "customer.care.occasion.date"
    _description = "Customer Care Occasion Date"
    _order = "date"

    occasion_id = fields.Many2one(
        "customer.care.occasion", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True)

    _sql_constraints = [
        ("date_uniq", "unique (occasion_id, date)", "This date is already listed."),
    ]


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
