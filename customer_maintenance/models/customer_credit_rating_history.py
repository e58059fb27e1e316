from odoo import fields, models

from .customer_credit_policy import CREDIT_RATINGS


class CustomerCreditRatingHistory(models.Model):
    """Every change of a customer's credit rating in a company."""

    _name = "customer.credit.rating.history"
    _inherit = "customer.state.history.mixin"
    _description = "Customer Credit Rating Change"

    _old_field = "old_rating"
    _new_field = "new_rating"
    _figure_field = "score"
    _partner_state_field = "credit_rating"
    _partner_figure_field = "credit_score"
    _partner_reason_field = "credit_rating_lock_reason"

    old_rating = fields.Selection(CREDIT_RATINGS, string="From Rating")
    new_rating = fields.Selection(CREDIT_RATINGS, string="To Rating", required=True)
    score = fields.Float(digits=(16, 1))
    reason = fields.Char(help="Why an accounting manager set the rating by hand.")
    user_id = fields.Many2one(
        help="Who changed the rating; the nightly rating is OdooBot."
    )
