from odoo import models
from odoo.exceptions import UserError

from .customer_followup import ACTIVITY_TYPE


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a follow-up's activity done marks the follow-up done, with
        the feedback as its outcome, and plans the next one."""
        if self.env.context.get("customer_followup_closing"):
            return super()._action_done(feedback, attachment_ids)
        activity_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        followup_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "customer.followup"
            and activity.activity_type_id == activity_type
        ]
        followups = (
            self.env["customer.followup"]
            .browse(followup_ids)
            .exists()
            .filtered(lambda f: f.state == "planned")
        )
        for followup in followups.filtered(lambda f: not f.outcome):
            if not feedback:
                raise UserError(
                    self.env._(
                        "Write down what was done and how the customer reacted "
                        "before marking %s done.",
                        followup.name,
                    )
                )
            followup.outcome = feedback
        res = super()._action_done(feedback, attachment_ids)
        followups.with_context(customer_followup_closing=True).action_done()
        return res
