from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common_credit import TODAY, CreditCase


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
class TestCreditOpenItems(CreditCase):
    def test_receivable_overdue_and_aging(self):
        # due dates 100, 70, 40, 10 days ago and one not due yet
        for invoice_age, amount in ((130, 100), (100, 200), (70, 300), (40, 400)):
            self._invoice(self.customer, days_ago(invoice_age), amount)
        self._invoice(self.customer, days_ago(5), 1000)
        partial = self._invoice(self.customer, days_ago(45), 600)
        self._pay(partial, days_ago(1), amount=250)

        partner = self._as(self.billing)
        self.assertEqual(partner.credit_receivable, 100 + 200 + 300 + 400 + 1000 + 350)
        self.assertEqual(partner.credit_aging_90_plus, 100)
        self.assertEqual(partner.credit_aging_61_90, 200)
        self.assertEqual(partner.credit_aging_31_60, 300)
        self.assertEqual(partner.credit_aging_1_30, 400 + 350)
        self.assertEqual(partner.credit_aging_not_due, 1000)
        self.assertEqual(partner.credit_overdue, 100 + 200 + 300 + 400 + 350)
        self.assertEqual(partner.credit_overdue_days, 100)

    def test_contacts_show_their_company_and_unused_payments_count(self):
        self._invoice(self.customer, days_ago(50), 500)
        contact = self.env["res.partner"].create(
            {"name": "王经理", "parent_id": self.customer.id}
        )
        self._invoice(self.customer, days_ago(3), 120, kind="out_refund")
        as_contact = self._as(self.billing, contact)
        self.assertEqual(as_contact.credit_receivable, 500 - 120)
        # the unused credit note pays the oldest invoice first
        self.assertEqual(as_contact.credit_overdue, 500 - 120)
        self.assertEqual(as_contact.credit_aging_not_due, 0)

    def test_utilisation_and_over_limit(self):
        self.customer.with_company(self.company).credit_limit = 1000
        self._invoice(self.customer, days_ago(2), 800)
        partner = self._as(self.billing)
        self.assertAlmostEqual(partner.credit_utilisation, 80.0)
        self.assertFalse(partner.credit_over_limit)
        self._invoice(self.customer, days_ago(1), 400)
        partner.invalidate_recordset()
        self.assertAlmostEqual(partner.credit_utilisation, 120.0)
        self.assertTrue(partner.credit_over_limit)

    def test_filters_find_the_right_customers(self):
        late = self._customer("Late Paper Co")
        fresh = self._customer("Fresh Tea Co", credit_limit=100)
        quiet = self._customer("Quiet Co")
        self._invoice(late, days_ago(80), 50)
        self._invoice(fresh, days_ago(5), 300)
        Partner = self.env["res.partner"].with_user(self.billing)
        mine = [("id", "in", (late | fresh | quiet).ids)]
        self.assertEqual(
            Partner.search([*mine, ("credit_overdue_days", ">", 30)]), late
        )
        self.assertEqual(
            Partner.search([*mine, ("credit_over_limit", "=", True)]), fresh
        )
        self.assertEqual(
            Partner.search([*mine, ("credit_over_limit", "=", False)]), late | quiet
        )
        # customers without open items count as nothing overdue
        self.assertEqual(
            Partner.search([*mine, ("credit_overdue", "=", 0)]), fresh | quiet
        )
        self.assertEqual(Partner.search([*mine, ("credit_overdue", ">", 0)]), late)


@freeze_time(TODAY)
class TestCreditRating(CreditCase):
    def _behaviour(self, customer):
        # 1000 paid 10 days after its date (20 days early), 1000 paid 20 days late
        on_time = self._invoice(customer, days_ago(100), 1000)
        self._pay(on_time, days_ago(90))
        late = self._invoice(customer, days_ago(80), 1000)
        self._pay(late, days_ago(30))

    def test_payment_behaviour_and_score(self):
        self._behaviour(self.customer)
        self._rate()
        partner = self._as(self.billing)
        self.assertEqual(partner.payment_paid_amount, 2000)
        self.assertAlmostEqual(partner.payment_avg_days, (10 + 50) / 2)
        self.assertAlmostEqual(partner.payment_avg_days_late, (0 + 20) / 2)
        self.assertAlmostEqual(partner.payment_on_time_ratio, 50.0)
        self.assertEqual(partner.last_payment_date, days_ago(30))
        self.assertEqual(partner.last_payment_amount, 1000)
        policy = self.policy
        expected = (
            policy.weight_on_time * 50
            + policy.weight_days_late * 100 * (1 - 10 / policy.days_late_zero)
            + policy.weight_overdue * 100
        ) / (policy.weight_on_time + policy.weight_days_late + policy.weight_overdue)
        self.assertAlmostEqual(partner.credit_score, expected, places=1)
        self.assertEqual(partner.credit_rating, policy._rating_for(expected))
        self.assertEqual(partner.credit_rating_date, TODAY)
        reason = partner.credit_rating_reason
        self.assertIn("50%", reason)
        self.assertIn("No credit limit", reason)

    def test_python_and_sql_scores_agree(self):
        self._behaviour(self.customer)
        self.customer.with_company(self.company).credit_limit = 4000
        self._invoice(self.customer, days_ago(75), 1000)  # 45 days overdue
        self._rate()
        partner = self._as(self.billing)
        figures = {
            "on_time_ratio": partner.payment_on_time_ratio,
            "days_late": partner.payment_avg_days_late,
            "overdue_days": partner.credit_rating_overdue_days,
            "utilisation": partner.credit_rating_utilisation,
        }
        self.assertEqual(figures["overdue_days"], 45)
        self.assertAlmostEqual(figures["utilisation"], 25.0)
        policy = self.policy
        score = policy._score(policy._score_parts(figures))
        self.assertAlmostEqual(partner.credit_score, score, places=1)

    def test_bad_payer_gets_d_and_history_keeps_the_change(self):
        self._behaviour(self.customer)
        self._rate()
        first = self._as(self.billing).credit_rating
        # two big invoices long overdue, over the limit
        self.customer.with_company(self.company).credit_limit = 1000
        self._invoice(self.customer, days_ago(200), 3000)
        changed = self._rate()
        partner = self._as(self.billing)
        self.assertEqual(partner.credit_rating, "d")
        self.assertEqual(changed[0][1:3], (first, "d"))
        history = self.env["customer.credit.rating.history"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(history.mapped("new_rating"), ["d", first])
        self.assertIn("→ D", self.customer.message_ids[0].body)

    def test_customers_without_payments_or_debts_are_not_rated(self):
        self._rate()
        self.assertFalse(self._as(self.billing).credit_rating)
        self.assertIn("Not rated", self._as(self.billing).credit_rating_reason)

    def test_locked_rating_is_kept(self):
        self._invoice(self.customer, days_ago(200), 3000)
        self._as(self.account_manager).write(
            {
                "credit_rating": "a",
                "credit_rating_locked": True,
                "credit_rating_lock_reason": "Guaranteed by the parent group",
            }
        )
        self._rate()
        partner = self._as(self.billing)
        self.assertEqual(partner.credit_rating, "a")
        self.assertEqual(partner.credit_rating_overdue_days, 170)
        manual = self.env["customer.credit.rating.history"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(manual.reason, "Guaranteed by the parent group")
        self.assertEqual(manual.user_id, self.account_manager)

    def test_policy_bands_and_weights_are_checked(self):
        with self.assertRaises(ValidationError):
            self.policy.band_b = 90  # above A
        with self.assertRaises(ValidationError):
            self.policy.write(
                {
                    "weight_on_time": 0,
                    "weight_days_late": 0,
                    "weight_overdue": 0,
                    "weight_utilisation": 0,
                }
            )
        with self.assertRaises(ValidationError):
            self.policy.weight_overdue = -5

    def test_cron_rates_each_company_once_a_day(self):
        self._behaviour(self.customer)
        self.env["customer.credit.policy"]._cron_recompute()
        self.assertTrue(self._as(self.billing).credit_rating)
        self.assertTrue(self.policy.last_computed)

    def test_payment_record_shows_invoiced_and_collected(self):
        self._behaviour(self.customer)
        rows = (
            self.env["customer.payment.report"]
            .with_user(self.billing)
            .search([("partner_id", "=", self.customer.id)])
        )
        totals = {"invoiced": 0, "collected": 0}
        for row in rows:
            totals[row.kind] += row.amount
        self.assertEqual(totals, {"invoiced": 2000, "collected": 2000})
        action = self.customer.with_user(self.billing).action_view_payment_record()
        self.assertEqual(action["res_model"], "customer.payment.report")
