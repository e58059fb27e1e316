from unittest.mock import PropertyMock, patch

from .common import CustomerMaintenanceCase


class TestReadOnly(CustomerMaintenanceCase):
    """What reads only may be served from a read replica: nothing in it
    writes."""

    def _read_only(self):
        return patch.object(
            type(self.env.cr), "readonly", new_callable=PropertyMock, return_value=True
        )

    def test_policy_of_a_new_company_in_a_read_only_transaction(self):
        company = self.env["res.company"].create({"name": "Replica Co"})
        for model in ("customer.tier.policy", "customer.credit.policy"):
            Policy = self.env[model]
            with self.subTest(model=model):
                Policy.search([("company_id", "=", company.id)]).unlink()
                with self._read_only():
                    policy = Policy._get_for_company(company)
                self.assertFalse(policy.id, "nothing written")
                self.assertEqual(policy.company_id, company)
                self.assertEqual(
                    policy.window_months,
                    Policy._fields["window_months"].default(Policy),
                )
                self.assertFalse(Policy.search([("company_id", "=", company.id)]))
                # read-write: created once, then found
                created = Policy._get_for_company(company)
                self.assertTrue(created.id)
                self.assertEqual(Policy._get_for_company(company), created)

    def test_my_day_reads_only(self):
        MyDay = self.env["customer.my.day"].with_user(self.rep)
        with self._read_only():
            MyDay.search_read([("user_id", "=", self.rep.id)], ["partner_id", "reason"])
        self.assertTrue(MyDay.action_open._readonly)
