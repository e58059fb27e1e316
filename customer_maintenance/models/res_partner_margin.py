from odoo import fields, models


class ResPartner(models.Model):
    """Gross margin, cost to serve and profit per company over the tier
    window (recomputed by ``customer.tier.policy`` in the nightly run)."""

    _inherit = "res.partner"

    margin_revenue = fields.Float(
        string="Revenue (Margin)",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Untaxed product lines of the posted customer invoices minus "
        "refunds over the tier window, in company currency.",
    )
    margin_cost = fields.Float(
        string="Cost of Sales",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="The cost of those lines at invoicing: the product's cost, or the "
        "sale order line's cost when sale margins are installed.",
    )
    gross_margin = fields.Float(
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Revenue minus cost of sales over the tier window.",
    )
    margin_percent = fields.Float(
        string="Margin (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 2),
        help="Gross margin in percent of the revenue (empty without revenue).",
    )
    margin_uncosted_lines = fields.Integer(
        string="Uncosted Lines",
        company_dependent=True,
        readonly=True,
        help="Invoice lines of the window that had no cost when posted: they "
        "count as cost 0, so the margin is overstated.",
    )
    cost_to_serve = fields.Float(
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Follow-ups done, feedback resolved and greetings sent over the tier "
        "window, each at the unit cost of the tier policy.",
    )
    profit = fields.Float(
        string="Profit After Cost to Serve",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Gross margin minus cost to serve over the tier window.",
    )

    def _commercial_fields(self):
        # a company's contacts share its margin figures
        return [
            *super()._commercial_fields(),
            *self.env["customer.tier.policy"]._MARGIN_FIGURES,
        ]
