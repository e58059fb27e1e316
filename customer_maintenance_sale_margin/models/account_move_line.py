from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _customer_unit_costs(self):
        """A line invoiced from a sale order line with a cost (``sale_margin``'s
        purchase price, in the order's currency and UoM) costs that, in company
        currency and the invoice line's UoM; other lines keep the product's
        cost."""
        costs = super()._customer_unit_costs()
        for line in self:
            order_line = line.sale_line_ids[:1]
            if not order_line.purchase_price:
                continue
            unit = order_line.currency_id._convert(
                order_line.purchase_price,
                line.company_currency_id,
                line.company_id,
                line.date or fields.Date.context_today(line),
            )
            if line.product_uom_id and order_line.product_uom != line.product_uom_id:
                unit = order_line.product_uom._compute_price(unit, line.product_uom_id)
            costs[line] = unit
        return costs
