from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import CustomerMaintenanceCase

MONDAY = datetime(2026, 3, 2, 8, 0)


@tagged("post_install", "-at_install")
class TestRules(CustomerMaintenanceCase):
    """The owner rule and the company's customers: one definition, the same
    answer from its Python and its SQL form, and from every path using it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.internal = new_test_user(
            cls.env, "cm_rules_internal", groups="base.group_user"
        )
        cls.portal = new_test_user(
            cls.env, "cm_rules_portal", groups="base.group_portal"
        )
        cls.archived = new_test_user(
            cls.env, "cm_rules_archived", groups="customer_maintenance.group_user"
        )
        cls.archived.active = False
        cls.elsewhere = new_test_user(
            cls.env,
            "cm_rules_elsewhere",
            groups="customer_maintenance.group_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.users = (
            cls.rep
            | cls.other_rep
            | cls.manager
            | cls.accountant
            | cls.internal
            | cls.portal
            | cls.archived
            | cls.elsewhere
        )
        # the owners the rule refuses in this company, and why
        cls.refused = {
            "internal user outside the group": cls.internal,
            "portal user": cls.portal,
            "archived rep": cls.archived,
            "rep of another company": cls.elsewhere,
        }

    def _sql_ids(self, query):
        self.env.flush_all()
        self.env.cr.execute(query)
        return {row[0] for row in self.env.cr.fetchall()}

    def _force_owner(self, partner, user):
        """An owner the rule refuses now (e.g. taken out of the group later)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET maintenance_user_id = %s WHERE id = %s",
            [user.id, partner.id],
        )
        partner.invalidate_recordset(["maintenance_user_id"])

    def test_owner_rule_python_equals_sql(self):
        Users = self.env["res.users"]
        for company in (self.company, self.other_company, None):
            python = set(self.users._may_own_customers(company).ids)
            sql = self._sql_ids(
                SQL(
                    "SELECT id FROM res_users u WHERE u.id = ANY(%s) AND %s",
                    self.users.ids,
                    Users._may_own_customers_sql(
                        SQL("u.id"), company.id if company else None
                    ),
                )
            )
            self.assertEqual(python, sql, company)
        self.assertEqual(
            self.users._may_own_customers(self.company),
            self.rep | self.other_rep | self.manager,
        )

    def test_customers_rule_python_equals_sql(self):
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Co", "is_company": True, "customer_rank": 1})
        partners = (
            company
            | Partner.create({"name": "Contact", "parent_id": company.id})
            | Partner.create(
                {
                    "name": "Branch",
                    "parent_id": company.id,
                    "is_company": True,
                    "customer_rank": 1,
                }
            )
            | Partner.create({"name": "Person", "customer_rank": 2})
            | Partner.create({"name": "Supplier", "supplier_rank": 1})
            | Partner.create({"name": "Gone", "customer_rank": 1, "active": False})
            | Partner.create(
                {
                    "name": "Theirs",
                    "customer_rank": 1,
                    "company_id": self.other_company.id,
                }
            )
            | Partner.create(
                {"name": "Ours", "customer_rank": 1, "company_id": self.company.id}
            )
        )
        for rule_company in (self.company, self.other_company):
            python = set(
                Partner.with_context(active_test=False)
                .search(
                    [
                        ("id", "in", partners.ids),
                        *Partner._customers_of_company_domain(rule_company),
                    ]
                )
                .ids
            )
            sql = self._sql_ids(
                SQL(
                    "SELECT id FROM res_partner p WHERE p.id = ANY(%s) AND %s",
                    partners.ids,
                    Partner._customers_of_company_sql("p", rule_company.id),
                )
            )
            self.assertEqual(python, sql)
            self.assertEqual(
                set(
                    partners.filtered_domain(
                        Partner._customers_of_company_domain(rule_company)
                    ).ids
                ),
                python,
            )
        self.assertEqual(
            sorted(Partner.browse(python).mapped("name")),
            ["Branch", "Co", "Person", "Theirs"],
        )

    def _nightly_planning(self):
        policy = self.env["customer.tier.policy"]._get_for_company(self.company)
        Partner = self.env["res.partner"].with_company(self.company)
        Partner._refresh_followup_schedule(policy)
        return Partner._plan_due_followups(policy)

    @freeze_time(MONDAY)
    def test_every_path_agrees_on_the_owner(self):
        """An owner the customer form accepts is planned by the nightly run and
        by Plan Follow-up; an owner it refuses is refused everywhere."""
        Partner = self.env["res.partner"]
        Followup = self.env["customer.followup"]
        accepted = self.rep | self.manager  # managers are in the group too
        customers = Partner.create(
            [
                {"name": f"Customer {n}", "is_company": True, "customer_rank": 1}
                for n in range(2)
            ]
        )
        for customer, owner in zip(customers, accepted, strict=True):
            customer.maintenance_user_id = owner  # the customer form accepts
            self.env.flush_all()
        self.assertEqual(self._nightly_planning().partner_id, customers)
        Followup.search([("partner_id", "in", customers.ids)]).action_cancel()
        customers.action_plan_followup()
        planned = Followup.search(
            [("partner_id", "in", customers.ids), ("state", "=", "planned")]
        )
        self.assertEqual(planned.user_id, accepted)

        refused_customers = Partner
        for reason, user in self.refused.items():
            with self.subTest(reason):
                customer = Partner.create(
                    {
                        "name": reason,
                        "is_company": True,
                        "customer_rank": 1,
                        "company_id": self.company.id,
                    }
                )
                refused_customers |= customer
                self.assertFalse(customer._is_valid_owner(user))
                # the customer form
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    customer.maintenance_user_id = user
                    self.env.flush_all()
                # the salesperson is not taken as owner
                sold = Partner.create(
                    {
                        "name": "Sold by",
                        "customer_rank": 1,
                        "user_id": user.id,
                        "company_id": self.company.id,
                    }
                )
                self.assertFalse(sold.maintenance_user_id)
                # an owner the rule refuses now (e.g. left the group later)...
                self._force_owner(customer, user)
                # ... cannot take a follow-up
                with self.assertRaises(ValidationError), self.env.cr.savepoint():
                    Followup.create({"partner_id": customer.id, "user_id": user.id})
                    self.env.flush_all()
                # ... Plan Follow-up refuses it
                with self.assertRaises(UserError):
                    customer.action_plan_followup()
                # ... nor is handed customers by a reassignment
                with self.assertRaises(UserError):
                    self.env["customer.reassignment"]._check_targets(
                        self.other_rep, user, customer
                    )
        # ... and the nightly planning skips them all
        self._nightly_planning()
        self.assertFalse(Followup.search([("partner_id", "in", refused_customers.ids)]))

    def test_install_takes_salespersons_who_may_own(self):
        Partner = self.env["res.partner"]
        self.env.flush_all()
        partners = Partner.create(
            [
                {"name": "Of a rep", "customer_rank": 1},
                {"name": "Of an internal user", "customer_rank": 1},
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET user_id = %s WHERE id = %s",
            [self.rep.id, partners[0].id],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET user_id = %s WHERE id = %s",
            [self.internal.id, partners[1].id],
        )
        Partner._fill_owners_from_salespersons()
        self.assertEqual(partners[0].maintenance_user_id, self.rep)
        self.assertFalse(partners[1].maintenance_user_id)
