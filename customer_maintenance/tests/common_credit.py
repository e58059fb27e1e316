from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2026, 6, 30)  # the day the credit figures are looked at in these tests


class CreditCase(AccountTestInvoicingCommon):
    """A company with customers, invoices with known due dates and payments,
    and the people who look at credit: a rep, accountants, a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        companies = {
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.rep = new_test_user(
            cls.env,
            "cm_credit_rep",
            groups="customer_maintenance.group_user",
            **companies,
        )
        cls.billing = new_test_user(
            cls.env,
            "cm_credit_billing",
            groups="account.group_account_invoice,base.group_partner_manager",
            **companies,
        )
        cls.auditor = new_test_user(
            cls.env,
            "cm_credit_auditor",
            groups="base.group_user,account.group_account_readonly",
            **companies,
        )
        cls.account_manager = new_test_user(
            cls.env,
            "cm_credit_account_manager",
            groups="account.group_account_manager,base.group_partner_manager",
            **companies,
        )
        cls.policy = cls.env["customer.credit.policy"]._get_for_company(cls.company)
        cls.customer = cls._customer("鼎盛建材")

    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "customer_rank": 1,
                "maintenance_user_id": cls.rep.id,
                **vals,
            }
        )

    @classmethod
    def _invoice(
        cls, partner, invoice_date, amount, due_days=30, post=True, kind="out_invoice"
    ):
        """A customer invoice (or credit note) of ``amount`` (no tax) due
        ``due_days`` after its date."""
        move = (
            cls.env["account.move"]
            .with_company(cls.company)
            .create(
                {
                    "move_type": kind,
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "date": invoice_date,
                    "invoice_date_due": invoice_date + timedelta(days=due_days),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "cement",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoices, payment_date, amount=None):
        vals = {"payment_date": payment_date}
        if amount is not None:
            vals["amount"] = amount
        return (
            cls.env["account.payment.register"]
            .with_company(cls.company)
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(vals)
            ._create_payments()
        )

    def _rate(self, today=TODAY):
        return self.policy.with_company(self.company)._recompute_ratings(today)

    def _as(self, user, partner=None):
        return (partner or self.customer).with_user(user).with_company(self.company)
