from odoo.tests import Form, tagged

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class TestCustomerFile(CustomerMaintenanceCase):
    def test_owner_starts_from_salesperson(self):
        customer = self.env["res.partner"].create(
            {"name": "Nordic Design", "user_id": self.other_rep.id}
        )
        self.assertEqual(customer.maintenance_user_id, self.other_rep)
        # later salesperson changes leave the owner alone: it is its own field
        customer.user_id = self.rep
        self.assertEqual(customer.maintenance_user_id, self.other_rep)

    def test_contacts_share_the_owner_of_their_company(self):
        self.assertEqual(self.contact.maintenance_user_id, self.rep)
        new_contact = self.env["res.partner"].create(
            {"name": "赵经理", "parent_id": self.other_customer.id}
        )
        self.assertEqual(new_contact.maintenance_user_id, self.other_rep)

    def test_introduced_customers_smart_button(self):
        Partner = self.env["res.partner"]
        introduced = Partner.create(
            [
                {"name": "周伟", "introduced_by_id": self.customer.id},
                {"name": "李红", "introduced_by_id": self.customer.id},
            ]
        )
        self.assertEqual(self.customer.introduced_count, 2)
        self.assertEqual(self.other_customer.introduced_count, 0)
        action = self.customer.with_user(self.rep).action_view_introduced_partners()
        self.assertEqual(
            Partner.search(action["domain"]).sorted("id"), introduced.sorted("id")
        )
        self.assertEqual(
            action["context"]["default_introduced_by_id"], self.customer.id
        )

    def test_source_channel_counts_customers(self):
        referral = self.env.ref("customer_maintenance.customer_source_referral")
        before = referral.partner_count
        self.customer.source_id = referral
        referral.invalidate_recordset(["partner_count"])
        self.assertEqual(referral.partner_count, before + 1)
        action = referral.action_view_partners()
        self.assertIn(self.customer, self.env["res.partner"].search(action["domain"]))

    def test_rep_fills_file_in_form(self):
        with Form(self.customer.with_user(self.rep)) as form:
            form.birthdate_date = "1980-05-04"
            form.gender = "male"
            form.needs = "Shorter lead times"
            form.consumption_habits = "Monthly orders"
            form.relationship_note = "Brother runs Longmen Spa"
            form.source_id = self.env.ref("customer_maintenance.customer_source_phone")
        self.assertEqual(self.customer.needs, "Shorter lead times")
        self.assertEqual(str(self.customer.birthdate_date), "1980-05-04")

    def test_my_customers_filter(self):
        action = self.env.ref("customer_maintenance.res_partner_action_my_customers")
        self.assertIn("search_default_my_customers", action.context)
        domain = [("maintenance_user_id", "=", self.rep.id)]
        mine = self.env["res.partner"].with_user(self.rep).search(domain)
        self.assertIn(self.customer, mine)
        self.assertNotIn(self.other_customer, mine)
