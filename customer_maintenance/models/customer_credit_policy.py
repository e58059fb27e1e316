from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

CREDIT_RATINGS = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]


class CustomerCreditPolicy(models.Model):
    """How a company rates its customers' credit (信用评估) and what a credit
    hold does. One per company, kept by accounting managers.

    This file holds the settings and the score's formulas; the nightly rating
    is in ``customer_credit_policy_rating``, the open items in
    ``customer_credit_policy_open_items``."""

    _name = "customer.credit.policy"
    _inherit = "customer.company.policy"
    _description = "Customer Credit Policy"

    # Payment behaviour
    window_months = fields.Integer(
        string="Payment Window (Months)",
        default=12,
        required=True,
        help="Payment behaviour is measured on the payments matched with customer "
        "invoices over this many months up to today.",
    )

    # Weights of the four parts of the score
    weight_on_time = fields.Float(
        string="Weight: On-time Payments",
        default=30.0,
        required=True,
        help="Part of the score given by the share of the amount paid by the due date.",
    )
    weight_days_late = fields.Float(
        string="Weight: Days Late",
        default=20.0,
        required=True,
        help="Part of the score given by the average days late of payments.",
    )
    weight_overdue = fields.Float(
        string="Weight: Overdue",
        default=30.0,
        required=True,
        help="Part of the score given by the age of the oldest overdue invoice.",
    )
    weight_utilisation = fields.Float(
        string="Weight: Credit Utilisation",
        default=20.0,
        required=True,
        help="Part of the score given by the use of the credit limit. Ignored for "
        "customers without a credit limit.",
    )
    days_late_zero = fields.Integer(
        string="No Points From (Days Late)",
        default=60,
        required=True,
        help="Average days late that gives no points; paying on time gives all "
        "of them, and in between in proportion.",
    )
    overdue_days_zero = fields.Integer(
        string="No Points From (Days Overdue)",
        default=90,
        required=True,
        help="Age of the oldest overdue invoice that gives no points; nothing "
        "overdue gives all of them.",
    )

    # Bands of the score
    band_a = fields.Float(string="A From (Score)", default=85.0, required=True)
    band_b = fields.Float(string="B From (Score)", default=70.0, required=True)
    band_c = fields.Float(
        string="C From (Score)",
        default=50.0,
        required=True,
        help="Below this score, the rating is D.",
    )

    hold_policy = fields.Selection(
        [("block", "Block"), ("warn", "Warn")],
        string="Credit Hold",
        default="block",
        required=True,
        help="Block: invoices and sale orders of a customer on hold cannot be "
        "posted or confirmed. Warn: they can, with a warning on the document.",
    )

    _sql_constraints = [
        ("company_uniq", "unique (company_id)", "A company has one credit policy."),
    ]

    @api.constrains(
        "weight_on_time", "weight_days_late", "weight_overdue", "weight_utilisation"
    )
    def _check_weights(self):
        for policy in self:
            weights = policy._weights().values()
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    self.env._(
                        "The weights of the credit score cannot be negative and at "
                        "least one must be positive."
                    )
                )

    @api.constrains("band_a", "band_b", "band_c")
    def _check_bands(self):
        for policy in self:
            if not 0 <= policy.band_c < policy.band_b < policy.band_a <= 100:
                raise ValidationError(
                    self.env._(
                        "The score bands must satisfy 0 ≤ C < B < A ≤ 100 "
                        "(now A %(a)s, B %(b)s, C %(c)s).",
                        a=policy.band_a,
                        b=policy.band_b,
                        c=policy.band_c,
                    )
                )

    @api.constrains("window_months", "days_late_zero", "overdue_days_zero")
    def _check_periods(self):
        for policy in self:
            if (
                policy.window_months < 1
                or policy.days_late_zero < 1
                or policy.overdue_days_zero < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The payment window and the days that give no points must "
                        "be at least 1."
                    )
                )

    def action_recompute(self):
        for policy in self:
            policy.with_company(policy.company_id)._recompute_ratings()
        return True

    def _weights(self):
        self.ensure_one()
        return {
            "on_time": self.weight_on_time,
            "days_late": self.weight_days_late,
            "overdue": self.weight_overdue,
            "utilisation": self.weight_utilisation,
        }

    # ------------------------------------------------------------------
    # Scoring: the same formulas in Python (one customer) and SQL (all)
    # ------------------------------------------------------------------

    def _score_parts(self, figures):
        """Points (0-100) of each part of the score for which the customer has
        data, from a dict with on_time_ratio, days_late, overdue_days,
        utilisation (None when unknown)."""
        self.ensure_one()
        parts = {}
        if figures.get("on_time_ratio") is not None:
            parts["on_time"] = max(0.0, min(100.0, figures["on_time_ratio"]))
        if figures.get("days_late") is not None:
            parts["days_late"] = 100.0 * max(
                0.0, 1 - figures["days_late"] / self.days_late_zero
            )
        parts["overdue"] = 100.0 * max(
            0.0, 1 - (figures.get("overdue_days") or 0) / self.overdue_days_zero
        )
        if figures.get("utilisation") is not None:
            parts["utilisation"] = max(0.0, 100.0 - figures["utilisation"])
        return parts

    def _score(self, parts):
        weights = self._weights()
        total = sum(weights[name] for name in parts)
        if not total:
            return 0.0
        return sum(points * weights[name] for name, points in parts.items()) / total

    def _rating_for(self, score):
        self.ensure_one()
        if score >= self.band_a:
            return "a"
        if score >= self.band_b:
            return "b"
        if score >= self.band_c:
            return "c"
        return "d"

    def _score_sql(self):
        """SQL over the columns of ``figures`` (see _rating_result_query)."""
        weights = self._weights()
        parts = {
            "on_time": SQL("LEAST(GREATEST(on_time_ratio, 0), 100)"),
            "days_late": SQL(
                "100 * GREATEST(0, 1 - days_late / %s::numeric)", self.days_late_zero
            ),
            "overdue": SQL(
                "100 * GREATEST(0, 1 - COALESCE(overdue_days, 0) / %s::numeric)",
                self.overdue_days_zero,
            ),
            "utilisation": SQL("GREATEST(0, 100 - utilisation)"),
        }
        known = {
            "on_time": SQL("on_time_ratio IS NOT NULL"),
            "days_late": SQL("days_late IS NOT NULL"),
            "overdue": SQL("TRUE"),
            "utilisation": SQL("utilisation IS NOT NULL"),
        }
        points = SQL(" + ").join(
            SQL(
                "CASE WHEN %s THEN %s * %s ELSE 0 END", known[name], part, weights[name]
            )
            for name, part in parts.items()
        )
        total = SQL(" + ").join(
            SQL("CASE WHEN %s THEN %s ELSE 0 END", known[name], weights[name])
            for name in parts
        )
        return SQL("ROUND((%s) / NULLIF(%s, 0), 2)", points, total)
