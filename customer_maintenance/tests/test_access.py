from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class TestCustomerFileAccess(CustomerMaintenanceCase):
    def test_rep_edits_own_customer_file(self):
        customer = self.customer.with_user(self.rep)
        customer.write({"preferences": "Green tea", "personality": "Calm"})
        self.assertEqual(self.customer.preferences, "Green tea")
        # the rep also keeps the file of the contacts of their customer
        self.contact.with_user(self.rep).write({"preferences": "Golf"})
        self.assertEqual(self.contact.preferences, "Golf")

    def test_rep_cannot_edit_other_reps_customer_file(self):
        with self.assertRaises(AccessError):
            self.other_customer.with_user(self.rep).write({"needs": "Lower prices"})
        self.assertFalse(self.other_customer.needs)

    def test_rep_cannot_change_owner(self):
        with self.assertRaises(AccessError):
            self.other_customer.with_user(self.rep).write(
                {"maintenance_user_id": self.rep.id}
            )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep).write(
                {"maintenance_user_id": self.other_rep.id}
            )
        self.assertEqual(self.other_customer.maintenance_user_id, self.other_rep)
        self.assertEqual(self.customer.maintenance_user_id, self.rep)

    def test_rep_reads_every_customer_and_edits_odoo_fields(self):
        other = self.other_customer.with_user(self.rep)
        self.assertEqual(other.maintenance_user_id, self.other_rep)
        self.assertFalse(other.can_edit_maintenance)
        self.assertTrue(self.customer.with_user(self.rep).can_edit_maintenance)
        # Odoo's own fields keep Odoo's rules
        other.write({"phone": "+86 21 5555 0101"})
        self.assertEqual(self.other_customer.phone, "+86 21 5555 0101")

    def test_rep_files_new_customer_as_owner(self):
        with Form(self.env["res.partner"].with_user(self.rep)) as form:
            form.name = "刘洋"
            form.preferences = "Basketball"
        customer = form.save()
        self.assertEqual(customer.maintenance_user_id, self.rep)

    def test_rep_cannot_create_customer_for_someone_else(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.rep).create(
                {"name": "Someone", "maintenance_user_id": self.other_rep.id}
            )

    def test_rep_adds_contact_to_other_reps_customer(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.rep)
            .create({"name": "Laura Chen", "parent_id": self.other_customer.id})
        )
        self.assertEqual(contact.maintenance_user_id, self.other_rep)

    def test_manager_changes_owner_and_contacts_follow(self):
        self.customer.with_user(self.manager).write(
            {"maintenance_user_id": self.other_rep.id, "needs": "Faster delivery"}
        )
        self.assertEqual(self.customer.maintenance_user_id, self.other_rep)
        self.assertEqual(self.contact.maintenance_user_id, self.other_rep)
        # the former owner lost the right to edit the file
        with self.assertRaises(AccessError):
            self.customer.with_user(self.rep).write({"needs": "Anything"})

    def test_owner_change_is_tracked(self):
        customer = self.customer.with_context(tracking_disable=False)
        self.env.cr.precommit.run()  # the customer's creation is not a change
        customer.with_user(self.manager).write(
            {"maintenance_user_id": self.other_rep.id}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written on commit
        tracked = customer.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "maintenance_user_id"
        )
        self.assertEqual(tracked.old_value_char, self.rep.name)
        self.assertEqual(tracked.new_value_char, self.other_rep.name)

    def test_accountant_reads_but_cannot_write_file(self):
        customer = self.customer.with_user(self.accountant)
        self.assertEqual(customer.maintenance_user_id, self.rep)
        customer.read(["preferences", "birthdate_date", "source_id"])
        self.assertFalse(customer.can_edit_maintenance)
        with self.assertRaises(AccessError):
            customer.write({"personality": "Impatient"})
        with self.assertRaises(AccessError):
            customer.write({"maintenance_user_id": self.accountant.id})
        self.assertFalse(self.customer.personality)

    def test_only_managers_configure_sources(self):
        Source = self.env["customer.source"]
        with self.assertRaises(AccessError):
            Source.with_user(self.rep).create({"name": "Cold e-mail"})
        source = Source.with_user(self.manager).create({"name": "Cold e-mail"})
        self.assertEqual(source.with_user(self.rep).name, "Cold e-mail")
