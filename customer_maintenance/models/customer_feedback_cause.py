from odoo import fields, models


class CustomerFeedbackCause(models.Model):
    """Root causes of complaints and of lost customers."""

    _name = "customer.feedback.cause"
    _description = "Root Cause Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
