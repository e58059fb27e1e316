from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

LOYALTY = [
    ("loyal", "Loyal"),
    ("switching", "Switching"),
    ("not_loyal", "Not Loyal"),
    ("new", "New"),
]


class CustomerTierPolicy(models.Model):
    """RFM scores, RFM segments and loyalty classes, recomputed in the tiers'
    nightly run (before the tiers) and by *Recompute Now*."""

    _inherit = "customer.tier.policy"

    # Loyalty
    loyalty_window_months = fields.Integer(
        string="Loyalty Window (Months)",
        default=3,
        required=True,
        help="Revenue is compared over consecutive windows of this many months.",
    )
    loyalty_windows = fields.Integer(
        default=4,
        required=True,
        help="Loyalty reads the invoices of this many windows up to today.",
    )
    loyalty_min_invoices = fields.Integer(
        string="Invoices to Tell",
        default=4,
        required=True,
        help="With fewer invoices in the loyalty windows, a customer whose first "
        "invoice is inside them is New, any other one Not Loyal (one-off).",
    )
    loyalty_max_cv = fields.Float(
        string="Regular Up to a Variation of (%)",
        default=50.0,
        required=True,
        help="Intervals between invoices are regular when their coefficient of "
        "variation (standard deviation / mean) is at most this percentage.",
    )
    loyalty_gap_factor = fields.Float(
        string="Gap (Times the Mean Interval)",
        default=3.0,
        required=True,
        help="An interval longer than this multiple of the customer's mean "
        "interval is a gap followed by a return: Switching.",
    )
    loyalty_stable_trend = fields.Float(
        string="Stable Down to (% per Window)",
        default=10.0,
        required=True,
        help="Revenue is stable or growing when its trend loses at most this "
        "percentage of the mean window revenue per window.",
    )
    loyalty_decline_trend = fields.Float(
        string="Strong Decline From (% per Window)",
        default=30.0,
        required=True,
        help="Revenue declines strongly when its trend loses at least this "
        "percentage of the mean window revenue per window: Not Loyal.",
    )

    @api.constrains(
        "loyalty_window_months",
        "loyalty_windows",
        "loyalty_min_invoices",
        "loyalty_max_cv",
        "loyalty_gap_factor",
        "loyalty_stable_trend",
        "loyalty_decline_trend",
    )
    def _check_loyalty_settings(self):
        for policy in self:
            wrong = [
                policy.loyalty_window_months < 1,
                policy.loyalty_windows < 2,
                policy.loyalty_min_invoices < 3,
                policy.loyalty_max_cv <= 0,
                policy.loyalty_gap_factor <= 1,
                not 0 <= policy.loyalty_stable_trend < policy.loyalty_decline_trend,
            ]
            if any(wrong):
                raise ValidationError(
                    self.env._(
                        "Loyalty needs windows of at least one month, at least two "
                        "windows, at least three invoices to tell, a positive "
                        "variation, a gap factor above 1, and a stable trend "
                        "below the strong decline."
                    )
                )

    def action_recompute(self):
        # Recompute Now: RFM and loyalty first, as in the nightly run
        for policy in self:
            policy.with_company(policy.company_id)._recompute_rfm()
        return super().action_recompute()

    def _recompute(self, today):
        self._recompute_rfm(today)
        return super()._recompute(today)

    # company-dependent column -> (result column, SQL type to compare with)
    _RFM_FIGURES = {
        "rfm_recency": ("r", "int"),
        "rfm_frequency": ("f", "int"),
        "rfm_monetary": ("m", "int"),
        "rfm_segment_id": ("segment_id", "int"),
        "loyalty": ("loyalty", "text"),
        "loyalty_invoice_count": ("invoice_count", "int"),
        "loyalty_interval_mean": ("interval_mean", "numeric"),
        "loyalty_interval_cv": ("interval_cv", "numeric"),
        "loyalty_longest_gap": ("max_gap", "int"),
        "loyalty_trend": ("trend", "numeric"),
    }

    def _recompute_rfm(self, today=None):
        """Score, segment and classify the company's customers in one SQL
        statement that writes only the figures that changed. Returns the
        number of partners (commercial partners and contacts) written."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        self.env["account.move"].flush_model(
            [
                "commercial_partner_id",
                "company_id",
                "state",
                "move_type",
                "invoice_date",
                "amount_untaxed_signed",
            ]
        )
        self.env["customer.rfm.segment"].flush_model()
        rows = self._update_figures(
            self._rfm_result_query(today),
            SQL("SELECT COUNT(*) FROM updated"),
            figures=self._RFM_FIGURES,
        )
        return rows[0][0]

    def _rfm_window_index_sql(self, today):
        """SQL: the loyalty window of ``move.invoice_date``, 1 the oldest, N
        the latest (windows are (start, stop]), NULL before the windows."""
        count, months = self.loyalty_windows, self.loyalty_window_months
        return SQL(
            "CASE %s END",
            SQL(" ").join(
                SQL(
                    "WHEN move.invoice_date > %s::date THEN %s",
                    today - relativedelta(months=(count - index + 1) * months),
                    index,
                )
                for index in range(count, 0, -1)
            ),
        )

    def _rfm_result_query(self, today):
        """Every customer of the company with its stored and new RFM and
        loyalty figures."""
        start = today - relativedelta(months=self.window_months)
        period_start = today - relativedelta(
            months=self.loyalty_windows * self.loyalty_window_months
        )
        return SQL(
            """
            WITH moves AS MATERIALIZED (
                SELECT move.commercial_partner_id AS partner_id,
                       move.move_type = 'out_invoice' AS is_invoice,
                       move.invoice_date,
                       move.amount_untaxed_signed AS amount,
                       %(window_index)s AS window_index
                  FROM account_move move
                 WHERE move.company_id = %(company_id)s
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date <= %(today)s
            ),
            per_customer AS (
                SELECT partner_id,
                       MAX(invoice_date) FILTER (WHERE is_invoice
                           AND invoice_date > %(start)s) AS last_date,
                       COUNT(*) FILTER (WHERE is_invoice
                           AND invoice_date > %(start)s) AS frequency,
                       COALESCE(SUM(amount) FILTER (WHERE invoice_date > %(start)s), 0)
                           AS revenue,
                       MIN(invoice_date) FILTER (WHERE is_invoice) AS first_date,
                       COUNT(*) FILTER (WHERE is_invoice
                           AND invoice_date > %(period_start)s) AS invoice_count,
                       -- least-squares slope of the windows' revenue (windows
                       -- without invoices count 0), in percent of their mean:
                       -- sum((x - mean x) * y) / sum((x - mean x)^2) / mean y
                       ROUND(100 * SUM(amount * (window_index - %(mid)s::numeric))
                             / %(sxx)s::numeric
                             / NULLIF(SUM(amount) FILTER (
                                   WHERE window_index IS NOT NULL) / %(count)s, 0),
                             1) AS trend
                  FROM moves
              GROUP BY partner_id
            ),
            -- quintile scores: 1 + floor(5 * the customers ranked strictly
            -- below / all of them); ties share a score
            scored AS (
                SELECT partner_id,
                       1 + FLOOR(5.0 * (RANK() OVER (ORDER BY last_date) - 1)
                                 / COUNT(*) OVER ())::int AS r,
                       1 + FLOOR(5.0 * (RANK() OVER (ORDER BY frequency) - 1)
                                 / COUNT(*) OVER ())::int AS f,
                       1 + FLOOR(5.0 * (RANK() OVER (ORDER BY revenue) - 1)
                                 / COUNT(*) OVER ())::int AS m
                  FROM per_customer
                 WHERE frequency > 0
            ),
            cells AS (
                SELECT r, fm,
                       (SELECT segment.id
                          FROM customer_rfm_segment segment
                         WHERE segment.company_id = %(company_id)s
                           AND segment.active
                           AND r BETWEEN segment.r_min AND segment.r_max
                           AND fm BETWEEN segment.fm_min AND segment.fm_max
                      ORDER BY segment.sequence, segment.id
                         LIMIT 1) AS segment_id
                  FROM generate_series(1, 5) r, generate_series(1, 5) fm
            ),
            gaps AS (
                SELECT partner_id,
                       invoice_date - LAG(invoice_date) OVER (
                           PARTITION BY partner_id ORDER BY invoice_date) AS gap
                  FROM (SELECT DISTINCT partner_id, invoice_date
                          FROM moves
                         WHERE is_invoice AND invoice_date > %(period_start)s) dates
            ),
            regularity AS (
                SELECT partner_id,
                       ROUND(AVG(gap), 1) AS interval_mean,
                       ROUND(100 * STDDEV_POP(gap) / NULLIF(AVG(gap), 0), 1)
                           AS interval_cv,
                       MAX(gap) AS max_gap
                  FROM gaps
                 WHERE gap IS NOT NULL
              GROUP BY partner_id
            ),
            customers AS (
                SELECT partner.id,
                       %(stored)s,
                       scored.r, scored.f, scored.m,
                       cells.segment_id,
                       per_customer.first_date,
                       CASE WHEN per_customer.first_date IS NOT NULL
                            THEN COALESCE(per_customer.invoice_count, 0)
                       END AS invoice_count,
                       regularity.interval_mean,
                       regularity.interval_cv,
                       regularity.max_gap,
                       per_customer.trend
                  FROM res_partner partner
             LEFT JOIN per_customer ON per_customer.partner_id = partner.id
             LEFT JOIN scored ON scored.partner_id = partner.id
             LEFT JOIN cells ON cells.r = scored.r
                            AND cells.fm = (scored.f + scored.m + 1) / 2
             LEFT JOIN regularity ON regularity.partner_id = partner.id
                 WHERE %(customer)s
            )
            SELECT *,
                   CASE WHEN first_date IS NULL THEN NULL
                        WHEN invoice_count < %(min_invoices)s
                             AND first_date > %(period_start)s THEN 'new'
                        WHEN invoice_count < %(min_invoices)s THEN 'not_loyal'
                        WHEN trend IS NULL OR trend <= -%(decline)s THEN 'not_loyal'
                        WHEN interval_cv <= %(max_cv)s
                             AND max_gap <= interval_mean * %(gap_factor)s
                             AND trend >= -%(stable)s THEN 'loyal'
                        ELSE 'switching'
                   END AS loyalty
              FROM customers
            """,
            stored=self._stored_figures_sql(self._RFM_FIGURES),
            customer=self.env["res.partner"]._customers_of_company_sql(
                "partner", self.company_id.id
            ),
            company_id=self.company_id.id,
            today=SQL("%s::date", today),
            start=SQL("%s::date", start),
            period_start=SQL("%s::date", period_start),
            window_index=self._rfm_window_index_sql(today),
            mid=(self.loyalty_windows + 1) / 2,
            sxx=self.loyalty_windows * (self.loyalty_windows**2 - 1) / 12,
            count=self.loyalty_windows,
            min_invoices=self.loyalty_min_invoices,
            decline=self.loyalty_decline_trend,
            max_cv=self.loyalty_max_cv,
            gap_factor=self.loyalty_gap_factor,
            stable=self.loyalty_stable_trend,
        )
