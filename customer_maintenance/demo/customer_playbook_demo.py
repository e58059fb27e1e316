from odoo import api, models


class CustomerPlaybook(models.Model):
    _inherit = "customer.playbook"

    @api.model
    def _demo_run(self):
        """Tonight's next best actions on the demo customers."""
        self._rules_of(self.env.company)._run(self.env.company)
