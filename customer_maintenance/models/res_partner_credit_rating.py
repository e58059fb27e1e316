"""Payment behaviour and credit rating of a customer, per company: the
figures the nightly rating stores (``customer.credit.policy``), why the
rating is what it is, *Rate Now*, and the rating an accounting manager sets
and locks by hand (its history)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_credit_policy import CREDIT_RATINGS
from .res_partner_credit import ACCOUNTING_GROUPS


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Payment behaviour and rating, per company: stored by the nightly rating
    payment_avg_days = fields.Float(
        string="Average Days to Pay",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
        help="From the invoice date to the payment, weighted by amount, over the "
        "credit policy's window.",
    )
    payment_avg_days_late = fields.Float(
        string="Average Days Late",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
        help="Days paid after the due date (0 when on time), weighted by amount.",
    )
    payment_on_time_ratio = fields.Float(
        string="Paid on Time (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
        help="Share of the amount paid by the due date.",
    )
    payment_paid_amount = fields.Float(
        string="Paid in Window",
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups=ACCOUNTING_GROUPS,
        help="Amount of customer invoices paid over the credit policy's window.",
    )
    last_payment_date = fields.Date(
        company_dependent=True, readonly=True, groups=ACCOUNTING_GROUPS
    )
    last_payment_amount = fields.Float(
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups=ACCOUNTING_GROUPS,
    )
    credit_rating = fields.Selection(
        CREDIT_RATINGS,
        company_dependent=True,
        tracking=True,
        help="A (best) to D, from payment behaviour, overdue invoices and the use "
        "of the credit limit. Recomputed every night; accounting managers can "
        "set and lock it.",
    )
    credit_score = fields.Float(
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        groups=ACCOUNTING_GROUPS,
    )
    credit_rating_date = fields.Date(
        string="Rated On", company_dependent=True, readonly=True
    )
    credit_rating_overdue_days = fields.Integer(
        company_dependent=True, readonly=True, groups=ACCOUNTING_GROUPS
    )
    credit_rating_utilisation = fields.Float(
        company_dependent=True, readonly=True, groups=ACCOUNTING_GROUPS
    )
    credit_rating_reason = fields.Text(
        string="Why This Rating",
        compute="_compute_credit_rating_reason",
        groups=ACCOUNTING_GROUPS,
    )
    credit_rating_locked = fields.Boolean(
        company_dependent=True,
        tracking=True,
        groups=ACCOUNTING_GROUPS,
        help="A locked rating is kept by the nightly rating, which still updates "
        "the figures.",
    )
    credit_rating_lock_reason = fields.Char(
        company_dependent=True, tracking=True, groups=ACCOUNTING_GROUPS
    )
    credit_rating_history_ids = fields.One2many(
        "customer.credit.rating.history", "partner_id", groups=ACCOUNTING_GROUPS
    )

    def _compute_credit_rating_reason(self):
        policy = self._credit_policy()
        for partner in self:
            partner.credit_rating_reason = partner._credit_rating_explanation(policy)

    def _credit_rating_explanation(self, policy):
        """The parts of the score, their points and weights, in words."""
        self.ensure_one()
        if self.credit_rating_locked:
            return self.env._(
                "Set by hand and locked: %s", self.credit_rating_lock_reason or ""
            )
        if not self.credit_rating_date:
            return self.env._("Not rated: no payment in the window and nothing owed.")
        figures = {
            "on_time_ratio": self.payment_on_time_ratio
            if self.payment_paid_amount
            else None,
            "days_late": self.payment_avg_days_late
            if self.payment_paid_amount
            else None,
            "overdue_days": self.credit_rating_overdue_days,
            "utilisation": self.credit_rating_utilisation
            if self.commercial_partner_id.credit_limit > 0
            else None,
        }
        parts = policy._score_parts(figures)
        weights = policy._weights()
        total = sum(weights[name] for name in parts) or 1
        labels = {
            "on_time": self.env._(
                "Paid on time: %(value)s%%", value=round(figures["on_time_ratio"] or 0)
            ),
            "days_late": self.env._(
                "Average days late: %(value)s", value=figures["days_late"]
            ),
            "overdue": self.env._(
                "Oldest overdue invoice: %(value)s days",
                value=figures["overdue_days"] or 0,
            ),
            "utilisation": self.env._(
                "Credit limit used: %(value)s%%",
                value=round(figures["utilisation"] or 0),
            ),
        }
        lines = [
            self.env._(
                "%(part)s → %(points)s points, weight %(weight)s%%",
                part=labels[name],
                points=round(points),
                weight=round(weights[name] * 100 / total),
            )
            for name, points in parts.items()
        ]
        if "utilisation" not in parts:
            lines.append(self.env._("No credit limit: utilisation not counted."))
        lines.append(
            self.env._(
                "Score %(score)s: A from %(a)s, B from %(b)s, C from %(c)s.",
                score=round(self.credit_score, 1),
                a=policy.band_a,
                b=policy.band_b,
                c=policy.band_c,
            )
        )
        return "\n".join(lines)

    @api.constrains("credit_rating_locked", "credit_rating_lock_reason")
    def _check_credit_rating_lock_reason(self):
        for partner in self:
            if (
                partner.credit_rating_locked
                and not (partner.credit_rating_lock_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the credit rating of %s is locked.",
                        partner.display_name,
                    )
                )

    def write(self, vals):
        if "credit_rating" in vals:
            self._log_manual_credit_rating(vals)
        return super().write(vals)

    def _commercial_fields(self):
        # a company's contacts share its credit rating
        return [
            *super()._commercial_fields(),
            "credit_rating",
            "credit_rating_locked",
            "credit_rating_lock_reason",
        ]

    def action_view_credit_rating_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_credit_rating_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_recompute_credit_rating(self):
        """Rate these customers (their commercial entities) now, and no one
        else."""
        self._check_credit_manager()
        self._credit_policy().with_company(self.env.company)._recompute_ratings(
            partner_ids=self.commercial_partner_id.ids
        )
        return True

    def _log_manual_credit_rating(self, vals):
        """Keep the history of a rating an accounting manager sets by hand."""
        self.env["customer.credit.rating.history"]._log_manual_changes(self, vals)
