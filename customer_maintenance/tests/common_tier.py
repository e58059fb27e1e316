from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2026, 6, 30)  # the date the tiers are computed at in these tests


class TierCase(AccountTestInvoicingCommon):
    """Customers with invoices whose A/B/C split is known by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        cls.rep = new_test_user(
            cls.env,
            "cm_tier_rep",
            groups="customer_maintenance.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            "cm_tier_manager",
            groups="customer_maintenance.group_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.policy = cls.env["customer.tier.policy"]._get_for_company(cls.company)

    @classmethod
    def _customers(cls, *names):
        return cls.env["res.partner"].create(
            [{"name": name, "customer_rank": 1} for name in names]
        )

    @classmethod
    def _invoices(cls, rows, post=True):
        """rows: (partner, invoice date, untaxed amount[, move type[, currency]])"""
        vals_list = []
        for partner, invoice_date, amount, *rest in rows:
            move_type = rest[0] if rest else "out_invoice"
            currency = rest[1] if len(rest) > 1 else cls.company.currency_id
            vals_list.append(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "date": invoice_date,
                    "currency_id": currency.id,
                    "company_id": cls.company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "goods",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        moves = cls.env["account.move"].with_company(cls.company).create(vals_list)
        if post:
            moves.action_post()
        return moves

    def _recompute(self, today=TODAY):
        return self.policy.with_company(self.company)._recompute_tiers(today)

    def _tiers(self, partners):
        return [p.with_company(self.company).tier for p in partners]
