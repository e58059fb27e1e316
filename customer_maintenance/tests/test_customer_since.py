from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestCustomerSince(AccountTestInvoicingCommon):
    def test_customer_since_follows_first_posted_invoice(self):
        customer = self.partner_a
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": customer.id}
        )
        self.assertFalse(customer.customer_since)
        draft = self.init_invoice(
            "out_invoice", customer, "2025-03-10", amounts=[100.0]
        )
        self.assertFalse(customer.customer_since, "a draft makes no customer")
        later = self.init_invoice(
            "out_invoice", contact, "2025-06-01", amounts=[100.0], post=True
        )
        self.assertEqual(str(customer.customer_since), "2025-06-01")
        self.assertEqual(str(contact.customer_since), "2025-06-01")
        draft.action_post()
        self.assertEqual(str(customer.customer_since), "2025-03-10")
        draft.button_draft()
        self.assertEqual(str(customer.customer_since), "2025-06-01")
        later.button_cancel()
        self.assertFalse(customer.customer_since)

    def test_refunds_and_bills_do_not_count(self):
        self.init_invoice(
            "out_refund", self.partner_a, "2025-01-05", amounts=[10.0], post=True
        )
        self.init_invoice(
            "in_invoice", self.partner_a, "2025-01-05", amounts=[10.0], post=True
        )
        self.assertFalse(self.partner_a.customer_since)
