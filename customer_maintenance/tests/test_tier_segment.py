from datetime import date, timedelta

from odoo.tests import tagged

from .common_tier import TODAY, TierCase


@tagged("post_install", "-at_install")
class TestValueSegments(TierCase):
    def _segment(self, partner):
        return partner.with_company(self.company).value_segment

    def test_segments(self):
        (steady_big, migrating, potential, new, frozen_regular, frozen_once,
         recent_once, steady_small) = self._customers(
            "Steady big", "Migrating", "Potential", "New", "Frozen regular",
            "Frozen once", "Recent once", "Steady small",
        )  # fmt: skip
        rows = []
        # monthly buyers: 12 invoices in each window
        for month in range(24):
            day = TODAY - timedelta(days=15 + 30 * month)
            rows.append((steady_big, day, 1000))
            rows.append((steady_small, day, 10))
            rows.append((migrating, day, 40 if month < 12 else 100))
            rows.append((potential, day, 30 if month < 12 else 10))
        rows.append((new, TODAY - timedelta(days=40), 50))
        # bought every 30 days, then stopped 100 days ago: 100 > 3 x 30
        for days in (100, 130, 160, 190):
            rows.append((frozen_regular, TODAY - timedelta(days=days), 20))
        rows.append((frozen_once, TODAY - timedelta(days=181), 20))  # > 180 days
        rows.append((recent_once, TODAY - timedelta(days=150), 20))
        self._invoices(rows)
        self._recompute()
        self.assertEqual(self._tiers([steady_big]), ["a"])
        self.assertEqual(self._segment(steady_big), "value")
        self.assertEqual(self._segment(migrating), "migrating")  # -60%
        self.assertEqual(self._segment(potential), "potential")  # +200%
        self.assertEqual(self._segment(new), "potential")  # nothing before
        self.assertEqual(self._segment(frozen_regular), "frozen")
        self.assertEqual(self._segment(frozen_once), "frozen")
        self.assertEqual(self._segment(recent_once), "potential")  # new revenue
        self.assertFalse(self._segment(steady_small))  # C, stable
        self.assertAlmostEqual(
            frozen_regular.with_company(self.company).purchase_interval, 30
        )
        self.assertEqual(
            frozen_regular.with_company(self.company).last_invoice_date,
            TODAY - timedelta(days=100),
        )

    def test_thresholds_come_from_the_policy(self):
        (customer,) = self._customers("Slightly down")
        self._invoices(
            [
                (customer, date(2025, 3, 1), 100),
                (customer, date(2026, 3, 1), 80),
            ]
        )
        self._recompute()
        self.assertEqual(self._segment(customer), "value")  # -20% is not -30%
        self.policy.decline_threshold = 15
        self._recompute()
        self.assertEqual(self._segment(customer), "migrating")
