from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_tier import TODAY, TierCase


@tagged("post_install", "-at_install")
class TestTierSplit(TierCase):
    def test_pareto_split(self):
        # total 1000: cumulative share before each is 0, 50, 80, 90, 95, 98
        customers = self._customers("A1", "A2", "B1", "B2", "C1", "C2", "Silent")
        amounts = [500, 300, 100, 50, 30, 20]
        self._invoices(
            [
                (c, date(2026, 3, 1), a)
                for c, a in zip(customers[:6], amounts, strict=True)
            ]
        )
        self._recompute()
        self.assertEqual(self._tiers(customers), ["a", "a", "b", "b", "c", "c", "c"])
        a1 = customers[0].with_company(self.company)
        self.assertAlmostEqual(a1.tier_revenue, 500)
        self.assertAlmostEqual(a1.tier_share, 50)
        self.assertAlmostEqual(a1.tier_cumulative_share, 50)
        b1 = customers[2].with_company(self.company)
        self.assertAlmostEqual(b1.tier_cumulative_share, 90)
        self.assertEqual(b1.tier_since, TODAY)
        silent = customers[6].with_company(self.company)
        self.assertEqual(silent.tier_revenue, 0)

    def test_ties_are_broken_by_id(self):
        # 300 | 250 | 250 | 200: the first 250 (lower id) starts at 30% -> A,
        # the second starts at 55% -> A, the last at 80% -> B
        top, tie_1, tie_2, last = self._customers("Top", "Tie 1", "Tie 2", "Last")
        self._invoices(
            [
                (top, date(2026, 1, 5), 300),
                (tie_2, date(2026, 1, 5), 250),
                (tie_1, date(2026, 1, 5), 250),
                (last, date(2026, 1, 5), 200),
            ]
        )
        self._recompute()
        self.assertEqual(self._tiers([top, tie_1, tie_2, last]), ["a", "a", "a", "b"])
        self.assertLess(
            tie_1.with_company(self.company).tier_cumulative_share,
            tie_2.with_company(self.company).tier_cumulative_share,
        )

    def test_refunds_drafts_cancelled_and_window(self):
        big, refunded, only_refunds, old = self._customers(
            "Big", "Refunded", "Only refunds", "Old"
        )
        self._invoices(
            [
                (big, date(2026, 2, 1), 900),
                (refunded, date(2026, 2, 1), 300),
                (refunded, date(2026, 3, 1), 200, "out_refund"),
                (only_refunds, date(2026, 3, 1), 50, "out_refund"),
                (old, date(2025, 6, 30), 5000),  # one day outside the window
            ]
        )
        self._invoices([(old, date(2026, 2, 1), 7000)], post=False)  # draft
        cancelled = self._invoices([(old, date(2026, 2, 2), 8000)])
        cancelled.button_draft()
        cancelled.button_cancel()
        self._recompute()
        self.assertAlmostEqual(refunded.with_company(self.company).tier_revenue, 100)
        self.assertAlmostEqual(
            only_refunds.with_company(self.company).tier_revenue, -50
        )
        old_c = old.with_company(self.company)
        self.assertEqual(old_c.tier_revenue, 0)
        self.assertAlmostEqual(old_c.tier_previous_revenue, 5000)
        self.assertEqual(
            self._tiers([big, refunded, only_refunds, old]), ["a", "b", "c", "c"]
        )

    def test_contacts_share_the_tier_of_their_company(self):
        (company,) = self._customers("Group Co")
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": company.id}
        )
        self._invoices([(contact, date(2026, 4, 1), 100)])
        self._recompute()
        self.assertEqual(company.with_company(self.company).tier, "a")
        self.assertEqual(contact.with_company(self.company).tier, "a")
        self.assertAlmostEqual(contact.with_company(self.company).tier_revenue, 100)

    def test_foreign_currency_counts_in_company_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2020-01-01", 2.0)])
        (customer,) = self._customers("Euro buyer")
        invoice = self._invoices(
            [(customer, date(2026, 4, 1), 1000, "out_invoice", eur)]
        )
        self._recompute()
        self.assertAlmostEqual(
            customer.with_company(self.company).tier_revenue,
            invoice.amount_untaxed_signed,
        )
        self.assertAlmostEqual(customer.with_company(self.company).tier_revenue, 500)

    def test_empty_company_recomputes(self):
        empty = self.setup_other_company(name="Empty Co")["company"]
        policy = self.env["customer.tier.policy"]._get_for_company(empty)
        self.assertEqual(policy.with_company(empty)._recompute_tiers(TODAY), [])
        self.assertTrue(policy.last_computed)


@tagged("post_install", "-at_install")
class TestTierPerCompany(TierCase):
    def test_shared_customer_has_a_tier_per_company(self):
        other = self.setup_other_company(name="Other Co")["company"]
        small, big = self._customers("Small here", "Big here")
        self._invoices([(small, date(2026, 1, 1), 10), (big, date(2026, 1, 1), 990)])
        # in the other company, the order is reversed
        self.env["account.move"].with_company(other).create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 1, 1),
                    "invoice_line_ids": [
                        (0, 0, {"name": "x", "price_unit": amount, "tax_ids": []})
                    ],
                }
                for partner, amount in ((small, 990), (big, 10))
            ]
        ).action_post()
        self._recompute()
        other_policy = self.env["customer.tier.policy"]._get_for_company(other)
        other_policy.with_company(other)._recompute_tiers(TODAY)
        self.assertEqual(small.with_company(self.company).tier, "c")
        self.assertEqual(small.with_company(other).tier, "a")
        self.assertEqual(big.with_company(self.company).tier, "a")
        self.assertEqual(big.with_company(other).tier, "c")
        # searching and grouping use the current company's tier
        found = (
            self.env["res.partner"]
            .with_company(other)
            .search([("tier", "=", "a"), ("id", "in", (small | big).ids)])
        )
        self.assertEqual(found, small)


@tagged("post_install", "-at_install")
class TestTierLockAndHistory(TierCase):
    def test_locked_tier_is_kept_and_figures_updated(self):
        top, small = self._customers("Top", "Small")
        self._invoices([(top, date(2026, 1, 1), 900), (small, date(2026, 1, 1), 100)])
        self._recompute()
        self.assertEqual(small.with_company(self.company).tier, "b")
        small.with_user(self.manager).with_company(self.company).write(
            {"tier": "a", "tier_locked": True, "tier_lock_reason": "Strategic account"}
        )
        self._invoices([(small, date(2026, 5, 1), 100)])
        self._recompute()
        small_c = small.with_company(self.company)
        self.assertEqual(small_c.tier, "a")
        self.assertAlmostEqual(small_c.tier_revenue, 200)
        manual = small.tier_history_ids.filtered("reason")
        self.assertEqual(manual.reason, "Strategic account")
        self.assertEqual((manual.old_tier, manual.new_tier), ("b", "a"))

    def test_lock_needs_a_reason(self):
        (customer,) = self._customers("No reason")
        with self.assertRaisesRegex(ValidationError, "locked"):
            customer.with_user(self.manager).write({"tier_locked": True})

    def test_reps_cannot_set_or_lock_tiers(self):
        (customer,) = self._customers("Rep's")
        customer.maintenance_user_id = self.rep
        for vals in ({"tier": "a"}, {"tier_locked": True, "tier_lock_reason": "x"}):
            with self.assertRaises(AccessError):
                customer.with_user(self.rep).write(vals)
        with self.assertRaises(AccessError):
            self.policy.with_user(self.rep).write({"a_threshold": 70})

    def test_history_and_chatter_follow_changes(self):
        rising, falling = self._customers("Rising", "Falling")
        self._invoices(
            [
                (falling, date(2025, 1, 10), 1000),
                (rising, date(2025, 1, 10), 100),
                (rising, date(2026, 3, 10), 5000),
            ]
        )
        self._recompute(date(2025, 6, 30))
        self.assertEqual(self._tiers([rising, falling]), ["b", "a"])
        self._recompute(TODAY)
        self.assertEqual(self._tiers([rising, falling]), ["a", "c"])
        self.assertEqual(rising.with_company(self.company).tier_since, TODAY)
        history = self.env["customer.tier.history"].search(
            [("partner_id", "in", (rising | falling).ids)]
        )
        self.assertEqual(
            {(h.date, h.partner_id, h.old_tier, h.new_tier) for h in history},
            {
                (date(2025, 6, 30), rising, False, "b"),
                (date(2025, 6, 30), falling, False, "a"),
                (TODAY, rising, "b", "a"),
                (TODAY, falling, "a", "c"),
            },
        )
        notes = rising.message_ids.filtered(lambda m: "ABC tier" in m.body)
        self.assertEqual(len(notes), 1)
        self.assertIn("B → A", notes.body)
        # a run that finds nothing new writes nothing
        self.assertEqual(self._recompute(TODAY), [])
        self.assertEqual(
            self.env["customer.tier.history"].search_count(
                [("partner_id", "in", (rising | falling).ids)]
            ),
            4,
        )


@tagged("post_install", "-at_install")
class TestTierPolicy(TierCase):
    def test_thresholds_must_be_ordered(self):
        for a, b in ((80, 80), (90, 80), (0, 50), (50, 101)):
            with self.subTest(a=a, b=b), self.assertRaises(ValidationError):
                self.policy.write({"a_threshold": a, "b_threshold": b})
        self.policy.write({"a_threshold": 70, "b_threshold": 100})
        self.assertEqual(self.policy.a_threshold, 70)

    def test_cron_recomputes_each_company_once_a_day(self):
        (customer,) = self._customers("Cron customer")
        self._invoices([(customer, date(2026, 1, 1), 100)])
        # the scheduled action runs as OdooBot, over every company
        Policy = self.env["customer.tier.policy"].sudo()
        policies = Policy.search([])
        policies.last_computed = False
        for _ in range(len(policies) + 5):
            Policy._cron_recompute()
        self.assertTrue(all(policies.mapped("last_computed")))
        self.assertEqual(customer.with_company(self.company).tier, "a")
        before = policies.mapped("last_computed")
        Policy._cron_recompute()
        self.assertEqual(policies.mapped("last_computed"), before)


@tagged("post_install", "-at_install")
class TestTierNewContact(TierCase):
    def test_new_contact_gets_the_figures_of_its_company(self):
        (company,) = self._customers("Figures Co")
        self._invoices([(company, date(2026, 4, 1), 250)])
        self._recompute()
        contact = (
            self.env["res.partner"]
            .with_company(self.company)
            .create({"name": "New buyer", "parent_id": company.id})
        )
        self.assertEqual(contact.tier, "a")
        self.assertAlmostEqual(contact.tier_revenue, 250)
        self.assertEqual(contact.last_invoice_date, date(2026, 4, 1))
