from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.customer_maintenance.tests.common_credit import CreditCase


@tagged("post_install", "-at_install")
class TestSaleCredit(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls.env["res.users"].create(
            {
                "name": "Sales Rep",
                "login": "cm_sale_rep",
                "email": "sale.rep@example.com",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("sales_team.group_sale_salesman").id,
                            cls.env.ref("customer_maintenance.group_user").id,
                        ]
                    )
                ],
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "水泥", "list_price": 100, "invoice_policy": "order"}
        )

    def _order(self, quantity=1):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .with_company(self.company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": quantity,
                                "price_unit": 100,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _hold(self):
        self.customer.with_user(self.account_manager).with_company(
            self.company
        )._set_credit_hold("Cheque bounced twice")

    def test_confirming_an_order_on_hold_is_blocked(self):
        self._hold()
        order = self._order()
        self.assertIn("Cheque bounced twice", order.credit_hold_warning)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn(self.customer.name, str(caught.exception))
        self.assertIn(order.state, ("draft", "sent"))

    def test_warn_policy_confirms_with_a_note(self):
        self.policy.hold_policy = "warn"
        self._hold()
        order = self._order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertIn("Confirmed although", order.message_ids[0].body)

    def test_confirmed_orders_count_in_the_utilisation(self):
        self.customer.with_company(self.company).credit_limit = 1000
        self._invoice(self.customer, self.env.cr.now().date(), 300)
        draft = self._order(quantity=3)
        self._order(quantity=5).action_confirm()
        partner = self.customer.with_user(self.billing).with_company(self.company)
        self.assertEqual(partner.credit_open_orders, 500)
        self.assertAlmostEqual(partner.credit_utilisation, 80.0)
        self.assertFalse(partner.credit_over_limit)
        draft.action_confirm()
        partner.invalidate_recordset()
        self.assertTrue(partner.credit_over_limit)
        Partner = self.env["res.partner"].with_user(self.billing)
        self.assertIn(self.customer, Partner.search([("credit_over_limit", "=", True)]))
        self._rate(today=self.env.cr.now().date())
        self.assertAlmostEqual(
            partner.credit_rating_utilisation, (300 + 500 + 300) * 100 / 1000
        )
