from datetime import datetime

from .common import CustomerMaintenanceCase

RECEIVED = datetime(2026, 3, 2, 9, 0)  # a Monday morning


class FeedbackCase(CustomerMaintenanceCase):
    """The fixtures of common.py, with tiers and the feedback stages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.tier = "a"
        cls.other_customer.tier = "b"
        cls.contact.email = "chen@huaxin.example"
        ref = cls.env.ref
        cls.stage_new = ref("customer_maintenance.customer_feedback_stage_new")
        cls.stage_progress = ref(
            "customer_maintenance.customer_feedback_stage_in_progress"
        )
        cls.stage_resolved = ref(
            "customer_maintenance.customer_feedback_stage_resolved"
        )
        cls.stage_closed = ref("customer_maintenance.customer_feedback_stage_closed")
        cls.cause_delivery = ref(
            "customer_maintenance.customer_feedback_cause_delivery"
        )

    @classmethod
    def _feedback(cls, customer, **values):
        return cls.env["customer.feedback"].create(
            {
                "name": "Late delivery",
                "partner_id": customer.id,
                "feedback_type": "complaint",
                "date_received": RECEIVED,
                **values,
            }
        )
