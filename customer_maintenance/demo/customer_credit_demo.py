from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class CustomerCreditPolicy(models.Model):
    _inherit = "customer.credit.policy"

    @api.model
    def _demo_rate_customers(self, months_ago=3):
        """Rate the demo customers as they were ``months_ago``, then today, so
        that the demo shows rating changes in the history and the chatter."""
        policy = self._get_for_company(self.env.company)
        today = fields.Date.context_today(self)
        policy._recompute_ratings(today - relativedelta(months=months_ago))
        policy._recompute_ratings(today)
