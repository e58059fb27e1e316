from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common_feedback import FeedbackCase


@tagged("post_install", "-at_install")
class TestLostCustomer(FeedbackCase):
    """A manager marks a customer lost with a reason and a root cause."""

    def _wizard(self, user, partners):
        return Form(
            self.env["customer.lost.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        )

    def test_manager_marks_lost_and_restores(self):
        with self._wizard(self.manager, self.customer) as wizard:
            wizard.lost_cause_id = self.cause_delivery
            wizard.lost_reason = "Moved to a supplier with faster delivery"
        wizard.record.action_mark_lost()
        customer = self.customer
        self.assertTrue(customer.is_lost)
        self.assertTrue(customer.lost_date)
        self.assertEqual(customer.lost_cause_id, self.cause_delivery)
        self.assertEqual(self.contact.commercial_partner_id.is_lost, True)
        review = self.env["customer.followup"].search(
            [("partner_id", "=", customer.id), ("state", "=", "planned")]
        )
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.rep)
        self.assertIn("faster delivery", review.purpose)
        # the lost-customer report lists it by cause
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.res_partner_action_lost"
        )
        groups = self.env["res.partner"]._read_group(
            safe_eval(action["domain"]), ["lost_cause_id"], ["__count"]
        )
        self.assertIn((self.cause_delivery, 1), groups)

        customer.with_user(self.manager).action_restore_customer()
        self.assertFalse(customer.is_lost)
        self.assertFalse(customer.lost_cause_id)

    def test_reason_and_cause_required(self):
        partner = self.customer.with_user(self.manager)
        with self.assertRaises(ValidationError):
            partner._mark_lost("  ", self.cause_delivery)
        with self.assertRaises(ValidationError):
            partner._mark_lost("Too expensive", self.env["customer.feedback.cause"])
        self.assertFalse(self.customer.is_lost)
        self.assertFalse(
            self.env["customer.followup"].search([("partner_id", "=", partner.id)])
        )

    def test_several_customers_lost_at_once(self):
        customers = self.customer | self.other_customer
        followups = customers.with_user(self.manager)._mark_lost(
            "Closed their shops", self.cause_delivery
        )
        self.assertEqual(followups.partner_id, customers)
        self.assertEqual(
            followups.mapped("user_id"), customers.mapped("maintenance_user_id")
        )
        self.assertTrue(all(customers.mapped("is_lost")))

    def test_rep_cannot_mark_lost(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep)._mark_lost(
                "Too expensive", self.cause_delivery
            )
        with self.assertRaises(AccessError) as caught:
            self.customer.with_user(self.rep).write({"is_lost": True})
        self.assertIn("Lost", str(caught.exception))
        self.assertNotIn("tier", str(caught.exception))
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep).action_restore_customer()
        self.assertFalse(self.customer.is_lost)
