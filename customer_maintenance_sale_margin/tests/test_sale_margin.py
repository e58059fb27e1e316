from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.customer_maintenance.tests.common_tier import TierCase


@tagged("post_install", "-at_install")
class TestSaleMargin(TierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Cement",
                "list_price": 100,
                "standard_price": 40,
                "invoice_policy": "order",
            }
        )
        cls.customer = cls._customers("Order Co")

    def _invoice_order(self, purchase_price):
        order = (
            self.env["sale.order"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 3,
                                "price_unit": 100,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if purchase_price is not None:
            order.order_line.purchase_price = purchase_price
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = date(2026, 5, 1)
        invoice.action_post()
        return invoice.invoice_line_ids

    def test_order_line_cost_wins(self):
        line = self._invoice_order(55.0)
        self.assertEqual((line.customer_cost, line.customer_cost_missing), (165, False))
        self.policy.with_company(self.company)._recompute_margin(date(2026, 6, 30))
        customer = self.customer.with_company(self.company)
        self.assertEqual((customer.margin_cost, customer.gross_margin), (165, 135))

    def test_product_cost_without_order_cost(self):
        line = self._invoice_order(0.0)
        self.assertEqual(line.customer_cost, 120)
