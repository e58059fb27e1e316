from odoo import fields, models


class CustomerCareLog(models.Model):
    """One greeting sent: the unique period makes sure it is never sent twice."""

    _name = "customer.care.log"
    _description = "Customer Greeting"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    occasion_id = fields.Many2one(
        "customer.care.occasion", required=True, index=True, ondelete="cascade"
    )
    period = fields.Char(required=True)
    date = fields.Date(required=True)
    channel = fields.Selection(
        [("email", "E-mail"), ("activity", "Call by the Owner")], required=True
    )

    _sql_constraints = [
        (
            "greeting_uniq",
            "unique (partner_id, occasion_id, period)",
            "This customer was already greeted for this occasion.",
        ),
    ]
