from odoo import fields, models

from .customer_credit_policy import CREDIT_RATINGS


class CustomerCreditRatingHistory(models.Model):
    _name = "customer.credit.rating.history"
    _description = "Customer Credit Rating Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    old_rating = fields.Selection(CREDIT_RATINGS, string="From Rating")
    new_rating = fields.Selection(CREDIT_RATINGS, string="To Rating", required=True)
    score = fields.Float(digits=(16, 1))
    reason = fields.Char(help="Why an accounting manager set the rating by hand.")
    user_id = fields.Many2one(
        "res.users",
        string="Changed By",
        default=lambda self: self.env.user,
        help="Who changed the rating; the nightly rating is OdooBot.",
    )
