from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_feedback import FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackAccess(FeedbackCase):
    """Reps see the feedback of their customers and their own; managers all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._feedback(cls.customer)
        cls.foreign = cls._feedback(cls.other_customer)
        cls.assigned = cls._feedback(cls.other_customer, user_id=cls.rep.id)

    def test_rep_sees_own_customers_and_own_feedback(self):
        Feedback = self.env["customer.feedback"].with_user(self.rep)
        visible = Feedback.search(
            [("id", "in", (self.own | self.foreign | self.assigned).ids)]
        )
        self.assertEqual(visible, self.own | self.assigned)
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.rep).read(["name"])
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.rep).write({"priority": "2"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.rep).unlink()
        self.own.with_user(self.rep).write({"priority": "1"})

    def test_rep_cannot_file_for_another_owner(self):
        with self.assertRaises(AccessError):
            self.env["customer.feedback"].with_user(self.rep).create(
                {
                    "name": "Not mine",
                    "partner_id": self.other_customer.id,
                }
            )

    def test_manager_sees_all(self):
        Feedback = self.env["customer.feedback"].with_user(self.manager)
        ids = (self.own | self.foreign | self.assigned).ids
        self.assertEqual(len(Feedback.search([("id", "in", ids)])), 3)
        self.foreign.with_user(self.manager).unlink()

    def test_accountant_and_portal_see_nothing(self):
        portal = new_test_user(self.env, "cm_test_portal", groups="base.group_portal")
        for user in (self.accountant, portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["customer.feedback"].with_user(user).search([])

    def test_other_company(self):
        company_b = self.env["res.company"].create({"name": "Second Company"})
        self.manager.write({"company_ids": [Command.link(company_b.id)]})
        elsewhere = self._feedback(self.customer, company_id=company_b.id)
        self.assertFalse(
            self.env["customer.feedback"]
            .with_user(self.rep)
            .search([("id", "=", elsewhere.id)])
        )
        as_manager = self.env["customer.feedback"].with_user(self.manager)
        self.assertFalse(
            as_manager.with_context(allowed_company_ids=self.company.ids).search(
                [("id", "=", elsewhere.id)]
            )
        )
        self.assertEqual(
            as_manager.with_context(
                allowed_company_ids=[self.company.id, company_b.id]
            ).search([("id", "=", elsewhere.id)]),
            elsewhere,
        )

    def test_feedback_link_rights(self):
        customer = self.customer.with_user(self.rep)
        customer.action_generate_feedback_token()
        self.assertTrue(customer.feedback_url.endswith(customer.feedback_token))
        with self.assertRaises(AccessError):
            customer.write({"feedback_token": "forged-token-of-my-choice"})
        with self.assertRaises(AccessError):
            customer.action_revoke_feedback_token()
        with self.assertRaises(AccessError):
            self.other_customer.with_user(self.rep).action_generate_feedback_token()
        self.customer.with_user(self.manager).action_revoke_feedback_token()
        self.assertFalse(self.customer.feedback_token)
