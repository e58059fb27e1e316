from odoo import api, models


class CustomerPlaybook(models.Model):
    _inherit = "customer.playbook"

    @api.model
    def _demo_run(self):
        """A manager marks the biggest A customer at risk (its buyer left),
        then tonight's next best actions run on the demo customers: every
        default rule has a customer to act on."""
        company = self.env.company
        Partner = self.env["res.partner"]
        biggest = Partner.search(
            [*Partner._customers_of_company_domain(company), ("tier", "=", "a")],
            order="id",
        ).sorted("tier_revenue", reverse=True)[:1]
        biggest.write(
            {
                "lifecycle_stage": "at_risk",
                "lifecycle_stage_locked": True,
                "lifecycle_stage_lock_reason": self.env._(
                    "Their purchasing director left; the new one has not met us yet."
                ),
            }
        )
        self._rules_of(company)._run(company)
