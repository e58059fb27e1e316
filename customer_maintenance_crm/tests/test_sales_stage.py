from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSalesStage(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        Stage = cls.env["crm.stage"]
        cls.first = Stage.create({"name": "First contact", "sequence": 101})
        cls.needs = Stage.create({"name": "Needs", "sequence": 102})
        cls.won = Stage.create({"name": "Signed", "sequence": 103, "is_won": True})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Pipeline Co", "is_company": True, "customer_rank": 1}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ms Lin", "parent_id": cls.customer.id}
        )
        cls.rep = new_test_user(
            cls.env, "cm_crm_rep", groups="customer_maintenance.group_user"
        )

    def _opportunity(self, partner, stage):
        return self.env["crm.lead"].create(
            {
                "name": f"Deal at {stage.name}",
                "type": "opportunity",
                "partner_id": partner.id,
                "stage_id": stage.id,
            }
        )

    def test_furthest_open_stage_of_the_customer_and_its_contacts(self):
        self.assertFalse(self.customer.sales_stage_id)
        self._opportunity(self.customer, self.first)
        self._opportunity(self.contact, self.needs)
        self.customer.invalidate_recordset(["sales_stage_id"])
        self.assertEqual(self.customer.sales_stage_id, self.needs)
        self.assertEqual(self.contact.sales_stage_id, self.needs)

    def test_won_and_lost_opportunities_do_not_count(self):
        self._opportunity(self.customer, self.won)
        lost = self._opportunity(self.customer, self.needs)
        lost.action_set_lost()
        self._opportunity(self.customer, self.first)
        self.customer.invalidate_recordset(["sales_stage_id"])
        self.assertEqual(self.customer.sales_stage_id, self.first)

    def test_a_rep_reads_it(self):
        self._opportunity(self.customer, self.needs)
        self.assertEqual(
            self.customer.with_user(self.rep).sales_stage_id.name, self.needs.name
        )
