from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_margin import MarginCase


@tagged("post_install", "-at_install")
class TestTierBasis(MarginCase):
    def test_revenue_is_the_default_basis(self):
        self._recompute()
        self.assertEqual(self.policy.tier_basis, "revenue")
        self.assertEqual(self._tiers(self.four), ["a", "a", "a", "b"])

    def test_profit_basis(self):
        self._recompute()
        self._change_basis("profit")
        self.assertEqual(self._tiers(self.four), ["c", "a", "b", "a"])
        service = self.service.with_company(self.company)
        # shares of the positive profit: 500 / 1100
        self.assertAlmostEqual(service.tier_share, 45.45, places=2)
        self.assertAlmostEqual(
            self.dozen.with_company(self.company).tier_cumulative_share, 100
        )

    def test_margin_basis(self):
        self._change_basis("margin")
        # margins 250, 480, 120, 500 of 1350: 72.6% before the whale
        self.assertEqual(self._tiers(self.four), ["a", "a", "b", "a"])

    def test_basis_change_recorded_with_reason(self):
        self._recompute()
        self._change_basis("profit", "Visits eat the whale's margin")
        history = self.env["customer.tier.history"].search(
            [("partner_id", "=", self.whale.id)], order="id desc", limit=1
        )
        self.assertEqual((history.old_tier, history.new_tier), ("a", "c"))
        self.assertEqual((history.basis, history.basis_amount), ("profit", -100))
        self.assertIn("Visits eat the whale's margin", history.reason)
        self.assertIn("Revenue → Profit After Cost to Serve", history.reason)
        message = self.policy.message_ids[:1]
        self.assertIn("Visits eat the whale's margin", message.body)
        # the nightly run keeps the basis, and records it in the history
        first = self.env["customer.tier.history"].search(
            [("partner_id", "=", self.whale.id)], order="id", limit=1
        )
        self.assertEqual(first.basis, "revenue")

    def test_tier_set_by_hand_keeps_the_basis(self):
        self._change_basis("margin")
        self.whale.with_user(self.manager).with_company(self.company).write(
            {"tier": "c", "tier_locked": True, "tier_lock_reason": "Too costly"}
        )
        history = self.env["customer.tier.history"].search(
            [("partner_id", "=", self.whale.id)], order="id desc", limit=1
        )
        self.assertEqual((history.new_tier, history.basis), ("c", "margin"))

    def test_basis_needs_the_wizard_and_a_reason(self):
        with self.assertRaises(UserError):
            self.policy.with_user(self.manager).write({"tier_basis": "profit"})
        with self.assertRaises(UserError):
            self._change_basis("profit", "  ")
        with self.assertRaises(UserError):
            self._change_basis("revenue")
        self.assertEqual(self.policy.tier_basis, "revenue")

    def test_rep_cannot_change_the_basis(self):
        with self.assertRaises(AccessError):
            self.env["customer.tier.basis.wizard"].with_user(self.rep).create(
                {"policy_id": self.policy.id, "basis": "profit", "reason": "why not"}
            )
        with self.assertRaises(AccessError):
            self.policy.with_user(self.rep)._change_tier_basis("profit", "why not")
        self.assertEqual(self.policy.with_user(self.rep).tier_basis, "revenue")

    def test_recompute_now_computes_margins_first(self):
        self.policy.with_context(tier_basis_reason="test").tier_basis = "profit"
        self.policy.with_user(self.manager).action_recompute()
        self.assertEqual(self._tiers(self.four), ["c", "a", "b", "a"])
