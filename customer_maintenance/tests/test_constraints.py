from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class TestCustomerFileConstraints(CustomerMaintenanceCase):
    @freeze_time("2026-03-01")
    def test_birthday_in_future(self):
        self.customer.birthdate_date = date(2026, 3, 1)  # today is fine
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.customer.birthdate_date = date(2026, 3, 2)
            self.env.flush_all()

    def test_owner_must_be_internal_user(self):
        portal = new_test_user(self.env, "cm_portal", groups="base.group_portal")
        with self.assertRaisesRegex(ValidationError, "internal user"):
            self.customer.maintenance_user_id = portal
            self.env.flush_all()

    def test_owner_must_belong_to_partner_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        customer = self.env["res.partner"].create(
            {"name": "Local customer", "company_id": other_company.id}
        )
        with self.assertRaisesRegex(ValidationError, "Other Co"):
            customer.maintenance_user_id = self.rep
            self.env.flush_all()
        self.rep.company_ids |= other_company
        customer.maintenance_user_id = self.rep
        self.assertEqual(customer.maintenance_user_id, self.rep)

    def test_salesperson_of_other_company_is_not_taken_as_owner(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        customer = self.env["res.partner"].create(
            {
                "name": "Local customer",
                "company_id": other_company.id,
                "user_id": self.rep.id,
            }
        )
        self.assertFalse(customer.maintenance_user_id)

    def test_customer_cannot_introduce_itself(self):
        with self.assertRaisesRegex(ValidationError, "itself"):
            self.customer.introduced_by_id = self.customer
            self.env.flush_all()
        with self.assertRaisesRegex(ValidationError, "itself"):
            self.customer.introduced_by_id = self.contact
            self.env.flush_all()

    def test_introductions_cannot_loop(self):
        self.other_customer.introduced_by_id = self.customer
        with self.assertRaisesRegex(ValidationError, "circle"):
            self.customer.introduced_by_id = self.other_customer
            self.env.flush_all()

    def test_error_leaves_nothing_written(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.customer.write(
                {"preferences": "Opera", "birthdate_date": date(2999, 1, 1)}
            )
            self.env.flush_all()
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.preferences)
        self.assertFalse(self.customer.birthdate_date)
