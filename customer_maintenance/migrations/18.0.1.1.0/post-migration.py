"""18.0.1.1.0: fill the per-company follow-up schedule (see pre-migration)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"].with_context(active_test=False).search(
        [("followup_ids", "!=", False)]
    )._update_followup_dates()
    Policy = env["customer.tier.policy"]
    for company in env["res.company"].search([]):
        env["res.partner"]._refresh_followup_schedule(Policy._get_for_company(company))
