"""How a company scores the health of its customers and names their lifecycle
stage. One per company, kept by sales managers.

This file holds the settings, the score's formulas shared by the explanation
and the nightly run, and the run itself; the measuring query is in
``customer_health_policy_query``."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

HEALTH_BANDS = [
    ("healthy", "Healthy"),
    ("watch", "Watch"),
    ("at_risk", "At Risk"),
]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("new", "New"),
    ("active", "Active"),
    ("at_risk", "At Risk"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
    ("won_back", "Won Back"),
]
HEALTH_PARTS = ("value", "recency", "care", "service", "payment")


class CustomerHealthPolicy(models.Model):
    _name = "customer.health.policy"
    _inherit = "customer.company.policy"
    _description = "Customer Health Policy"

    # Weights of the five parts of the score
    weight_value = fields.Float(
        string="Weight: Value",
        default=25.0,
        required=True,
        help="The ABC tier, and the revenue against the previous window.",
    )
    weight_recency = fields.Float(
        string="Weight: Recency",
        default=25.0,
        required=True,
        help="Days since the last invoice against the customer's usual interval.",
    )
    weight_care = fields.Float(
        string="Weight: Care",
        default=20.0,
        required=True,
        help="Follow-ups done against those due in the window, and the follow-up "
        "schedule.",
    )
    weight_service = fields.Float(
        string="Weight: Service",
        default=15.0,
        required=True,
        help="Satisfaction in the window, open complaints and missed deadlines.",
    )
    weight_payment = fields.Float(
        string="Weight: Payment",
        default=15.0,
        required=True,
        help="The credit rating, and the overdue part of the receivable.",
    )
    window_days = fields.Integer(
        string="Care and Service Window (Days)",
        default=180,
        required=True,
        help="Follow-ups and feedback of the last so many days count.",
    )
    default_interval_days = fields.Integer(
        string="Usual Interval Without History (Days)",
        default=90,
        required=True,
        help="Usual interval between invoices of a customer with a single invoice.",
    )

    # Bands
    band_healthy = fields.Float(string="Healthy From (Score)", default=70.0)
    band_watch = fields.Float(
        string="Watch From (Score)",
        default=40.0,
        help="Below this score, the customer is at risk.",
    )

    # Lifecycle
    new_days = fields.Integer(
        string="New For (Days)",
        default=90,
        required=True,
        help="A customer whose first invoice is this recent is new; a customer "
        "won back stays so for as long.",
    )
    silent_factor = fields.Float(
        string="At Risk When Silent (x Usual Interval)",
        default=1.5,
        required=True,
        help="A customer without invoice for longer than this multiple of its "
        "usual interval is at risk.",
    )

    trend_month = fields.Date(
        readonly=True,
        copy=False,
        help="First day of the last month whose trend points were kept.",
    )

    _sql_constraints = [
        ("company_uniq", "unique (company_id)", "A company has one health policy."),
    ]

    @api.constrains(*(f"weight_{part}" for part in HEALTH_PARTS))
    def _check_weights(self):
        for policy in self:
            weights = policy._weights().values()
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of the health score cannot be negative and at "
                        "least one must be positive."
                    )
                )

    @api.constrains("band_healthy", "band_watch")
    def _check_bands(self):
        for policy in self:
            if not 0 <= policy.band_watch < policy.band_healthy <= 100:
                raise ValidationError(
                    self.env._(
                        "The health bands must satisfy 0 ≤ watch < healthy ≤ 100 "
                        "(now healthy %(healthy)s, watch %(watch)s).",
                        healthy=policy.band_healthy,
                        watch=policy.band_watch,
                    )
                )

    @api.constrains("window_days", "default_interval_days", "new_days", "silent_factor")
    def _check_periods(self):
        for policy in self:
            if (
                min(policy.window_days, policy.default_interval_days, policy.new_days)
                < 1
                or policy.silent_factor <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The window, the usual interval, the days a customer is new "
                        "and the silence factor must be positive."
                    )
                )

    def action_recompute(self):
        for policy in self:
            policy.with_company(policy.company_id)._recompute_health()
        return True

    def _weights(self):
        self.ensure_one()
        return {part: self[f"weight_{part}"] for part in HEALTH_PARTS}

    def _band_for(self, score):
        self.ensure_one()
        if score is None or score is False:
            return False
        if score >= self.band_healthy:
            return "healthy"
        if score >= self.band_watch:
            return "watch"
        return "at_risk"

    # ------------------------------------------------------------------
    # The nightly run
    # ------------------------------------------------------------------

    _HISTORY_MODEL = "customer.health.history"
    # company-dependent column -> (result column, SQL type to compare with)
    _FIGURES = {
        "health_band": ("band", "text"),
        "health_score": ("score", "numeric"),
        "health_value_points": ("value_points", "numeric"),
        "health_recency_points": ("recency_points", "numeric"),
        "health_care_points": ("care_points", "numeric"),
        "health_service_points": ("service_points", "numeric"),
        "health_payment_points": ("payment_points", "numeric"),
        "health_missing_parts": ("missing", "text"),
        "lifecycle_stage": ("stage", "text"),
        "lifecycle_stage_since": ("stage_since", "date"),
    }

    def _recompute(self, today):
        return self._recompute_health(today)

    def _recompute_health(self, today=None, partner_ids=None):
        """Score every customer of the company (or the commercial partners
        ``partner_ids`` only), band them and name their lifecycle stage, in one
        statement; keep the history of the bands and stages that moved and
        note them in the chatter.

        Returns ``[(partner_id, old_band, new_band, score, old_stage,
        new_stage)]`` for the customers whose band or stage changed (see
        ``customer.health.history._insert_changes_sql``)."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        for model in ("account.move", "account.move.line", "customer.followup"):
            self.env[model].flush_model()
        self.env["customer.feedback"].flush_model()
        # the first complete run of a month also keeps every customer's score
        # as a point of the trend
        month = today.replace(day=1)
        trend = partner_ids is None and (
            not self.trend_month or self.trend_month < month
        )
        rows = self.with_context(health_trend_point=trend)._write_figures(
            self._health_result_query(today, partner_ids),
            today,
            complete=partner_ids is None,
        )
        if trend:
            self.trend_month = month
        return [
            row
            for row in rows
            if row[1] != row[2] or row[4] != row[5]  # not a mere trend point
        ]

    def _change_note(self, old, new, figure):
        labels = dict(HEALTH_BANDS)
        return self.env._(
            "Health %(old)s → %(new)s (score %(score)s, %(company)s)",
            old=labels.get(old, old),
            new=labels.get(new, new),
            score=round(float(figure or 0)),
            company=self.company_id.name,
        )

    def _stage_note(self, old, new):
        labels = dict(LIFECYCLE_STAGES)
        return self.env._(
            "Lifecycle stage %(old)s → %(new)s (%(company)s)",
            old=labels.get(old, old),
            new=labels.get(new, new),
            company=self.company_id.name,
        )

    def _only_sql(self, column, partner_ids):
        if partner_ids is None:
            return SQL("TRUE")
        return SQL("%s = ANY(%s)", SQL.identifier(*column.split(".")), partner_ids)
