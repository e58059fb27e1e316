from datetime import date, datetime

from odoo import Command

from .common_tier import TierCase


class MarginCase(TierCase):
    """Four customers whose margins, cost to serve and profits are known by
    hand (tier window: 12 months up to 30 June 2026, A < 80%, B < 95%).

    =========  =======  =====  ======  =============  ======
    customer   revenue  cost   margin  cost to serve  profit
    =========  =======  =====  ======  =============  ======
    Whale      2250     2000   250     350            -100
    Steady     800      320    480     0              480
    Dozen      600      480    120     0              120
    Service    500      0 (*)  500     0              500
    =========  =======  =====  ======  =============  ======

    (*) one uncosted line. By revenue the four are A, A, A, B; by profit
    Service A, Steady A, Dozen B, Whale C.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.widget = cls.env["product.product"].create(
            {"name": "Widget", "standard_price": 40.0, "type": "consu"}
        )
        cls.whale, cls.steady, cls.dozen, cls.service = cls._customers(
            "Whale", "Steady", "Dozen", "Service"
        )
        cls.four = cls.whale | cls.steady | cls.dozen | cls.service
        d = date
        cls._product_invoices(
            [
                # 50 widgets at 45: 2250, cost 50 * 40
                (cls.whale, d(2026, 3, 10), cls.widget, 50, 45),
                # 10 widgets at 100 less a refund of 2: 800, cost 400 - 80
                (cls.steady, d(2026, 2, 10), cls.widget, 10, 100),
                (cls.steady, d(2026, 4, 10), cls.widget, 2, 100, "out_refund"),
                # one dozen widgets at 600: cost 12 * 40
                (cls.dozen, d(2026, 5, 10), cls.widget, 1, 600, "out_invoice", "dozen"),
                # a line without product: uncosted
                (cls.service, d(2026, 6, 10), None, 1, 500),
                # before the window: not counted
                (cls.steady, d(2025, 5, 10), cls.widget, 10, 100),
            ]
        )
        cls.policy.write(
            {"cost_visit": 100.0, "cost_call": 10.0, "cost_feedback": 50.0}
        )
        # the whale: 3 visits and one feedback resolved in the window, one
        # visit before it, one visit planned only
        cls._followups(
            cls.whale,
            [
                ("visit", "done", d(2026, 1, 5)),
                ("visit", "done", d(2026, 2, 5)),
                ("visit", "done", d(2026, 3, 5)),
                ("visit", "done", d(2025, 6, 5)),
                ("visit", "planned", None),
            ],
        )
        cls._resolved_feedback(cls.whale, datetime(2026, 4, 1, 10))

    @classmethod
    def _product_invoices(cls, rows):
        """rows: (partner, date, product, quantity, price[, type[, uom xmlid]])"""
        moves = cls.env["account.move"]
        for partner, invoice_date, product, quantity, price, *rest in rows:
            line = {
                "name": product.name if product else "Consulting",
                "quantity": quantity,
                "price_unit": price,
                "tax_ids": [Command.clear()],
            }
            if product:
                line["product_id"] = product.id
            if len(rest) > 1:
                line["product_uom_id"] = cls.env.ref(f"uom.product_uom_{rest[1]}").id
            moves |= (
                cls.env["account.move"]
                .with_company(cls.company)
                .create(
                    {
                        "move_type": rest[0] if rest else "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": invoice_date,
                        "date": invoice_date,
                        "company_id": cls.company.id,
                        "invoice_line_ids": [Command.create(line)],
                    }
                )
            )
        moves.action_post()
        return moves

    @classmethod
    def _followups(cls, partner, rows, company=None):
        company = company or cls.company
        return cls.env["customer.followup"].create(
            [
                {
                    "partner_id": partner.id,
                    "user_id": cls.rep.id,
                    "company_id": company.id,
                    "kind": kind,
                    "state": state,
                    "planned_datetime": datetime(2026, 6, 1, 9)
                    if state == "planned"
                    else datetime(done.year, done.month, done.day, 9),
                    "done_date": done,
                    "outcome": "Met the buyer" if state == "done" else False,
                }
                for kind, state, done in rows
            ]
        )

    @classmethod
    def _resolved_feedback(cls, partner, resolved, company=None):
        return cls.env["customer.feedback"].create(
            {
                "name": "Late delivery",
                "partner_id": partner.id,
                "company_id": (company or cls.company).id,
                "stage_id": cls.env.ref(
                    "customer_maintenance.customer_feedback_stage_resolved"
                ).id,
                "resolution": "<p>Redelivered</p>",
                "resolved_date": resolved,
            }
        )

    def _recompute(self, today=None):
        # the nightly run: margins, RFM and loyalty, then the tiers
        return self.policy.with_company(self.company)._recompute(today or self.today)

    today = date(2026, 6, 30)

    def _figures(self, partner, company=None):
        partner = partner.with_company(company or self.company)
        return (
            partner.margin_revenue,
            partner.margin_cost,
            partner.gross_margin,
            partner.cost_to_serve,
            partner.profit,
        )

    def _change_basis(self, basis, reason="Revenue hides the costly customers"):
        wizard = (
            self.env["customer.tier.basis.wizard"]
            .with_user(self.manager)
            .create({"policy_id": self.policy.id, "basis": basis, "reason": reason})
        )
        return wizard.action_change()
