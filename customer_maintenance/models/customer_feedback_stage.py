from odoo import fields, models


class CustomerFeedbackStage(models.Model):
    _name = "customer.feedback.stage"
    _description = "Customer Feedback Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view.",
    )
    is_resolved = fields.Boolean(
        string="Resolved Stage",
        help="Feedback in this stage is answered: its resolved date is set and its "
        "deadline is met or missed.",
    )
    rating_template_id = fields.Many2one(
        "mail.template",
        string="Rating E-mail Template",
        domain="[('model', '=', 'customer.feedback')]",
        help="When feedback reaches this stage, the customer receives this e-mail "
        "asking for a satisfaction score from 1 to 5.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
