"""The query of the nightly health run: every customer of a company with its
five parts, its score, band and lifecycle stage, beside the stored ones
(``customer.company.policy._write_figures`` writes what changed).

The parts, each 0-100 points, NULL when the customer has no data for it:

- value: the tier (A 100, B 70, C 40), averaged with the trend (revenue over
  previous revenue, at most 100) when there was revenue in the previous
  window; no data without revenue in either window;
- recency: 100 up to the usual interval since the last invoice, down to 0 at
  twice the interval; no data without invoice;
- care: the average of the follow-ups done out of those due in the window
  (done, missed, planned and overdue) and of the schedule (100, or 0 when
  overdue); no data without either;
- service: the satisfaction in the window ((average - 1) x 25, or 100 when
  nothing is rated), less 20 per open complaint and 10 per missed deadline;
  no data without feedback in the window nor open complaint;
- payment: the average of the credit rating (A 100, B 75, C 50, D 25) and of
  the part of the receivable not overdue; no data without either.

The score is the weighted average of the parts with data.
"""

from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.tools import SQL

from .customer_health_policy import HEALTH_PARTS

TIER_POINTS = {"a": 100, "b": 70, "c": 40}
RATING_POINTS = {"a": 100, "b": 75, "c": 50, "d": 25}


def _points_case(column, points):
    return SQL(
        "CASE %s %s END",
        column,
        SQL(" ").join(
            SQL("WHEN %s THEN %s", key, value) for key, value in points.items()
        ),
    )


class CustomerHealthPolicy(models.Model):
    _inherit = "customer.health.policy"

    def _health_result_query(self, today, partner_ids=None):
        """Every customer of the company (or the commercial partners
        ``partner_ids``) with its stored and its new figures."""
        self.ensure_one()
        company = str(self.company_id.id)
        company_id = self.company_id.id
        start = today - timedelta(days=self.window_days)
        now = datetime.combine(today, time.max)
        credit = self.env["customer.credit.policy"]._get_for_company(self.company_id)

        def stored(column, sql_type):
            return SQL(
                "(partner.%s->>%s)::%s", SQL.identifier(column), company, SQL(sql_type)
            )

        weights = self._weights()
        points = SQL(" + ").join(
            SQL("COALESCE(%s * %s, 0)", SQL.identifier(f"{part}_points"), weights[part])
            for part in HEALTH_PARTS
        )
        total = SQL(" + ").join(
            SQL(
                "CASE WHEN %s IS NOT NULL THEN %s ELSE 0 END",
                SQL.identifier(f"{part}_points"),
                weights[part],
            )
            for part in HEALTH_PARTS
        )
        missing = SQL(", ").join(
            SQL(
                "CASE WHEN %s IS NULL THEN %s END",
                SQL.identifier(f"{part}_points"),
                part,
            )
            for part in HEALTH_PARTS
        )
        return SQL(
            """
            WITH invoices AS (
                SELECT move.commercial_partner_id AS partner_id,
                       MIN(move.invoice_date) AS first_date,
                       MAX(move.invoice_date) AS last_date
                  FROM account_move move
                 WHERE move.company_id = %(company_id)s
                   AND move.state = 'posted'
                   AND move.move_type = 'out_invoice'
                   AND move.invoice_date <= %(today)s
                   AND %(invoice_partners)s
              GROUP BY move.commercial_partner_id
            ),
            followups AS (
                SELECT followup.partner_id,
                       COUNT(*) FILTER (WHERE followup.state = 'done') AS done,
                       COUNT(*) AS due
                  FROM customer_followup followup
                 WHERE followup.company_id = %(company_id)s
                   AND followup.planned_date > %(start)s
                   AND followup.planned_date <= %(today)s
                   AND (followup.state IN ('done', 'missed')
                        OR (followup.state = 'planned'
                            AND followup.planned_date < %(today)s))
                   AND %(followup_partners)s
              GROUP BY followup.partner_id
            ),
            feedback AS (
                SELECT commercial.commercial_partner_id AS partner_id,
                       AVG(feedback.rating_last_value::numeric) FILTER (
                           WHERE feedback.rating_last_value >= 1
                             AND feedback.date_received > %(start)s) AS rating,
                       COUNT(*) FILTER (
                           WHERE feedback.feedback_type = 'complaint'
                             AND feedback.is_resolved IS NOT TRUE) AS open_complaints,
                       COUNT(*) FILTER (
                           WHERE feedback.date_received > %(start)s
                             AND feedback.deadline IS NOT NULL
                             AND CASE WHEN feedback.is_resolved
                                      THEN feedback.resolved_date > feedback.deadline
                                      ELSE %(now)s > feedback.deadline END) AS missed,
                       COUNT(*) FILTER (WHERE feedback.date_received > %(start)s)
                           AS recent
                  FROM customer_feedback feedback
                  JOIN res_partner commercial ON commercial.id = feedback.partner_id
                 WHERE feedback.company_id = %(company_id)s
                   AND (feedback.date_received > %(start)s
                        OR feedback.is_resolved IS NOT TRUE)
              GROUP BY commercial.commercial_partner_id
            ),
            open_items AS (%(open_items)s),
            customers AS (
                SELECT partner.id,
                       %(stored)s,
                       COALESCE(%(locked)s, FALSE) AS locked,
                       %(tier)s AS tier,
                       COALESCE(%(revenue)s, 0) AS revenue,
                       COALESCE(%(previous)s, 0) AS previous,
                       %(segment)s AS segment,
                       COALESCE(NULLIF(%(interval)s, 0), %(default_interval)s)
                           AS interval,
                       %(rating)s AS rating,
                       %(status)s AS status,
                       partner.is_lost,
                       partner.lost_date,
                       invoices.first_date,
                       invoices.last_date,
                       followups.done,
                       followups.due,
                       feedback.rating AS satisfaction,
                       COALESCE(feedback.open_complaints, 0) AS open_complaints,
                       COALESCE(feedback.missed, 0) AS missed,
                       COALESCE(feedback.recent, 0) AS recent,
                       open_items.receivable,
                       open_items.overdue
                  FROM res_partner partner
             LEFT JOIN invoices ON invoices.partner_id = partner.id
             LEFT JOIN followups ON followups.partner_id = partner.id
             LEFT JOIN feedback ON feedback.partner_id = partner.id
             LEFT JOIN open_items ON open_items.partner_id = partner.id
                 WHERE %(customer)s
                   AND %(partners)s
            ),
            parts AS (
                SELECT customers.*,
                       ROUND(CASE WHEN revenue = 0 AND previous = 0 THEN NULL
                                  WHEN previous > 0
                                  THEN (%(tier_points)s + LEAST(100, GREATEST(0,
                                        revenue * 100 / previous))) / 2
                                  ELSE %(tier_points)s END, 1) AS value_points,
                       ROUND(CASE WHEN last_date IS NOT NULL
                                  THEN 100 * GREATEST(0, LEAST(1,
                                       2 - (%(today)s - last_date) / interval))
                             END, 1) AS recency_points,
                       ROUND(CASE WHEN due > 0 AND status IS NOT NULL
                                  THEN (done * 100.0 / due + %(status_points)s) / 2
                                  WHEN due > 0 THEN done * 100.0 / due
                                  ELSE %(status_points)s END, 1) AS care_points,
                       ROUND(CASE WHEN recent > 0 OR open_complaints > 0
                                  THEN GREATEST(0,
                                       COALESCE((satisfaction - 1) * 25, 100)
                                       - 20 * open_complaints - 10 * missed)
                             END, 1) AS service_points,
                       ROUND(CASE WHEN receivable > 0 AND rating IS NOT NULL
                                  THEN (%(rating_points)s + %(not_overdue)s) / 2
                                  WHEN receivable > 0 THEN %(not_overdue)s
                                  ELSE %(rating_points)s END, 1) AS payment_points
                  FROM customers
            ),
            scored AS (
                SELECT parts.*,
                       ROUND((%(points)s) / NULLIF(%(total)s, 0), 1) AS score,
                       NULLIF(array_to_string(ARRAY[%(missing)s], ','), '') AS missing
                  FROM parts
            ),
            banded AS (
                SELECT scored.*,
                       CASE WHEN score IS NULL THEN NULL
                            WHEN score >= %(band_healthy)s THEN 'healthy'
                            WHEN score >= %(band_watch)s THEN 'watch'
                            ELSE 'at_risk' END AS band
                  FROM scored
            ),
            staged AS (
                SELECT banded.*,
                       CASE WHEN locked AND old_stage IS NOT NULL THEN old_stage
                            WHEN is_lost AND (last_date IS NULL OR lost_date IS NULL
                                              OR last_date <= lost_date) THEN 'lost'
                            WHEN last_date IS NULL THEN 'prospect'
                            WHEN segment = 'frozen' THEN 'dormant'
                            WHEN old_stage IN ('dormant', 'lost') THEN 'won_back'
                            WHEN old_stage = 'won_back'
                                 AND old_stage_since > %(new_start)s THEN 'won_back'
                            WHEN band = 'at_risk'
                                 OR %(today)s - last_date > %(silent)s * interval
                            THEN 'at_risk'
                            WHEN first_date > %(new_start)s THEN 'new'
                            ELSE 'active'
                       END AS stage
                  FROM banded
            )
            SELECT staged.*,
                   CASE WHEN old_stage IS NOT DISTINCT FROM stage
                        THEN COALESCE(old_stage_since, %(today)s) ELSE %(today)s
                   END AS stage_since
              FROM staged
            """,
            company_id=company_id,
            today=SQL("%s::date", today),
            start=SQL("%s::date", start),
            new_start=SQL("%s::date", today - timedelta(days=self.new_days)),
            now=SQL("%s::timestamp", fields.Datetime.to_string(now)),
            invoice_partners=self._only_sql("move.commercial_partner_id", partner_ids),
            followup_partners=self._only_sql("followup.partner_id", partner_ids),
            partners=self._only_sql("partner.id", partner_ids),
            open_items=credit._open_items_query(today, partner_ids),
            stored=self._stored_figures_sql(),
            locked=stored("lifecycle_stage_locked", "boolean"),
            tier=stored("tier", "text"),
            revenue=stored("tier_revenue", "numeric"),
            previous=stored("tier_previous_revenue", "numeric"),
            segment=stored("value_segment", "text"),
            interval=stored("purchase_interval", "numeric"),
            rating=stored("credit_rating", "text"),
            status=stored("followup_status", "text"),
            default_interval=self.default_interval_days,
            customer=self.env["res.partner"]._customers_of_company_sql(
                "partner", company_id
            ),
            tier_points=_points_case(SQL("COALESCE(tier, 'c')"), TIER_POINTS),
            rating_points=_points_case(SQL("rating"), RATING_POINTS),
            status_points=SQL(
                "CASE WHEN status = 'overdue' THEN 0 WHEN status IS NOT NULL "
                "THEN 100 END"
            ),
            not_overdue=SQL(
                "100 * (1 - LEAST(COALESCE(overdue, 0), receivable) / receivable)"
            ),
            points=points,
            total=total,
            missing=missing,
            band_healthy=self.band_healthy,
            band_watch=self.band_watch,
            silent=self.silent_factor,
        )
