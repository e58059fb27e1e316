from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common import CustomerMaintenanceCase


class TestPlaybook(CustomerMaintenanceCase):
    """When a customer enters a state, one activity for its owner: once per
    entry, never every night."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.customer | cls.other_customer).customer_rank = 1
        cls.today = fields.Date.today()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.Playbook = cls.env["customer.playbook"]
        cls.dormant = cls.Playbook.create(
            {
                "name": "Dormant: win-back call",
                "domain": "[('value_segment', '=', 'frozen')]",
                "activity_type_id": cls.call.id,
                "delay_days": 5,
                "company_id": cls.company.id,
            }
        )

    def _activities(self, partner, rule):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "=", rule.summary or rule.name),
            ]
        )

    def test_fires_once_per_entry(self):
        self.customer.value_segment = "frozen"
        self.dormant._run(self.company)
        activity = self._activities(self.customer, self.dormant)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.rep)
        self.assertEqual(activity.activity_type_id, self.call)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=5))
        self.assertFalse(self._activities(self.other_customer, self.dormant))
        # the next nights: still dormant, nothing new
        self.dormant._run(self.company)
        self.assertEqual(len(self._activities(self.customer, self.dormant)), 1)
        self.assertEqual(self.dormant.match_count, 1)
        # leaves the state, then comes back: a new entry, a new activity
        self.customer.value_segment = "value"
        self.dormant._run(self.company)
        self.assertEqual(self.dormant.match_count, 0)
        self.customer.value_segment = "frozen"
        self.dormant._run(self.company)
        self.assertEqual(len(self._activities(self.customer, self.dormant)), 2)

    def test_tier_filter_and_chosen_user(self):
        rule = self.Playbook.create(
            {
                "name": "A slipping: the manager calls",
                "tier": "a",
                "domain": "[('value_segment', '=', 'migrating')]",
                "activity_type_id": self.call.id,
                "assign_to": "user",
                "user_id": self.manager.id,
            }
        )
        self.customer.write({"tier": "a", "value_segment": "migrating"})
        self.other_customer.write({"tier": "b", "value_segment": "migrating"})
        rule._run(self.company)
        self.assertEqual(self._activities(self.customer, rule).user_id, self.manager)
        self.assertFalse(self._activities(self.other_customer, rule))

    def test_relative_dates_in_the_domain(self):
        rule = self.Playbook.create(
            {
                "name": "New customer: welcome call",
                "domain": "[('customer_since', '>=', "
                "context_today() - relativedelta(days=30))]",
                "activity_type_id": self.call.id,
            }
        )
        self.customer.customer_since = self.today - timedelta(days=3)
        self.other_customer.customer_since = self.today - timedelta(days=90)
        rule._run(self.company)
        self.assertTrue(self._activities(self.customer, rule))
        self.assertFalse(self._activities(self.other_customer, rule))

    def test_reassignment_moves_the_activity(self):
        self.customer.value_segment = "frozen"
        self.dormant._run(self.company)
        self.env["customer.reassignment"]._reassign(
            self.rep, {self.customer: self.other_rep.id}, "Left the company"
        )
        self.assertEqual(
            self._activities(self.customer, self.dormant).user_id, self.other_rep
        )

    def test_cron_one_company_per_call_and_rules_of_every_company(self):
        other_company = self.env["res.company"].create({"name": "Second Co"})
        everywhere = self.Playbook.create(
            {
                "name": "Everywhere",
                "domain": "[('value_segment', '=', 'potential')]",
                "activity_type_id": self.call.id,
            }
        )
        self.assertIn(everywhere, self.Playbook._rules_of(other_company))
        self.assertNotIn(self.dormant, self.Playbook._rules_of(other_company))
        policies = self.env["customer.tier.policy"].search(
            [("company_id", "in", (self.company | other_company).ids)]
        )
        policies.playbook_run_date = False
        self.customer.value_segment = "frozen"
        self.Playbook._cron_run()
        self.Playbook._cron_run()
        self.assertTrue(all(policies.mapped("playbook_run_date")))
        self.assertEqual(len(self._activities(self.customer, self.dormant)), 1)

    def test_bad_rules_are_refused(self):
        with self.assertRaises(ValidationError):
            self.Playbook.create(
                {
                    "name": "Broken",
                    "domain": "[('no_such_field', '=', 1)]",
                    "activity_type_id": self.call.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.Playbook.create(
                {
                    "name": "Nobody",
                    "domain": "[]",
                    "assign_to": "user",
                    "activity_type_id": self.call.id,
                }
            )

    def test_reps_read_rules_managers_write_them(self):
        self.assertTrue(self.Playbook.with_user(self.rep).search([]))
        with self.assertRaises(AccessError):
            self.dormant.with_user(self.rep).delay_days = 1
        self.dormant.with_user(self.manager).delay_days = 1
        self.assertEqual(self.dormant.delay_days, 1)

    def test_default_rules_run(self):
        defaults = self.env.ref("customer_maintenance.customer_playbook_new")
        self.customer.lifecycle_stage = "new"
        activities = defaults._run(self.company)
        self.assertIn(self.customer.id, activities.mapped("res_id"))
