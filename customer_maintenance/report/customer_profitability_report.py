from odoo import fields, models
from odoo.tools import SQL

from ..models.customer_tier_policy import TIERS
from ..models.customer_tier_policy_rfm import LOYALTY


class CustomerProfitabilityReport(models.Model):
    """Customer profitability per company: one row per customer with the
    figures of the last recomputation, and its rank by profit (highest first)
    for the whale curve: the cumulative profit by rank. The customers after
    the curve's peak, those losing money, are the loss-making tail."""

    _name = "customer.profitability.report"
    _description = "Customer Profitability"
    _auto = False
    _order = "company_id, profit_rank"
    _depends = {
        "res.partner": [
            "commercial_partner_id",
            "maintenance_user_id",
            "tier",
            "rfm_segment_id",
            "loyalty",
            "margin_revenue",
            "margin_cost",
            "gross_margin",
            "cost_to_serve",
            "profit",
            "margin_uncosted_lines",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    tier = fields.Selection(TIERS, string="ABC Tier", readonly=True)
    rfm_segment_id = fields.Many2one(
        "customer.rfm.segment", string="RFM Segment", readonly=True
    )
    loyalty = fields.Selection(LOYALTY, readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(string="Cost of Sales", readonly=True)
    margin = fields.Monetary(string="Gross Margin", readonly=True)
    cost_to_serve = fields.Monetary(readonly=True)
    profit = fields.Monetary(string="Profit After Cost to Serve", readonly=True)
    uncosted_lines = fields.Integer(readonly=True)
    profit_rank = fields.Integer(
        string="Rank by Profit", readonly=True, aggregator="max"
    )
    rank_percent = fields.Integer(
        string="Customers (% by Profit)",
        readonly=True,
        aggregator="max",
        help="The customer's rank by profit, highest first, in percent of the "
        "company's customers (1 to 100): the whale curve's axis.",
    )
    in_loss_tail = fields.Boolean(
        string="In Loss-making Tail",
        readonly=True,
        help="After the peak of the whale curve: the customer's profit is "
        "negative, so it lowers the cumulative profit.",
    )

    @property
    def _table_query(self):
        def figure(column, sql_type="numeric"):
            return SQL(
                "(partner.%s->>company.id::text)::%s",
                SQL.identifier(column),
                SQL(sql_type),
            )

        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY company_id, profit_rank) AS id, *
              FROM (
                SELECT *,
                       ROW_NUMBER() OVER (PARTITION BY company_id
                                          ORDER BY profit DESC, partner_id)
                           AS profit_rank,
                       CEIL(100.0 * ROW_NUMBER() OVER (
                                PARTITION BY company_id
                                ORDER BY profit DESC, partner_id)
                            / COUNT(*) OVER (PARTITION BY company_id))::int
                           AS rank_percent,
                       profit < 0 AS in_loss_tail
                  FROM (
                    SELECT partner.id AS partner_id,
                           company.id AS company_id,
                           partner.maintenance_user_id AS user_id,
                           %(tier)s AS tier,
                           %(segment)s AS rfm_segment_id,
                           %(loyalty)s AS loyalty,
                           %(revenue)s AS revenue,
                           %(cost)s AS cost,
                           %(margin)s AS margin,
                           %(serve)s AS cost_to_serve,
                           %(profit)s AS profit,
                           %(uncosted)s AS uncosted_lines
                      FROM res_partner partner
                      JOIN res_company company
                        ON partner.margin_revenue ? company.id::text
                     WHERE partner.id = partner.commercial_partner_id
                  ) figures
              ) ranked
            """,
            tier=figure("tier", "text"),
            segment=figure("rfm_segment_id", "int"),
            loyalty=figure("loyalty", "text"),
            revenue=figure("margin_revenue"),
            cost=figure("margin_cost"),
            margin=figure("gross_margin"),
            serve=figure("cost_to_serve"),
            profit=figure("profit"),
            uncosted=figure("margin_uncosted_lines", "int"),
        )
