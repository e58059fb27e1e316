from datetime import timedelta

from odoo import Command, api, fields, models


class CustomerHealthPolicy(models.Model):
    _inherit = "customer.health.policy"

    @api.model
    def _demo_compute_health(self):
        """Score the demo customers and name their stages as the nightly run
        would, then tell two stories so that every band and stage shows: a
        dormant restaurant group buys again (won back), and a customer with
        three complaints left unanswered slips to at risk."""
        ref = self.env.ref
        policy = self._get_for_company(self.env.company)
        policy = policy.with_company(policy.company_id)
        policy._recompute_health()
        today = fields.Date.context_today(self)
        # won back: the dormant restaurant group invoices again
        jinhai = ref("customer_maintenance.partner_jinhai_restaurant")
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.env.company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if journal:
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": jinhai.id,
                    "journal_id": journal.id,
                    "invoice_date": today,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Banquet supplies",
                                "quantity": 1,
                                "price_unit": 8800,
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            self.env["customer.tier.policy"]._get_for_company(
                self.env.company
            )._recompute_tiers(today)
        # at risk: three complaints past their deadline, none answered
        zhang_li = ref("customer_maintenance.partner_zhang_li")
        received = fields.Datetime.now() - timedelta(days=20)
        self.env["customer.feedback"].create(
            [
                {
                    "name": subject,
                    "partner_id": zhang_li.id,
                    "feedback_type": "complaint",
                    "channel": "phone",
                    "date_received": received,
                }
                for subject in ("Wrong size delivered", "No call back", "Refund late")
            ]
        )
        policy._recompute_health()
