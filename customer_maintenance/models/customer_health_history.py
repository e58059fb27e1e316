from odoo import api, fields, models
from odoo.tools import SQL

from .customer_health_policy import HEALTH_BANDS, LIFECYCLE_STAGES


class CustomerHealthHistory(models.Model):
    """Every change of a customer's health band or lifecycle stage in a
    company: one row per run that moved either."""

    _name = "customer.health.history"
    _inherit = "customer.state.history.mixin"
    _description = "Customer Health Change"

    _old_field = "old_band"
    _new_field = "new_band"
    _figure_field = "score"
    _partner_state_field = "health_band"
    _partner_figure_field = "health_score"
    _partner_reason_field = "lifecycle_stage_lock_reason"

    old_band = fields.Selection(HEALTH_BANDS, string="From Band")
    new_band = fields.Selection(HEALTH_BANDS, string="To Band")
    score = fields.Float(string="Health Score", digits=(16, 1), aggregator="avg")
    old_stage = fields.Selection(LIFECYCLE_STAGES, string="From Stage")
    new_stage = fields.Selection(LIFECYCLE_STAGES, string="To Stage")
    is_trend_point = fields.Boolean(
        string="Trend Point",
        help="The score of the month, kept for the trend, without a change.",
    )
    reason = fields.Char(help="Why a manager set or locked the stage by hand.")
    user_id = fields.Many2one(help="Who changed the stage; the nightly run is OdooBot.")
    maintenance_user_id = fields.Many2one(
        related="partner_id.maintenance_user_id", string="Maintenance Owner"
    )

    @api.model
    def _insert_changes_sql(self, company, today, state, figure, extra=None):
        """SQL: the history of the rows of ``result`` whose band or stage
        moved (and, with the context key ``health_trend_point``, a trend point
        for every other scored customer), returning ``(partner_id, old_band,
        new_band, score, old_stage, new_stage)``. The health policy adds no
        ``extra`` columns."""
        changed = SQL(
            """((band IS NOT NULL AND old_band IS DISTINCT FROM band)
                OR (stage IS NOT NULL AND old_stage IS DISTINCT FROM stage))"""
        )
        return SQL(
            """
            INSERT INTO customer_health_history
                   (partner_id, company_id, date, old_band, new_band, score,
                    old_stage, new_stage, is_trend_point, user_id, create_uid,
                    create_date, write_uid, write_date)
            SELECT id, %(company_id)s, %(today)s, old_band, band, score,
                   old_stage, stage, NOT %(changed)s, %(uid)s, %(uid)s,
                   NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM result
             WHERE %(changed)s OR (%(trend)s AND score IS NOT NULL)
         RETURNING partner_id, old_band, new_band, score, old_stage, new_stage
            """,
            company_id=company.id,
            today=today,
            changed=changed,
            trend=bool(self.env.context.get("health_trend_point")),
            uid=self.env.uid,
        )

    @api.model
    def _note_changes(self, changes, describe):
        """One chatter note per customer whose band or stage moved from a
        previous one (``describe`` is the health policy's ``_change_note``)."""
        policy = describe.__self__
        bodies = {}
        for partner_id, old_band, new_band, score, old_stage, new_stage in changes:
            lines = []
            if old_band and new_band and old_band != new_band:
                lines.append(describe(old_band, new_band, score))
            if old_stage and new_stage and old_stage != new_stage:
                lines.append(policy._stage_note(old_stage, new_stage))
            if lines:
                bodies[partner_id] = "\n".join(lines)
        if bodies:
            self.env["res.partner"].browse(list(bodies))._message_log_batch(bodies)

    @api.model
    def _log_manual_stage(self, partners, vals):
        """Keep the history of the stage a manager sets by hand on
        ``partners`` (commercial entities only) in the current company."""
        new = vals["lifecycle_stage"]
        changed = partners.filtered(
            lambda p: p.lifecycle_stage != new and not p.parent_id
        )
        if not (new and changed):
            return self.browse()
        return self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "old_band": partner.health_band,
                    "new_band": partner.health_band,
                    "score": partner.health_score,
                    "old_stage": partner.lifecycle_stage,
                    "new_stage": new,
                    "reason": vals.get("lifecycle_stage_lock_reason")
                    or partner.lifecycle_stage_lock_reason,
                }
                for partner in changed
            ]
        )
