from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common_credit import TODAY, CreditCase


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
class TestCreditRateNow(CreditCase):
    """*Rate Now* on a customer rates that customer only."""

    def _behaviour(self, customer):
        invoice = self._invoice(customer, days_ago(100), 1000)
        self._pay(invoice, days_ago(95))

    def test_rate_now_on_one_customer_leaves_the_others_alone(self):
        other = self._customer("Other Steel Co")
        for customer in (self.customer, other):
            self._behaviour(customer)
        self._rate(days_ago(1))
        policy_date = self.policy.last_computed
        History = self.env["customer.credit.rating.history"]
        other_history = History.search([("partner_id", "=", other.id)])
        self.assertEqual(len(other_history), 1)
        before = self._as(self.billing, other).read(
            ["credit_rating", "credit_score", "credit_rating_date"]
        )[0]
        self.assertEqual(before["credit_rating"], "a")
        # both now owe an invoice long overdue: both would drop to C
        for customer in (self.customer, other):
            self._invoice(customer, days_ago(200), 3000)
        contact = self.env["res.partner"].create(
            {"name": "陈会计", "parent_id": self.customer.id}
        )

        self._as(self.account_manager, contact).action_recompute_credit_rating()

        rated = self._as(self.billing)
        self.assertEqual(rated.credit_rating, "c")
        self.assertEqual(rated.credit_rating_overdue_days, 170)
        self.assertEqual(rated.credit_rating_date, TODAY)
        self.assertEqual(
            History.search([("partner_id", "=", self.customer.id)]).mapped(
                "new_rating"
            )[0],
            "c",
        )
        self.assertEqual(self._as(self.billing, contact).credit_rating, "c")
        # the other customer keeps its rating, figures and history
        untouched = self._as(self.billing, other)
        untouched.invalidate_recordset()
        self.assertEqual(
            untouched.read(["credit_rating", "credit_score", "credit_rating_date"])[0],
            before,
        )
        self.assertEqual(untouched.credit_rating_overdue_days, 0)
        self.assertEqual(History.search([("partner_id", "=", other.id)]), other_history)
        # and the company's nightly run is still due
        self.assertEqual(self.policy.last_computed, policy_date)

    def test_only_accounting_managers_rate_now(self):
        for user in (self.billing, self.rep):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._as(user).action_recompute_credit_rating()
