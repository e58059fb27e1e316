from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common_screenshot import capture, keep


@tagged("post_install", "-at_install")
class TestMyDayUi(HttpCase):
    """My Day as a rep sees it (the landing itself: test_ui's file tour)."""

    def test_screenshot(self):
        rep = new_test_user(
            self.env(context=dict(self.env.context, no_reset_password=True)),
            "cm_my_day_rep",
            groups="customer_maintenance.group_user",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Overdue Co",
                "is_company": True,
                "customer_rank": 1,
                "maintenance_user_id": rep.id,
            }
        )
        customer.tier = "a"
        self.env["customer.followup"].create(
            {
                "partner_id": customer.id,
                "user_id": rep.id,
                "planned_datetime": fields.Datetime.now() - timedelta(days=2),
            }
        )
        data = capture(
            self,
            "/odoo/action-customer_maintenance.customer_my_day_action",
            "!!document.querySelector('.o_data_row')"
            " && document.body.innerText.includes('Overdue Co')",
            login="cm_my_day_rep",
        )
        keep("customer_maintenance", "my_day.png", data)
