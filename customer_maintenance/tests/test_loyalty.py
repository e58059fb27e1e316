from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_tier import TODAY, TierCase


def monthly(partner, first, amounts):
    """One invoice a month from ``first``, of each amount in turn."""
    return [
        (partner, first + relativedelta(months=n), amount)
        for n, amount in enumerate(amounts)
    ]


@tagged("post_install", "-at_install")
class TestLoyalty(TierCase):
    """Loyalty windows as of 30 June 2026 (4 windows of 3 months): (30 June
    2025, 30 Sept], (30 Sept, 30 Dec], (30 Dec 2025, 30 March 2026], (30 March,
    30 June]."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (
            cls.regular,
            cls.declining,
            cls.mild,
            cls.irregular,
            cls.gap,
            cls.new,
            cls.one_off,
            cls.stopped,
            cls.never,
        ) = cls._customers(
            "Regular",
            "Declining",
            "Mild decline",
            "Irregular",
            "Gap",
            "New",
            "One-off",
            "Stopped",
            "Never",
        )
        d = date
        cls._invoices(
            [
                # every 15th from July 2025 to June 2026, 3000 a window: trend 0
                *monthly(cls.regular, d(2025, 7, 15), [1000] * 12),
                # windows 1200, 900, 600, 300: slope -300 / mean 750 = -40%
                *monthly(cls.declining, d(2025, 7, 15), [400] * 3 + [300] * 3)
                + monthly(cls.declining, d(2026, 1, 15), [200] * 3 + [100] * 3),
                # windows 1300, 1100, 900, 700: slope -200 / mean 1000 = -20%
                *monthly(
                    cls.mild,
                    d(2025, 7, 15),
                    [500, 400, 400, 400, 400, 300, 300, 300, 300, 300, 200, 200],
                ),
                # intervals 4, 88, 2, 99, 81, 1, 79 days
                *(
                    (cls.irregular, day, 500)
                    for day in (
                        d(2025, 7, 1),
                        d(2025, 7, 5),
                        d(2025, 10, 1),
                        d(2025, 10, 3),
                        d(2026, 1, 10),
                        d(2026, 4, 1),
                        d(2026, 4, 2),
                        d(2026, 6, 20),
                    )
                ),
                # monthly, then nothing from October to April: intervals 31,
                # 31, 30, 182, 30, 31; windows 3000, 1000, 0, 3000 (-5.7%)
                *monthly(cls.gap, d(2025, 7, 10), [1000] * 4),
                *monthly(cls.gap, d(2026, 4, 10), [1000] * 3),
                # first invoice in May 2026
                (cls.new, d(2026, 5, 1), 800),
                (cls.new, d(2026, 6, 1), 800),
                # one invoice in 2024, one in the windows
                (cls.one_off, d(2024, 3, 1), 5000),
                (cls.one_off, d(2026, 2, 1), 5000),
                # monthly until December: windows 3000, 3000, 0, 0 (-80%)
                *monthly(cls.stopped, d(2025, 7, 20), [1000] * 6),
            ]
        )

    def _loyalty(self, partner):
        return partner.with_company(self.company).loyalty

    def test_classes(self):
        self._recompute_rfm()
        self.assertEqual(self._loyalty(self.regular), "loyal")
        self.assertEqual(self._loyalty(self.declining), "not_loyal")
        self.assertEqual(self._loyalty(self.mild), "switching")
        self.assertEqual(self._loyalty(self.irregular), "switching")
        self.assertEqual(self._loyalty(self.gap), "switching")
        self.assertEqual(self._loyalty(self.new), "new")
        self.assertEqual(self._loyalty(self.one_off), "not_loyal")
        self.assertEqual(self._loyalty(self.stopped), "not_loyal")
        self.assertFalse(self._loyalty(self.never))

    def test_figures_explain_the_class(self):
        self._recompute_rfm()
        regular = self.regular.with_company(self.company)
        # 335 days from 15 July 2025 to 15 June 2026, in 11 intervals
        self.assertEqual(regular.loyalty_invoice_count, 12)
        self.assertAlmostEqual(regular.loyalty_interval_mean, 30.5)
        self.assertLess(regular.loyalty_interval_cv, 5)
        self.assertEqual(regular.loyalty_longest_gap, 31)
        self.assertAlmostEqual(regular.loyalty_trend, 0.0)
        declining = self.declining.with_company(self.company)
        self.assertAlmostEqual(declining.loyalty_trend, -40.0)
        mild = self.mild.with_company(self.company)
        self.assertAlmostEqual(mild.loyalty_trend, -20.0)
        irregular = self.irregular.with_company(self.company)
        # mean 354 / 7 = 50.6 days
        self.assertAlmostEqual(irregular.loyalty_interval_mean, 50.6)
        self.assertGreater(irregular.loyalty_interval_cv, 50)
        self.assertAlmostEqual(irregular.loyalty_trend, 10.0)
        gap = self.gap.with_company(self.company)
        self.assertEqual(gap.loyalty_longest_gap, 182)
        self.assertAlmostEqual(gap.loyalty_trend, -5.7)
        self.assertAlmostEqual(
            self.stopped.with_company(self.company).loyalty_trend, -80.0
        )
        text = declining.loyalty_explanation
        self.assertIn("12 invoices in the last 4 windows of 3 months", text)
        self.assertIn("-40.0% per window", text)
        self.assertIn("strong decline from -30.0%", text)
        self.assertIn(
            "Too few", self.new.with_company(self.company).loyalty_explanation
        )
        self.assertFalse(self.never.with_company(self.company).loyalty_explanation)

    def test_gap_alone_makes_switching(self):
        # allow any variation: only the gap (182 > 3 x 56.2) tells
        self.policy.loyalty_max_cv = 200
        self._recompute_rfm()
        self.assertEqual(self._loyalty(self.gap), "switching")
        self.policy.loyalty_gap_factor = 4  # 182 <= 4 x 56.2
        self._recompute_rfm()
        self.assertEqual(self._loyalty(self.gap), "loyal")

    def test_thresholds_come_from_the_policy(self):
        self.policy.write({"loyalty_stable_trend": 25, "loyalty_decline_trend": 45})
        self._recompute_rfm()
        self.assertEqual(self._loyalty(self.mild), "loyal")
        self.assertEqual(self._loyalty(self.declining), "switching")
        self.policy.loyalty_min_invoices = 13  # nobody has enough invoices
        self._recompute_rfm()
        self.assertEqual(self._loyalty(self.regular), "new")
        self.assertEqual(self._loyalty(self.one_off), "not_loyal")

    def test_settings_are_checked(self):
        with self.assertRaises(ValidationError):
            self.policy.write({"loyalty_stable_trend": 40, "loyalty_decline_trend": 30})
        with self.assertRaises(ValidationError):
            self.policy.loyalty_windows = 1
        with Form(self.policy.with_user(self.manager)) as form:
            form.loyalty_max_cv = 40
        self.assertEqual(self.policy.loyalty_max_cv, 40)

    def test_filters_by_loyalty(self):
        self._recompute_rfm()
        found = (
            self.env["res.partner"]
            .with_user(self.rep)
            .with_company(self.company)
            .search(
                [
                    ("loyalty", "=", "not_loyal"),
                    ("name", "in", ("Declining", "One-off", "Stopped", "Regular")),
                ]
            )
        )
        self.assertEqual(found, self.declining | self.one_off | self.stopped)

    def _recompute_rfm(self):
        self.policy.with_company(self.company)._recompute_rfm(TODAY)
