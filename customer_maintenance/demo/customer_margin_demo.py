from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_followup import QUIET


class CustomerTierPolicy(models.Model):
    _inherit = "customer.tier.policy"

    @api.model
    def _demo_compute_margins(self, cost_ratios, visits):
        """Give the demo invoice lines (which have no product) the cost they
        would have had at posting: ``cost_ratios`` holds ``(partner_id,
        ratio of the price)``; the other customers' lines stay uncosted. Add
        ``visits`` (``(partner_id, count)``) field visits done in the last
        months, set the unit costs to serve, and compute the margins."""
        policy = self._get_for_company(self.env.company)
        policy.write(
            {
                "cost_call": 20.0,
                "cost_visit": 400.0,
                "cost_email": 2.0,
                "cost_message": 2.0,
                "cost_gift": 80.0,
                "cost_event": 150.0,
                "cost_after_sales": 300.0,
                "cost_feedback": 250.0,
                "cost_greeting": 5.0,
            }
        )
        lines = self.env["account.move.line"]
        lines.flush_model()
        for partner_id, ratio in cost_ratios:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE account_move_line line
                       SET customer_cost = ROUND(-line.balance * %(ratio)s, 2),
                           customer_cost_missing = FALSE
                      FROM account_move move
                     WHERE move.id = line.move_id
                       AND move.commercial_partner_id = %(partner)s
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND line.display_type = 'product'
                    """,
                    ratio=ratio,
                    partner=partner_id,
                )
            )
        lines.invalidate_model(["customer_cost", "customer_cost_missing"])
        owner = self.env.user
        now = datetime.combine(fields.Date.context_today(self), datetime.min.time())
        self.env["customer.followup"].with_context(**QUIET).create(
            [
                {
                    "partner_id": partner_id,
                    "user_id": self.env["res.partner"]
                    .browse(partner_id)
                    .maintenance_user_id.id
                    or owner.id,
                    "kind": "visit",
                    "state": "done",
                    "planned_datetime": now - timedelta(days=7 * index + 3, hours=-10),
                    "done_date": (now - timedelta(days=7 * index + 3)).date(),
                    "outcome": self.env._("Site visit: checked the installation."),
                    "reaction": "neutral",
                }
                for partner_id, count in visits
                for index in range(count)
            ]
        )
        policy.with_company(policy.company_id)._recompute_margin()
