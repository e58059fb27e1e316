from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_margin import MarginCase


@tagged("post_install", "-at_install")
class TestMargin(MarginCase):
    def test_cost_captured_at_posting(self):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", self.steady.id),
                ("display_type", "=", "product"),
            ],
            order="date",
        )
        self.assertEqual(lines.mapped("customer_cost"), [400.0, 400.0, -80.0])
        # a later change of the product cost does not change posted lines
        self.widget.standard_price = 90.0
        self.assertEqual(lines[1].customer_cost, 400.0)
        self.assertFalse(any(lines.mapped("customer_cost_missing")))

    def test_margins_cost_to_serve_and_profit(self):
        self._recompute()
        self.assertEqual(self._figures(self.whale), (2250, 2000, 250, 350, -100))
        self.assertEqual(self._figures(self.steady), (800, 320, 480, 0, 480))
        # one dozen widgets costs 12 units
        self.assertEqual(self._figures(self.dozen), (600, 480, 120, 0, 120))
        self.assertEqual(self._figures(self.service), (500, 0, 500, 0, 500))
        self.assertEqual(self.steady.with_company(self.company).margin_percent, 60)

    def test_uncosted_lines_flagged(self):
        self._recompute()
        counts = [p.with_company(self.company).margin_uncosted_lines for p in self.four]
        self.assertEqual(counts, [0, 0, 0, 1])
        line = self.env["account.move.line"].search(
            [("partner_id", "=", self.service.id), ("display_type", "=", "product")]
        )
        self.assertTrue(line.customer_cost_missing)
        Partner = self.env["res.partner"].with_company(self.company)
        self.assertEqual(
            Partner.search([("margin_uncosted_lines", ">", 0)]) & self.four,
            self.service,
        )

    def test_unprofitable_filter(self):
        self._recompute()
        Partner = self.env["res.partner"].with_company(self.company)
        self.assertEqual(Partner.search([("profit", "<", 0)]) & self.four, self.whale)

    def test_contacts_share_the_figures(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.whale.id}
        )
        self._recompute()
        self.assertEqual(contact.with_company(self.company).profit, -100)

    def test_nothing_to_change_writes_nothing(self):
        self.assertGreater(
            self.policy.with_company(self.company)._recompute_margin(self.today), 0
        )
        self.assertEqual(
            self.policy.with_company(self.company)._recompute_margin(self.today), 0
        )

    def test_greetings_cost(self):
        occasion = self.env["customer.care.occasion"].search([], limit=1)
        self.env["customer.care.log"].sudo().create(
            [
                {
                    "partner_id": self.steady.id,
                    "occasion_id": occasion.id,
                    "period": period,
                    "date": day,
                    "channel": "email",
                }
                for period, day in (
                    ("2026-01", date(2026, 1, 1)),
                    ("2025", date(2025, 1, 1)),
                )
            ]
        )
        self.policy.cost_greeting = 5.0
        self._recompute()
        self.assertEqual(self._figures(self.steady)[3:], (5, 475))

    def test_report_and_whale_curve(self):
        self._recompute()
        Report = self.env["customer.profitability.report"].with_user(self.manager)
        rows = Report.search(
            [("partner_id", "in", self.four.ids), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            rows.mapped("partner_id"),
            self.service | self.steady | self.dozen | self.whale,
        )
        self.assertEqual(rows.mapped("profit"), [500, 480, 120, -100])
        self.assertEqual(rows.mapped("in_loss_tail"), [False, False, False, True])
        self.assertEqual(rows.mapped("profit_rank"), sorted(rows.mapped("profit_rank")))
        groups = Report._read_group(
            [("partner_id", "in", self.four.ids)],
            ["tier"],
            ["profit:sum", "margin:sum"],
        )
        self.assertEqual({t: (p, m) for t, p, m in groups}["a"], (500, 850))

    def test_rep_reads_own_customers_only(self):
        self.whale.maintenance_user_id = self.rep
        self._recompute()
        self.assertEqual(
            self.whale.with_user(self.rep).with_company(self.company).profit, -100
        )
        rows = (
            self.env["customer.profitability.report"]
            .with_user(self.rep)
            .search([("partner_id", "in", self.four.ids)])
        )
        self.assertEqual(rows.partner_id, self.whale)
        with self.assertRaises(AccessError):
            self.policy.with_user(self.rep).write({"cost_visit": 1.0})

    def test_shared_customer_in_two_companies(self):
        other = self.setup_other_company(name="Other Margin Co")["company"]
        self.manager.company_ids = [Command.link(other.id)]
        self.widget.with_company(other).standard_price = 70.0
        self.env["account.move"].with_company(other).create(
            {
                "move_type": "out_invoice",
                "partner_id": self.steady.id,
                "invoice_date": date(2026, 5, 1),
                "date": date(2026, 5, 1),
                "company_id": other.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.widget.id,
                            "quantity": 2,
                            "price_unit": 100,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        ).action_post()
        other_policy = self.env["customer.tier.policy"]._get_for_company(other)
        other_policy.cost_call = 15.0
        self._followups(self.steady, [("call", "done", date(2026, 5, 2))], other)
        self._recompute()
        other_policy.with_company(other)._recompute(self.today)
        self.assertEqual(self._figures(self.steady, other), (200, 140, 60, 15, 45))
        self.assertEqual(self._figures(self.steady), (800, 320, 480, 0, 480))
