from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

TIERS = [("a", "A"), ("b", "B"), ("c", "C")]
SEGMENTS = [
    ("value", "Value"),
    ("potential", "Potential"),
    ("migrating", "Migrating"),
    ("frozen", "Frozen"),
]


class CustomerTierPolicy(models.Model):
    _name = "customer.tier.policy"
    _inherit = "customer.company.policy"
    _description = "Customer Tier Policy"

    currency_id = fields.Many2one(related="company_id.currency_id")

    # ABC tiers
    window_months = fields.Integer(
        string="Revenue Window (Months)",
        default=12,
        required=True,
        help="Revenue is counted over this many months up to today.",
    )
    a_threshold = fields.Float(
        string="A Threshold (%)",
        default=80.0,
        required=True,
        help="A: the customers whose cumulative share of revenue, counted before "
        "adding them, is below this percentage.",
    )
    b_threshold = fields.Float(
        string="B Threshold (%)",
        default=95.0,
        required=True,
        help="B: the next customers, up to this cumulative share. The rest, and "
        "customers without revenue, are C.",
    )

    # Value segments
    growth_threshold = fields.Float(
        string="Strong Growth (%)",
        default=30.0,
        required=True,
        help="Potential: revenue grew by at least this percentage versus the "
        "previous window, or a customer who bought nothing in the previous window.",
    )
    decline_threshold = fields.Float(
        string="Strong Decline (%)",
        default=30.0,
        required=True,
        help="Migrating: revenue fell by at least this percentage versus the "
        "previous window.",
    )
    frozen_interval_factor = fields.Float(
        string="Frozen After (Times the Usual Interval)",
        default=3.0,
        required=True,
        help="Frozen: no invoice for longer than this multiple of the customer's own "
        "average interval between invoices.",
    )
    frozen_default_days = fields.Integer(
        string="Frozen After (Days, No History)",
        default=180,
        required=True,
        help="For a customer with a single invoice: frozen when it is older than "
        "this many days.",
    )

    _sql_constraints = [
        ("company_uniq", "unique (company_id)", "A company has one tier policy."),
    ]

    @api.constrains("a_threshold", "b_threshold", "window_months")
    def _check_thresholds(self):
        for policy in self:
            if not 0 < policy.a_threshold < policy.b_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "The thresholds must satisfy 0 < A < B ≤ 100 "
                        "(A: %(a)s, B: %(b)s).",
                        a=policy.a_threshold,
                        b=policy.b_threshold,
                    )
                )
            if policy.window_months < 1:
                raise ValidationError(
                    self.env._("The revenue window is at least one month.")
                )

    @api.constrains(
        "growth_threshold",
        "decline_threshold",
        "frozen_interval_factor",
        "frozen_default_days",
    )
    def _check_segment_settings(self):
        for policy in self:
            if (
                policy.growth_threshold <= 0
                or not 0 < policy.decline_threshold <= 100
                or policy.frozen_interval_factor <= 0
                or policy.frozen_default_days <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Growth, decline, the frozen factor and the frozen delay "
                        "must be positive, and a decline is at most 100%."
                    )
                )

    def action_recompute(self):
        for policy in self:
            policy._recompute_tiers()
        return True

    # ------------------------------------------------------------------
    # Recomputation
    # ------------------------------------------------------------------

    def _recompute(self, today):
        return self._recompute_tiers(today)

    def _recompute_tiers(self, today=None):
        """Rank the company's customers by revenue and store what changed.

        One SQL statement does it all: it ranks every customer, writes the
        company-dependent figures that differ on the commercial partner and its
        contacts, and keeps the history of tier changes. The chatter then gets
        one note per customer whose tier changed.

        Returns ``[(partner_id, old_tier, new_tier, revenue)]`` for the
        customers whose tier changed.
        """
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
        changed = self._write_figures(self._tier_result_query(today), today)
        # a new tier is a new cadence: the schedule of those customers moves
        # now; the daily follow-up run refreshes everyone's with the calendar
        if changed:
            self.env["res.partner"]._refresh_followup_schedule(
                self, [partner_id for partner_id, *_rest in changed]
            )
        return changed

    def _tier_result_query(self, today):
        """Every customer of the company with its stored and its new figures."""
        start = today - relativedelta(months=self.window_months)
        company = str(self.company_id.id)
        return SQL(
            """
            WITH invoices AS (
                SELECT move.commercial_partner_id AS partner_id,
                       SUM(move.amount_untaxed_signed)
                           FILTER (WHERE move.invoice_date > %(start)s) AS revenue,
                       SUM(move.amount_untaxed_signed)
                           FILTER (WHERE move.invoice_date <= %(start)s
                                     AND move.invoice_date > %(previous_start)s)
                           AS previous,
                       MIN(move.invoice_date)
                           FILTER (WHERE move.move_type = 'out_invoice') AS first_date,
                       MAX(move.invoice_date)
                           FILTER (WHERE move.move_type = 'out_invoice') AS last_date,
                       COUNT(*) FILTER (WHERE move.move_type = 'out_invoice') AS count
                  FROM account_move move
                 WHERE move.company_id = %(company_id)s
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date <= %(today)s
              GROUP BY move.commercial_partner_id
            ),
            customers AS (
                SELECT partner.id,
                       %(stored)s,
                       COALESCE((partner.tier_locked->>%(company)s)::boolean, FALSE)
                           AS locked,
                       COALESCE(invoices.revenue, 0) AS revenue,
                       COALESCE(invoices.previous, 0) AS previous,
                       %(amount)s AS amount,
                       invoices.last_date,
                       CASE WHEN invoices.count > 1
                            THEN ROUND((invoices.last_date - invoices.first_date)
                                       / (invoices.count - 1.0), 1)
                       END AS interval
                  FROM res_partner partner
             LEFT JOIN invoices ON invoices.partner_id = partner.id
                 WHERE %(customer)s
            ),
            -- the tiers rank the amount of the policy's basis (revenue, margin
            -- or profit); only customers with a positive amount need ranking:
            -- the others come after all of them, so the share before them is
            -- the whole amount
            ranked AS (
                SELECT id,
                       COALESCE(SUM(amount) OVER (
                           ORDER BY amount DESC, id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       ), 0) AS before
                  FROM customers
                 WHERE amount > 0
            ),
            total AS (
                SELECT COALESCE(SUM(amount), 0) AS total
                  FROM customers
                 WHERE amount > 0
            ),
            tiered AS (
                SELECT customers.*,
                       total.total,
                       COALESCE(ranked.before, total.total) AS before,
                       CASE WHEN locked AND old_tier IS NOT NULL THEN old_tier
                            WHEN amount <= 0 THEN 'c'
                            WHEN ranked.before * 100 < %(a)s * total.total THEN 'a'
                            WHEN ranked.before * 100 < %(b)s * total.total THEN 'b'
                            ELSE 'c'
                       END AS tier
                  FROM customers
            CROSS JOIN total
             LEFT JOIN ranked ON ranked.id = customers.id
            )
            SELECT *,
                   CASE WHEN total > 0 THEN ROUND(amount * 100 / total, 4)
                        ELSE 0 END AS share,
                   CASE WHEN total > 0
                        THEN ROUND((before + GREATEST(amount, 0)) * 100 / total, 4)
                        ELSE 0 END AS cumulative,
                   CASE WHEN old_tier IS NOT DISTINCT FROM tier
                        THEN COALESCE(old_since, %(today)s) ELSE %(today)s
                   END AS since,
                   CASE WHEN last_date IS NOT NULL
                             AND %(today)s - last_date
                                 > COALESCE(interval * %(factor)s, %(default_days)s)
                        THEN 'frozen'
                        WHEN previous > 0
                             AND revenue <= previous * (100 - %(decline)s) / 100
                        THEN 'migrating'
                        WHEN tier IN ('a', 'b') THEN 'value'
                        WHEN revenue > 0
                             AND revenue >= previous * (100 + %(growth)s) / 100
                        THEN 'potential'
                   END AS segment
              FROM tiered
            """,
            stored=self._stored_figures_sql(),
            customer=self.env["res.partner"]._customers_of_company_sql(
                "partner", self.company_id.id
            ),
            company=company,
            company_id=self.company_id.id,
            amount=self._tier_amount_sql(),
            today=SQL("%s::date", today),
            start=SQL("%s::date", start),
            previous_start=SQL(
                "%s::date", start - relativedelta(months=self.window_months)
            ),
            a=self.a_threshold,
            b=self.b_threshold,
            factor=self.frozen_interval_factor,
            default_days=self.frozen_default_days,
            decline=self.decline_threshold,
            growth=self.growth_threshold,
        )

    def _tier_amount_sql(self):
        """SQL: what the tiers rank the ``partner`` of ``invoices`` on."""
        return SQL("COALESCE(invoices.revenue, 0)")

    # company-dependent column -> (result column, SQL type to compare with)
    _HISTORY_MODEL = "customer.tier.history"
    _FIGURES = {
        "tier": ("tier", "text"),
        "tier_revenue": ("revenue", "numeric"),
        "tier_previous_revenue": ("previous", "numeric"),
        "tier_share": ("share", "numeric"),
        "tier_cumulative_share": ("cumulative", "numeric"),
        "tier_since": ("since", "date"),
        "value_segment": ("segment", "text"),
        "last_invoice_date": ("last_date", "date"),
        "purchase_interval": ("interval", "numeric"),
    }

    def _change_note(self, old, new, figure):
        labels = dict(TIERS)
        return self.env._(
            "ABC tier %(old)s → %(new)s (revenue %(revenue)s over %(months)s "
            "months, %(company)s)",
            old=labels[old],
            new=labels[new],
            revenue=self.company_id.currency_id.format(float(figure)),
            months=self.window_months,
            company=self.company_id.name,
        )
