from odoo import api, fields, models

from .customer_tier_policy_rfm import LOYALTY

SCORE_HELP = (
    "Quintile score of 1 to 5 among the company's customers with a posted "
    "invoice in the tier window: 1 + floor(5 * the customers ranked strictly "
    "below / all of them); ties share a score. "
)


class ResPartner(models.Model):
    """RFM scores and segment, and loyalty class, per company (recomputed by
    ``customer.tier.policy`` in the nightly run)."""

    _inherit = "res.partner"

    rfm_recency = fields.Integer(
        string="Recency Score",
        company_dependent=True,
        readonly=True,
        help=SCORE_HELP + "Recency: the more recent the last invoice, the higher.",
    )
    rfm_frequency = fields.Integer(
        string="Frequency Score",
        company_dependent=True,
        readonly=True,
        help=SCORE_HELP + "Frequency: the number of invoices in the window.",
    )
    rfm_monetary = fields.Integer(
        string="Monetary Score",
        company_dependent=True,
        readonly=True,
        help=SCORE_HELP + "Monetary: the revenue in the window (invoices minus "
        "refunds, untaxed, in company currency).",
    )
    rfm_segment_id = fields.Many2one(
        "customer.rfm.segment",
        string="RFM Segment",
        company_dependent=True,
        readonly=True,
        help="The first segment of the company's RFM map, by sequence, whose "
        "recency range holds the recency score and whose frequency-monetary "
        "range holds the average of the frequency and monetary scores, rounded "
        "half up.",
    )
    loyalty = fields.Selection(
        LOYALTY,
        company_dependent=True,
        readonly=True,
        help="From the invoices of the policy's loyalty windows, in this order. "
        "New: fewer invoices than needed to tell, the first one inside the "
        "windows. Not Loyal: fewer invoices than needed (one-off), or revenue "
        "declining strongly (trend at or below minus the strong decline). Loyal: "
        "regular intervals (coefficient of variation at most the policy's, no "
        "gap over the gap factor times the mean interval) and revenue stable or "
        "growing (trend at least minus the stable limit). Switching: the rest, "
        "irregular intervals, gaps followed by returns or a mild decline.",
    )
    loyalty_invoice_count = fields.Integer(
        string="Invoices (Loyalty Windows)", company_dependent=True, readonly=True
    )
    loyalty_interval_mean = fields.Float(
        string="Mean Interval (Days)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="Mean number of days between invoices in the loyalty windows.",
    )
    loyalty_interval_cv = fields.Float(
        string="Interval Variation (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="Coefficient of variation of the intervals between invoices: their "
        "standard deviation divided by their mean.",
    )
    loyalty_longest_gap = fields.Integer(
        string="Longest Interval (Days)", company_dependent=True, readonly=True
    )
    loyalty_trend = fields.Float(
        string="Revenue Trend (% per Window)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="Least-squares slope of the revenue of the loyalty windows, in "
        "percent of their mean revenue: what the customer gains or loses per "
        "window.",
    )
    loyalty_explanation = fields.Text(
        string="Why This Class", compute="_compute_loyalty_explanation"
    )

    @api.depends_context("company")
    @api.depends(
        "loyalty",
        "loyalty_invoice_count",
        "loyalty_interval_mean",
        "loyalty_interval_cv",
        "loyalty_longest_gap",
        "loyalty_trend",
    )
    def _compute_loyalty_explanation(self):
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        for partner in self:
            partner.loyalty_explanation = partner._loyalty_explain(policy)

    def _loyalty_explain(self, policy):
        if not self.loyalty:
            return False
        facts = self.env._(
            "%(count)s invoices in the last %(windows)s windows of %(months)s months.",
            count=self.loyalty_invoice_count,
            windows=policy.loyalty_windows,
            months=policy.loyalty_window_months,
        )
        if self.loyalty in ("new", "not_loyal") and (
            self.loyalty_invoice_count < policy.loyalty_min_invoices
        ):
            reason = (
                self.env._("Too few to tell, and the first invoice is recent.")
                if self.loyalty == "new"
                else self.env._(
                    "Too few, and the customer is not new: a one-off buyer."
                )
            )
            return f"{facts} {reason}"
        regularity = self.env._(
            "Mean interval %(mean)s days, variation %(cv)s%% (regular up to "
            "%(max_cv)s%%), longest interval %(gap)s days (a gap from %(limit)s).",
            mean=self.loyalty_interval_mean,
            cv=self.loyalty_interval_cv,
            max_cv=policy.loyalty_max_cv,
            gap=self.loyalty_longest_gap,
            limit=round(self.loyalty_interval_mean * policy.loyalty_gap_factor, 1),
        )
        trend = self.env._(
            "Revenue trend %(trend)s%% per window (stable down to -%(stable)s%%, "
            "strong decline from -%(decline)s%%).",
            trend=self.loyalty_trend,
            stable=policy.loyalty_stable_trend,
            decline=policy.loyalty_decline_trend,
        )
        return f"{facts} {regularity} {trend}"

    def _commercial_fields(self):
        # a company's contacts share its RFM and loyalty figures
        return [
            *super()._commercial_fields(),
            *self.env["customer.tier.policy"]._RFM_FIGURES,
        ]
