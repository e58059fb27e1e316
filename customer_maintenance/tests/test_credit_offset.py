from datetime import timedelta

from freezegun import freeze_time

from .common_credit import TODAY, CreditCase


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
class TestCreditOffset(CreditCase):
    """Unused credit notes and payments offset the open invoices oldest first."""

    def _unused_payment(self, partner, amount, payment_date):
        payment = (
            self.env["account.payment"]
            .with_company(self.company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": amount,
                    "date": payment_date,
                    "journal_id": self.company_data["default_journal_bank"].id,
                }
            )
        )
        payment.action_post()
        return payment

    def _assert_consistent(self, partner):
        buckets = (
            partner.credit_aging_not_due
            + partner.credit_aging_1_30
            + partner.credit_aging_31_60
            + partner.credit_aging_61_90
            + partner.credit_aging_90_plus
        )
        self.assertAlmostEqual(buckets, partner.credit_receivable)
        self.assertLessEqual(partner.credit_overdue, max(partner.credit_receivable, 0))

    def test_unused_credit_note_and_payment_pay_the_oldest_first(self):
        # 1000 due 70 days ago, 500 due 15 days ago, 800 due in 25 days
        self._invoice(self.customer, days_ago(100), 1000)
        self._invoice(self.customer, days_ago(45), 500)
        self._invoice(self.customer, days_ago(5), 800)
        # 300 credit note and 900 payment, neither matched with an invoice
        self._invoice(self.customer, days_ago(10), 300, kind="out_refund")
        self._unused_payment(self.customer, 900, days_ago(3))

        partner = self._as(self.billing)
        # by hand: the 1,200 of credits pay the 1,000 (oldest) and 200 of the
        # 500; 300 of it stays overdue (15 days), the 800 is not due
        self.assertEqual(partner.credit_receivable, 2300 - 1200)
        self.assertEqual(partner.credit_overdue, 300)
        self.assertEqual(partner.credit_aging_61_90, 0)
        self.assertEqual(partner.credit_aging_1_30, 300)
        self.assertEqual(partner.credit_aging_not_due, 800)
        self.assertEqual(partner.credit_overdue_days, 15)
        self._assert_consistent(partner)

        # the rating and the filters see the same figures
        self._rate()
        self.assertEqual(partner.credit_rating_overdue_days, 15)
        Partner = self.env["res.partner"].with_user(self.billing)
        mine = [("id", "=", self.customer.id)]
        self.assertFalse(Partner.search([*mine, ("credit_overdue_days", ">", 30)]))
        self.assertTrue(Partner.search([*mine, ("credit_overdue", "=", 300)]))

    def test_credits_above_the_invoices_leave_nothing_overdue(self):
        # like Deco Addict in Odoo's demo data: owes nothing, showed overdue
        self._invoice(self.customer, days_ago(120), 400)
        self._invoice(self.customer, days_ago(60), 100, kind="out_refund")
        self._unused_payment(self.customer, 500, days_ago(20))

        partner = self._as(self.billing)
        self.assertEqual(partner.credit_receivable, -200)
        self.assertEqual(partner.credit_overdue, 0)
        self.assertEqual(partner.credit_overdue_days, 0)
        self.assertEqual(partner.credit_aging_90_plus, 0)
        self.assertEqual(partner.credit_aging_not_due, -200)
        self._assert_consistent(partner)
        Partner = self.env["res.partner"].with_user(self.billing)
        self.assertFalse(
            Partner.search([("id", "=", self.customer.id), ("credit_overdue", ">", 0)])
        )

    def test_equal_due_dates_and_partial_offsets(self):
        # two invoices due the same day: the credit goes to the older line
        # first, and each bucket only keeps what is left of its invoices
        self._invoice(self.customer, days_ago(130), 100)
        self._invoice(self.customer, days_ago(130), 100)
        self._invoice(self.customer, days_ago(50), 100)
        self._invoice(self.customer, days_ago(2), 50, kind="out_refund")
        partner = self._as(self.billing)
        self.assertEqual(partner.credit_receivable, 250)
        self.assertEqual(partner.credit_aging_90_plus, 150)
        self.assertEqual(partner.credit_aging_1_30, 100)
        self.assertEqual(partner.credit_overdue, 250)
        self.assertEqual(partner.credit_aging_not_due, 0)
        self._assert_consistent(partner)
