from odoo.tests import TransactionCase, new_test_user


class CustomerMaintenanceCase(TransactionCase):
    """Two reps, a manager, an accountant and one customer for each rep."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env, "cm_test_rep", groups="customer_maintenance.group_user"
        )
        cls.other_rep = new_test_user(
            cls.env, "cm_test_other_rep", groups="customer_maintenance.group_user"
        )
        cls.manager = new_test_user(
            cls.env, "cm_test_manager", groups="customer_maintenance.group_manager"
        )
        # accountants may create and edit contacts, as Odoo's default users do
        cls.accountant = new_test_user(
            cls.env,
            "cm_test_accountant",
            groups="account.group_account_invoice,base.group_partner_manager",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "华鑫贸易", "is_company": True, "maintenance_user_id": cls.rep.id}
        )
        cls.contact = Partner.create(
            {"name": "陈总", "parent_id": cls.customer.id, "function": "CEO"}
        )
        cls.other_customer = Partner.create(
            {
                "name": "Pacific Foods",
                "is_company": True,
                "maintenance_user_id": cls.other_rep.id,
            }
        )
