from odoo import fields, models


class AccountMoveLine(models.Model):
    """The cost of a customer invoice line, captured when the invoice is
    posted, for the margins of ``customer.tier.policy``."""

    _inherit = "account.move.line"

    customer_cost = fields.Monetary(
        string="Cost at Invoicing",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="Cost of the line's quantity when the invoice was posted, in company "
        "currency: negative on a refund. The product's cost in the invoice's "
        "company, or the sale order line's cost when the line was invoiced from "
        "an order with margins.",
    )
    customer_cost_missing = fields.Boolean(
        string="Uncosted",
        readonly=True,
        copy=False,
        help="The line had no cost when the invoice was posted: it counts as 0 in "
        "the customer's margin.",
    )

    def _customer_costed_lines(self):
        """The product lines of customer invoices and refunds."""
        return self.filtered(
            lambda line: (
                line.display_type == "product"
                and line.move_id.move_type in ("out_invoice", "out_refund")
            )
        )

    def _customer_unit_costs(self):
        """{line: cost of one unit of the line's UoM in company currency, or
        None when unknown}. Extended by the bridge to sale margins."""
        costs = {}
        for line in self:
            product = line.product_id.with_company(line.company_id)
            if not product or not product.standard_price:
                costs[line] = None
                continue
            unit = product.standard_price
            if line.product_uom_id and line.product_uom_id != product.uom_id:
                unit = product.uom_id._compute_price(unit, line.product_uom_id)
            costs[line] = unit
        return costs

    def _capture_customer_cost(self):
        """Store the cost of the customer invoice lines being posted."""
        lines = self._customer_costed_lines()
        for line, unit in lines._customer_unit_costs().items():
            sign = -1 if line.move_id.move_type == "out_refund" else 1
            line.write(
                {
                    "customer_cost": sign * line.quantity * (unit or 0.0),
                    "customer_cost_missing": unit is None,
                }
            )
