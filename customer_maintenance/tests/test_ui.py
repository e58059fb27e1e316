from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerFileUi(HttpCase):
    """A rep keeps a customer file in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, "cm_tour_rep", groups="customer_maintenance.group_user"
        )
        other_rep = new_test_user(
            cls.env, "cm_tour_other_rep", groups="customer_maintenance.group_user"
        )
        Partner = cls.env["res.partner"]
        cls.own = Partner.create(
            {"name": "Tour Own Customer", "maintenance_user_id": cls.rep.id}
        )
        cls.foreign = Partner.create(
            {
                "name": "Tour Foreign Customer",
                "maintenance_user_id": other_rep.id,
                "preferences": "Jazz",
            }
        )

    def test_rep_fills_customer_file(self):
        self.start_tour("/odoo", "customer_maintenance_file_tour", login="cm_tour_rep")
        self.assertEqual(self.own.preferences, "Oolong tea, golf on Saturdays")
        self.assertEqual(self.own.needs, "Faster delivery before Spring Festival")
        self.assertEqual(self.foreign.preferences, "Jazz")
