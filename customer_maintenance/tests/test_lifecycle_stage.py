from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_health import HealthCase
from .common_tier import TODAY


@tagged("post_install", "-at_install")
class TestLifecycleStage(HealthCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._weights(value=25, recency=25)

    def _stage(self, partner):
        return partner.with_company(self.company).lifecycle_stage

    def _invoice_ago(self, partner, *days):
        self._invoices([(partner, TODAY - timedelta(days=day), 100) for day in days])

    def test_prospect_new_active(self):
        prospect, new, active = self._customers("Prospect", "New", "Active")
        self._invoice_ago(new, 10)
        self._invoice_ago(active, 200, 20)
        self._store(active, purchase_interval=180)
        self._run()
        self.assertEqual(self._stage(prospect), "prospect")
        self.assertEqual(self._stage(new), "new")
        self.assertEqual(self._stage(active), "active")
        self.assertEqual(active.with_company(self.company).lifecycle_stage_since, TODAY)

    def test_at_risk_silent_or_band(self):
        silent, banded = self._customers("Silent", "Banded")
        # value 100, recency 100 x (2 - 100/60) = 33.3: score 66.7 (watch),
        # but silent 100 days > 1.5 x 60
        self._invoice_ago(silent, 300, 100)
        self._store(silent, purchase_interval=60, tier="a", tier_revenue=10)
        # silent 50 days < 1.5 x 40: recency 100 x (2 - 50/40) = 75; tier C
        # with revenue down to 0: value (40 + 0) / 2 = 20; score 47.5 (watch),
        # at risk once the watch band starts at 50
        self._invoice_ago(banded, 300, 50)
        self._store(banded, purchase_interval=40, tier="c", tier_previous_revenue=100)
        self._run()
        self.assertEqual(self._read(silent)["band"], "watch")
        self.assertEqual(self._stage(silent), "at_risk")
        self.assertEqual(self._read(banded)["score"], 47.5)
        self.assertEqual(self._stage(banded), "active")
        self.health.band_watch = 50
        self._run()
        self.assertEqual(self._read(banded)["band"], "at_risk")
        self.assertEqual(self._stage(banded), "at_risk")

    def test_dormant_then_won_back(self):
        customer = self._customers("Dormant")
        self._invoice_ago(customer, 300, 10)
        self._store(customer, value_segment="frozen")
        self._run()
        self.assertEqual(self._stage(customer), "dormant")
        self._store(customer, value_segment="value")
        self._run()
        self.assertEqual(self._stage(customer), "won_back")
        # stays won back for as long as a customer is new, then moves on
        self._run(TODAY + timedelta(days=10))
        self.assertEqual(self._stage(customer), "won_back")
        self._store(customer, purchase_interval=365)
        self._run(TODAY + timedelta(days=91))
        self.assertEqual(self._stage(customer), "active")
        History = self.env["customer.health.history"]
        stages = History.search(
            [("partner_id", "=", customer.id), ("is_trend_point", "=", False)],
            order="id",
        ).mapped("new_stage")
        self.assertEqual(stages, ["dormant", "won_back", "active"])

    def test_lost_then_won_back(self):
        customer = self._customers("Lost")
        self._invoice_ago(customer, 100)
        customer.write({"is_lost": True, "lost_date": TODAY - timedelta(days=30)})
        self._run()
        self.assertEqual(self._stage(customer), "lost")
        self._invoice_ago(customer, 1)
        self._run()
        self.assertEqual(self._stage(customer), "won_back")

    def test_manager_sets_and_locks_stage(self):
        customer = self._customers("Locked")
        customer.write({"is_lost": True, "lost_date": TODAY - timedelta(days=30)})
        self._run()
        self.assertEqual(self._stage(customer), "lost")
        with self.assertRaises(AccessError):
            customer.with_user(self.rep).with_company(self.company).write(
                {"lifecycle_stage": "active"}
            )
        as_manager = customer.with_user(self.manager).with_company(self.company)
        with self.assertRaises(ValidationError):
            as_manager.write(
                {"lifecycle_stage": "active", "lifecycle_stage_locked": True}
            )
        as_manager.write(
            {
                "lifecycle_stage": "active",
                "lifecycle_stage_locked": True,
                "lifecycle_stage_lock_reason": "Signed a new frame contract",
            }
        )
        row = self.env["customer.health.history"].search(
            [("partner_id", "=", customer.id)], limit=1
        )
        self.assertEqual(
            (row.old_stage, row.new_stage, row.reason, row.user_id),
            ("lost", "active", "Signed a new frame contract", self.manager),
        )
        self._run()
        self.assertEqual(self._stage(customer), "active")
        self.assertIn(
            "locked: Signed a new frame contract",
            customer.with_company(self.company).health_reason,
        )
