from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_health import HealthCase
from .common_tier import TODAY


@tagged("post_install", "-at_install")
class TestHealthParts(HealthCase):
    """Each part of the score, computed by hand."""

    def test_value_tier_and_trend(self):
        """Tier B (70) and revenue 600 after 1000 (trend 60): (70 + 60) / 2."""
        self._weights(value=25)
        customer = self._customers("Value")
        self._store(customer, tier="b", tier_revenue=600, tier_previous_revenue=1000)
        self._run()
        self.assertEqual(customer.with_company(self.company).health_value_points, 65)
        self.assertEqual(self._read(customer)["score"], 65)
        # without previous revenue, the tier alone
        self._store(customer, tier="a", tier_previous_revenue=0)
        self._run()
        self.assertEqual(self._read(customer)["score"], 100)

    def test_recency_against_usual_interval(self):
        """45 days since the last invoice, usual interval 30: 100 x (2 - 1.5)."""
        self._weights(recency=25)
        customer = self._customers("Recency")
        self._invoices([(customer, TODAY - timedelta(days=45), 100)])
        self._store(customer, purchase_interval=30)
        self._run()
        self.assertEqual(self._read(customer)["score"], 50)
        # within the interval: all the points
        self._store(customer, purchase_interval=60)
        self._run()
        self.assertEqual(self._read(customer)["score"], 100)

    def test_care_followups_and_schedule(self):
        """1 done out of 3 due (done, missed, overdue) and the schedule overdue
        (0): (33.3 + 0) / 2."""
        self._weights(care=20)
        customer = self._customers("Care")
        customer.maintenance_user_id = self.rep
        self._followup(customer, 10, "done")
        self._followup(customer, 20, "missed")
        self._followup(customer, 5, "planned")
        self._followup(customer, 400, "missed")  # outside the window
        self._store(customer, followup_status="overdue")
        self._run()
        self.assertEqual(self._read(customer)["score"], 16.7)
        self._store(customer, followup_status="on_track")
        self._run()
        self.assertEqual(self._read(customer)["score"], 66.7)

    def test_service_satisfaction_complaints_deadlines(self):
        """Rated 4 (75), one open complaint (-20) whose deadline passed (-10)."""
        self._weights(service=15)
        customer = self._customers("Service")
        self._feedback(
            customer, 20, self.stage_resolved, rating=4.0, resolution="<p>Done</p>"
        )
        self._feedback(customer, 10, self.stage_new, late=True)
        self._run()
        self.assertEqual(self._read(customer)["score"], 45)

    def test_payment_rating_and_overdue(self):
        """Rating B (75); then 100 owed and all overdue (0): (75 + 0) / 2."""
        self._weights(payment=15)
        customer = self._customers("Payment")
        self._store(customer, credit_rating="b")
        self._run()
        self.assertEqual(self._read(customer)["score"], 75)
        invoice = self._invoices(
            [(customer, TODAY - timedelta(days=40), 100)], post=False
        )
        invoice.invoice_date_due = TODAY - timedelta(days=10)
        invoice.action_post()
        self._run()
        self.assertEqual(self._read(customer)["score"], 37.5)

    def test_missing_parts_renormalised(self):
        """Value 65 (weight 25) and payment 75 (weight 15), nothing else:
        (65 x 25 + 75 x 15) / 40 = 68.75, and the explanation says so."""
        customer = self._customers("Partial")
        self._store(
            customer,
            tier="b",
            tier_revenue=600,
            tier_previous_revenue=1000,
            credit_rating="b",
        )
        self._run()
        values = self._read(customer)
        self.assertEqual(values["score"], 68.8)
        self.assertEqual(values["band"], "watch")
        self.assertEqual(values["missing"], "recency,care,service")
        reason = customer.with_company(self.company).health_reason
        self.assertIn("Recency (last invoice): no data", reason)
        self.assertIn("Value (tier and trend) → 65 points, weight 62%", reason)
        self.assertIn("Payment (credit) → 75 points, weight 38%", reason)

    def test_no_data_no_score(self):
        customer = self._customers("Nothing")
        self._run()
        values = self._read(customer)
        self.assertFalse(values["band"])
        self.assertEqual(values["stage"], "prospect")
        self.assertIn("Not scored", customer.with_company(self.company).health_reason)


@tagged("post_install", "-at_install")
class TestHealthBands(HealthCase):
    def test_band_thresholds_per_company(self):
        self._weights(value=25)
        customer = self._customers("Banded")
        self._store(customer, tier="b", tier_revenue=600, tier_previous_revenue=1000)
        self._run()
        self.assertEqual(self._read(customer)["band"], "watch")
        self.health.band_healthy = 65
        self._run()
        self.assertEqual(self._read(customer)["band"], "healthy")
        self.health.write({"band_healthy": 90, "band_watch": 66})
        self._run()
        self.assertEqual(self._read(customer)["band"], "at_risk")
        with self.assertRaises(ValidationError):
            self.health.band_watch = 95
        with self.assertRaises(ValidationError):
            self._weights()

    def test_band_change_history_and_note(self):
        """A change of band: one history row, one chatter note; a run with
        nothing to change writes nothing."""
        self._weights(value=25)
        customer = self._customers("Moving")
        self._store(customer, tier="a", tier_revenue=1000, tier_previous_revenue=0)
        History = self.env["customer.health.history"]
        self._run()
        first = History.search([("partner_id", "=", customer.id)])
        self.assertEqual(len(first), 1)  # the first band, not noted
        messages = customer.message_ids
        self._store(customer, tier="c")
        changes = self._run()
        self.assertEqual(
            [c[:4] for c in changes], [(customer.id, "healthy", "watch", 40)]
        )
        rows = History.search([("partner_id", "=", customer.id)]) - first
        self.assertEqual(
            (rows.old_band, rows.new_band, rows.score), ("healthy", "watch", 40)
        )
        notes = customer.message_ids - messages
        self.assertEqual(len(notes), 1)
        self.assertIn("Healthy → Watch", notes.body)
        # nothing changed: nothing written, no history, no note
        write_date = customer.write_date
        self.assertEqual(self._run(), [])
        self.assertEqual(History.search_count([("partner_id", "=", customer.id)]), 2)
        self.assertEqual(customer.message_ids - messages, notes)
        customer.invalidate_recordset()
        self.assertEqual(customer.write_date, write_date)

    def test_monthly_trend_point(self):
        """The first complete run of a month keeps every score once, as a
        trend point, without a note; the next runs of the month do not."""
        self._weights(value=25)
        customer = self._customers("Trend")
        self._store(customer, tier="a", tier_revenue=10, tier_previous_revenue=0)
        History = self.env["customer.health.history"]
        self._run()  # 30 June: the first band
        messages = customer.message_ids
        next_month = TODAY + timedelta(days=1)
        self.assertEqual(self._run(next_month), [])
        points = History.search(
            [("partner_id", "=", customer.id), ("is_trend_point", "=", True)]
        )
        self.assertEqual(
            (points.date, points.score, points.new_band), (next_month, 100, "healthy")
        )
        self.assertEqual(self.health.trend_month, next_month)
        self._run(next_month + timedelta(days=1))
        # a run for one customer is no monthly run
        self._run(TODAY + timedelta(days=40), partner_ids=customer.ids)
        self.assertEqual(History.search_count([("partner_id", "=", customer.id)]), 2)
        self.assertEqual(customer.message_ids, messages)

    def test_recompute_one_customer(self):
        self._weights(value=25)
        one, other = self._customers("One", "Other")
        for partner in one | other:
            self._store(partner, tier="a", tier_revenue=10, tier_previous_revenue=0)
        one.with_user(self.rep).with_company(self.company).action_recompute_health()
        self.assertEqual(self._read(one)["band"], "healthy")
        self.assertFalse(self._read(other)["band"])
        self.assertFalse(self.health.last_computed)
        self.health.with_user(self.manager).action_recompute()
        self.assertEqual(self._read(other)["band"], "healthy")
        self.assertTrue(self.health.last_computed)

    def test_cron_one_company_per_call(self):
        self._weights(value=25)
        customer = self._customers("Cron")
        self._store(customer, tier="a", tier_revenue=10, tier_previous_revenue=0)
        self.env["customer.health.policy"]._cron_recompute()
        self.assertEqual(self._read(customer)["band"], "healthy")


@tagged("post_install", "-at_install")
class TestHealthAccessAndCompanies(HealthCase):
    def test_policy_access(self):
        accountant = new_test_user(
            self.env,
            "cm_health_accountant",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        for user in (self.rep, accountant):
            policy = self.health.with_user(user)
            self.assertEqual(policy.band_healthy, 70)
            with self.assertRaises(AccessError):
                policy.band_healthy = 80
        self.health.with_user(self.manager).band_healthy = 80
        self.assertEqual(self.health.band_healthy, 80)

    def test_customer_shared_by_two_companies(self):
        other_company = self.env["res.company"].create({"name": "Health Two"})
        other = self.env["customer.health.policy"]._get_for_company(other_company)
        self._weights(value=25)
        other.write({"weight_value": 25, "weight_recency": 0})
        customer = self._customers("Shared")
        self._store(customer, tier="a", tier_revenue=10, tier_previous_revenue=0)
        self._store(
            customer,
            company=other_company,
            tier="c",
            tier_revenue=10,
            tier_previous_revenue=0,
        )
        self._run()
        self._run(policy=other)
        self.assertEqual(self._read(customer)["score"], 100)
        # the other company weighs recency, care, service and payment too, but
        # has no data for them: scored on value alone
        self.assertEqual(self._read(customer, other_company)["score"], 40)
        self.assertEqual(self._read(customer, other_company)["band"], "watch")
        self.assertEqual(self._read(customer)["band"], "healthy")
