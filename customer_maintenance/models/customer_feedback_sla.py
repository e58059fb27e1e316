from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_tier_policy import TIERS

FEEDBACK_TYPES = [
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
    ("question", "Question"),
    ("after_sales", "After-sales Request"),
]


class CustomerFeedbackSla(models.Model):
    """How many hours we have to answer feedback, per tier and type."""

    _name = "customer.feedback.sla"
    _description = "Customer Feedback Deadline"
    _order = "tier, feedback_type"

    tier = fields.Selection(TIERS, string="ABC Tier", required=True)
    feedback_type = fields.Selection(FEEDBACK_TYPES, string="Type", required=True)
    hours = fields.Integer(
        string="Answer Within (Hours)",
        required=True,
        help="Deadline, counted from the moment the feedback is received.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to apply to every company; a company's own line wins.",
    )

    _sql_constraints = [
        (
            "tier_type_company_uniq",
            "unique (tier, feedback_type, company_id)",
            "There is already a deadline for this tier and type.",
        ),
    ]

    @api.constrains("hours")
    def _check_hours(self):
        for sla in self:
            if sla.hours <= 0:
                raise ValidationError(
                    self.env._("A deadline is a positive number of hours.")
                )

    @api.model
    def _hours_table(self):
        """{(tier, type, company id or False): hours} of every line."""
        return {
            (line.tier, line.feedback_type, line.company_id.id): line.hours
            for line in self.sudo().search([])
        }

    @api.model
    def _hours_for(self, tier, feedback_type, company, table=None):
        """Hours for ``tier`` and ``feedback_type``; the company's line first,
        then the line for every company; 0 when none applies."""
        table = self._hours_table() if table is None else table
        key = (tier or "c", feedback_type)
        return table.get((*key, company.id), table.get((*key, False), 0))
