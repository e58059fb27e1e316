from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common_credit import TODAY, CreditCase


class TestCreditHold(CreditCase):
    def _hold(self, reason="Three invoices over 90 days"):
        wizard = (
            self.env["customer.credit.hold.wizard"]
            .with_user(self.account_manager)
            .with_company(self.company)
            .with_context(active_ids=self.customer.ids)
            .create({"reason": reason})
        )
        wizard.action_confirm()

    def test_hold_blocks_invoices_naming_customer_and_reason(self):
        self._hold()
        partner = self._as(self.billing)
        self.assertTrue(partner.credit_hold)
        self.assertEqual(partner.credit_hold_date, self.customer.env.cr.now().date())
        invoice = self._invoice(self.customer, TODAY, 500, post=False)
        self.assertIn("鼎盛建材", invoice.credit_hold_warning)
        with self.assertRaises(UserError) as caught:
            invoice.with_user(self.billing).action_post()
        self.assertIn("鼎盛建材", str(caught.exception))
        self.assertIn("Three invoices over 90 days", str(caught.exception))
        self.assertEqual(invoice.state, "draft")

    def test_refunds_pass_and_release_lifts_the_block(self):
        self._hold()
        refund = self._invoice(self.customer, TODAY, 50, kind="out_refund")
        self.assertEqual(refund.state, "posted")
        self._as(self.account_manager).action_release_credit_hold()
        partner = self._as(self.billing)
        self.assertFalse(partner.credit_hold)
        self.assertFalse(partner.credit_hold_reason)
        invoice = self._invoice(self.customer, TODAY, 500)
        self.assertEqual(invoice.state, "posted")

    def test_warn_policy_posts_with_a_note(self):
        self.policy.hold_policy = "warn"
        self._hold()
        invoice = self._invoice(self.customer, TODAY, 500, post=False)
        invoice.with_user(self.billing).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertIn("Posted although", invoice.message_ids[0].body)

    def test_contacts_share_the_hold(self):
        self._hold()
        contact = (
            self.env["res.partner"]
            .with_user(self.billing)
            .with_company(self.company)
            .create({"name": "李会计", "parent_id": self.customer.id})
        )
        self.assertTrue(contact.credit_hold)
        invoice = self._invoice(contact, TODAY, 10, post=False)
        with self.assertRaises(UserError):
            invoice.action_post()

    def test_reason_is_required(self):
        with self.assertRaises(UserError):
            self.customer.with_company(self.company)._set_credit_hold("  ")
        with self.assertRaises(ValidationError):
            self._as(self.account_manager).write({"credit_hold": True})


class TestCreditAccess(CreditCase):
    def test_only_accounting_managers_hold_or_override(self):
        for user in (self.billing, self.auditor, self.rep):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._as(user).write(
                    {"credit_hold": True, "credit_hold_reason": "late"}
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._as(user).credit_rating = "d"
        self._as(self.account_manager).write(
            {"credit_hold": True, "credit_hold_reason": "late"}
        )
        self.assertTrue(self.customer.with_company(self.company).credit_hold)

    def test_reps_see_the_verdict_not_the_detail(self):
        self._invoice(self.customer, TODAY, 500)
        partner = self._as(self.rep)
        self.assertFalse(partner.credit_hold)
        self.assertFalse(partner.credit_rating)
        with self.assertRaises(AccessError):
            partner.read(["credit_receivable"])
        with self.assertRaises(AccessError):
            partner.read(["credit_hold_reason"])
        with self.assertRaises(AccessError):
            self.env["customer.payment.report"].with_user(self.rep).search([])

    def test_read_only_accountants_read_and_change_nothing(self):
        self._invoice(self.customer, TODAY, 500)
        partner = self._as(self.auditor)
        self.assertEqual(partner.credit_receivable, 500)
        policy = self.policy.with_user(self.auditor)
        self.assertEqual(policy.hold_policy, "block")
        with self.assertRaises(AccessError):
            policy.hold_policy = "warn"
        with self.assertRaises(AccessError):
            self.policy.with_user(self.billing).band_a = 90
        self.policy.with_user(self.account_manager).band_a = 90
        self.assertEqual(self.policy.band_a, 90)


class TestCreditPerCompany(CreditCase):
    def test_hold_and_rating_belong_to_one_company(self):
        other = self.setup_other_company()["company"]
        self.env.user.company_ids |= other
        self.customer.with_company(self.company).write(
            {"credit_hold": True, "credit_hold_reason": "late", "credit_rating": "d"}
        )
        in_other = self.customer.with_company(other)
        self.assertFalse(in_other.credit_hold)
        self.assertFalse(in_other.credit_rating)
        invoice = (
            self.env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "tiles", "price_unit": 10, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(
            self.customer.with_company(self.company)
            .with_user(self.billing)
            .credit_receivable,
            0,
            "the other company's invoice is not this company's receivable",
        )


class TestCreditScreens(CreditCase):
    def test_reps_get_the_verdict_accountants_the_tab(self):
        Partner = self.env["res.partner"]
        rep_arch = Partner.with_user(self.rep).get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="credit_rating"', rep_arch)
        self.assertNotIn('name="credit_receivable"', rep_arch)
        self.assertNotIn('name="customer_credit"', rep_arch)
        accountant_arch = Partner.with_user(self.auditor).get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertIn('name="customer_credit"', accountant_arch)
        self.assertIn('name="credit_aging_90_plus"', accountant_arch)


class TestCreditHoldWithoutContactRights(CreditCase):
    """An accounting manager without the "Contact Creation" right still puts
    customers on hold and releases them; other users cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant_only = new_test_user(
            cls.env,
            "cm_credit_accountant_only",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _wizard(self, user):
        return (
            self.env["customer.credit.hold.wizard"]
            .with_user(user)
            .with_company(self.company)
            .with_context(active_ids=self.customer.ids)
            .create({"reason": "Cheque bounced"})
        )

    def test_accounting_manager_without_contact_rights_holds_and_releases(self):
        user = self.accountant_only
        self.assertFalse(user.has_group("base.group_partner_manager"))
        self._wizard(user).action_confirm()
        partner = self._as(user)
        self.assertTrue(partner.credit_hold)
        self.assertEqual(partner.credit_hold_reason, "Cheque bounced")
        partner.action_release_credit_hold()
        partner.invalidate_recordset()
        self.assertFalse(partner.credit_hold)
        self.assertFalse(partner.credit_hold_reason)
        # only the hold: the rest of the contact stays closed to them
        with self.assertRaises(AccessError):
            partner.write({"name": "Renamed"})

    def test_billing_users_and_reps_still_cannot_hold_or_release(self):
        for user in (self.billing, self.rep):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user).action_confirm()
        self._wizard(self.accountant_only).action_confirm()
        for user in (self.billing, self.rep):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._as(user).action_release_credit_hold()
        self.assertTrue(self.customer.with_company(self.company).credit_hold)
