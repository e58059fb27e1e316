from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CustomerTierPolicy(models.Model):
    """The follow-up settings of the tier policy: the frequency of each tier,
    the planning horizon and the grace period, with their Python and SQL
    forms side by side."""

    _inherit = "customer.tier.policy"

    # Follow-ups
    followup_days_a = fields.Integer(
        string="Follow up A Every (Days)", default=7, required=True
    )
    followup_days_b = fields.Integer(
        string="Follow up B Every (Days)", default=15, required=True
    )
    followup_days_c = fields.Integer(
        string="Follow up C Every (Days)", default=30, required=True
    )
    planning_horizon_days = fields.Integer(
        string="Planning Horizon (Days)",
        default=7,
        required=True,
        help="Every day, customers due within this many days get a planned "
        "follow-up for their owner.",
    )
    followup_run_date = fields.Date(
        string="Follow-ups Planned On",
        readonly=True,
        copy=False,
        help="The day the daily follow-up work last ran for this company.",
    )
    review_run_date = fields.Date(
        string="Weekly Reviews Created On",
        readonly=True,
        copy=False,
        help="The day the weekly customer reviews were last created for this company.",
    )
    playbook_run_date = fields.Date(
        string="Playbooks Run On",
        readonly=True,
        copy=False,
        help="The day the playbook rules last ran for this company.",
    )
    missed_grace_days = fields.Integer(
        string="Missed After (Days)",
        default=2,
        required=True,
        help="A planned follow-up still open this many days after its date is "
        "marked missed.",
    )

    _FOLLOWUP_SETTINGS = frozenset(
        {
            "followup_days_a",
            "followup_days_b",
            "followup_days_c",
            "planning_horizon_days",
        }
    )

    @api.constrains(
        "followup_days_a",
        "followup_days_b",
        "followup_days_c",
        "planning_horizon_days",
        "missed_grace_days",
    )
    def _check_followup_settings(self):
        for policy in self:
            if (
                min(policy.followup_days_a, policy.followup_days_b) < 1
                or policy.followup_days_c < 1
                or policy.planning_horizon_days < 0
                or policy.missed_grace_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Follow-up frequencies are at least one day; the planning "
                        "horizon and the grace period cannot be negative."
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if self._FOLLOWUP_SETTINGS.intersection(vals):
            for policy in self:
                self.env["res.partner"]._refresh_followup_schedule(policy)
        return res

    # ------------------------------------------------------------------
    # Follow-up frequency
    # ------------------------------------------------------------------

    def _followup_days_by_tier(self):
        self.ensure_one()
        return {
            "a": self.followup_days_a,
            "b": self.followup_days_b,
            "c": self.followup_days_c,
        }

    def _followup_days_sql(self, alias):
        """SQL: the days between two follow-ups of the partner ``alias``."""
        self.ensure_one()
        partner = SQL.identifier(alias)
        return SQL(
            """CASE WHEN %(partner)s.followup_interval > 0
                    THEN %(partner)s.followup_interval
                    WHEN %(partner)s.tier->>%(company)s = 'a' THEN %(a)s
                    WHEN %(partner)s.tier->>%(company)s = 'b' THEN %(b)s
                    ELSE %(c)s END""",
            partner=partner,
            company=str(self.company_id.id),
            a=self.followup_days_a,
            b=self.followup_days_b,
            c=self.followup_days_c,
        )

    def _followup_due_sql(self, alias, today):
        """SQL: the day the partner ``alias`` is due, never before today."""
        return SQL(
            "GREATEST(COALESCE((%(partner)s.last_followup_date->>%(company)s)::date"
            " + %(days)s, %(today)s), %(today)s)",
            partner=SQL.identifier(alias),
            company=str(self.company_id.id),
            days=self._followup_days_sql(alias),
            today=SQL("%s::date", today),
        )

    def _followup_status(self, next_date, today):
        """The follow-up status of a customer due on ``next_date``."""
        self.ensure_one()
        if next_date and next_date < today:
            return "overdue"
        horizon_end = today + timedelta(days=self.planning_horizon_days)
        if not next_date or next_date <= horizon_end:
            return "due_soon"
        return "on_track"

    def _followup_status_sql(self, next_date, today):
        """SQL: ``_followup_status`` of the date expression ``next_date``."""
        self.ensure_one()
        return SQL(
            """CASE WHEN %(next)s < %(today)s THEN 'overdue'
                    WHEN %(next)s IS NULL OR %(next)s <= %(horizon_end)s
                    THEN 'due_soon'
                    ELSE 'on_track' END""",
            next=next_date,
            today=SQL("%s::date", today),
            horizon_end=SQL(
                "%s::date", today + timedelta(days=self.planning_horizon_days)
            ),
        )
