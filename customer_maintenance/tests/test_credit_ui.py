from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common_credit import CreditCase


@tagged("post_install", "-at_install")
class TestCreditUi(CreditCase, HttpCase):
    """An accounting manager works the Credit & Payments list in a real
    browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late = cls._customer("Tour Late Payer")
        cls.good = cls._customer("Tour Good Payer")
        today = fields.Date.context_today(cls.late)
        # due 30 days after the invoice: 60 and 0 days overdue
        cls._invoice(cls.late, today - timedelta(days=90), 1000)
        cls._invoice(cls.good, today - timedelta(days=30), 1000)
        cls.policy.with_company(cls.company)._recompute_ratings()

    def test_accountant_filters_reads_the_rating_and_holds(self):
        self.start_tour(
            "/odoo/action-customer_maintenance.res_partner_action_credit",
            "customer_maintenance_credit_tour",
            login="cm_credit_account_manager",
        )
        late = self.late.with_company(self.company)
        self.assertTrue(late.credit_hold)
        self.assertEqual(late.credit_hold_reason, "Cheque bounced twice")
        self.assertFalse(self.good.with_company(self.company).credit_hold)
