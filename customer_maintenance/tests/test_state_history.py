from datetime import timedelta

from freezegun import freeze_time

from .common_credit import TODAY, CreditCase


def days_ago(days):
    return TODAY - timedelta(days=days)


@freeze_time(TODAY)
class TestStateHistory(CreditCase):
    """Tier and rating history share one model and one way of logging."""

    def test_both_histories_share_the_mixin_and_keep_their_tables(self):
        for name, table in (
            ("customer.tier.history", "customer_tier_history"),
            ("customer.credit.rating.history", "customer_credit_rating_history"),
        ):
            History = self.env[name]
            self.assertIn("customer.state.history.mixin", History._inherit)
            self.assertEqual(History._table, table)
            self.assertEqual(History._order, "date desc, id desc")
            for field in ("partner_id", "company_id", "date", "user_id", "reason"):
                self.assertIn(field, History._fields)
        for name in ("account.move", "customer.credit.hold.mixin"):
            self.assertIn("credit_hold_warning", self.env[name]._fields)
        self.assertIn("customer.credit.hold.mixin", self.env["account.move"]._inherit)

    def test_a_change_is_logged_once_and_a_rerun_logs_nothing(self):
        invoice = self._invoice(self.customer, days_ago(100), 1000)
        self._pay(invoice, days_ago(95))
        self._rate(days_ago(2))
        notes = self.customer.message_ids
        self._invoice(self.customer, days_ago(200), 3000)
        changed = self._rate(days_ago(1))
        self.assertEqual([row[:3] for row in changed], [(self.customer.id, "a", "c")])
        new_notes = self.customer.message_ids - notes
        self.assertEqual(len(new_notes), 1)
        self.assertIn("A → C", new_notes.body)
        history = self.env["customer.credit.rating.history"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(history.mapped("new_rating"), ["c", "a"])
        self.assertEqual(history[0].date, days_ago(1))
        self.assertEqual(self._rate(), [])
        self.assertEqual(self.customer.message_ids - notes, new_notes)

    def test_manual_changes_are_logged_by_the_same_helper(self):
        customer = self._as(self.account_manager)
        customer.write(
            {
                "credit_rating": "b",
                "credit_rating_locked": True,
                "credit_rating_lock_reason": "Parent guarantee",
            }
        )
        # writing the same rating again is no change
        customer.write({"credit_rating": "b"})
        history = self.env["customer.credit.rating.history"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(history), 1)
        self.assertEqual(
            (history.old_rating, history.new_rating, history.reason, history.user_id),
            (False, "b", "Parent guarantee", self.account_manager),
        )
