from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_health_policy import HEALTH_BANDS
from ..models.customer_tier_policy import TIERS

REASONS = [
    ("followup_overdue", "Follow-up overdue"),
    ("followup_due", "Follow-up due today"),
    ("feedback_late", "Feedback late"),
    ("activity", "Activity due"),
    ("tier_changed", "Tier changed this week"),
    ("health_changed", "Band or stage changed this week"),
]


class CustomerMyDay(models.Model):
    """My Day: the rep's customers that need attention today, each with the
    reason and a one-click action.

    Read-only, built at query time from each model's own rule (its domain,
    through ``_search``): due and overdue follow-ups, feedback past its
    deadline, activities due on the customer (playbook steps included), tier,
    band and stage changes of the week. A customers first, the least healthy
    first within a tier. A row's id is its source record's, times the number
    of sources, plus the source: stable between two clicks."""

    _name = "customer.my.day"
    _description = "My Day"
    _auto = False
    _order = "tier_rank, health_score, date, id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    reason = fields.Selection(REASONS, readonly=True)
    detail = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    tier = fields.Selection(TIERS, string="ABC Tier", readonly=True)
    tier_rank = fields.Integer(readonly=True)
    health_score = fields.Float(readonly=True, digits=(16, 1))
    health_band = fields.Selection(HEALTH_BANDS, readonly=True)
    followup_id = fields.Many2one("customer.followup", readonly=True)
    feedback_id = fields.Many2one("customer.feedback", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        env = self.env
        sources = [
            SQL(
                """SELECT followup.id * 5 AS id, followup.partner_id,
                          followup.user_id, followup.company_id,
                          CASE WHEN followup.planned_date < %(today)s
                               THEN 'followup_overdue' ELSE 'followup_due' END
                              AS reason,
                          followup.name AS detail, followup.planned_date AS date,
                          followup.id AS followup_id, NULL::int AS feedback_id,
                          NULL::int AS activity_id
                     FROM customer_followup followup
                    WHERE followup.id IN %(ids)s""",
                today=today,
                ids=env["customer.followup"]
                ._search([("state", "=", "planned"), ("planned_date", "<=", today)])
                .subselect(),
            ),
            SQL(
                """SELECT feedback.id * 5 + 1, feedback.partner_id,
                          feedback.user_id, feedback.company_id, 'feedback_late',
                          feedback.name, feedback.deadline::date,
                          NULL, feedback.id, NULL
                     FROM customer_feedback feedback
                    WHERE feedback.id IN %(ids)s""",
                ids=env["customer.feedback"]
                ._search([("is_overdue", "=", True)])
                .subselect(),
            ),
            SQL(
                """SELECT activity.id * 5 + 2, activity.res_id, activity.user_id,
                          COALESCE(partner.company_id, %(company)s), 'activity',
                          COALESCE(activity.summary, activity_type.name->>%(lang)s,
                                   activity_type.name->>'en_US'),
                          activity.date_deadline, NULL, NULL, activity.id
                     FROM mail_activity activity
                     JOIN res_partner partner ON partner.id = activity.res_id
                LEFT JOIN mail_activity_type activity_type
                       ON activity_type.id = activity.activity_type_id
                    WHERE activity.id IN %(ids)s""",
                lang=env.lang or "en_US",
                company=env.company.id,
                ids=env["mail.activity"]
                ._search(
                    [
                        ("res_model", "=", "res.partner"),
                        ("date_deadline", "<=", today),
                    ]
                )
                .subselect(),
            ),
            SQL(
                """SELECT history.id * 5 + 3, history.partner_id,
                          partner.maintenance_user_id, history.company_id,
                          'tier_changed',
                          UPPER(COALESCE(history.old_tier, '-')) || ' → '
                              || UPPER(history.new_tier),
                          history.date, NULL, NULL, NULL
                     FROM customer_tier_history history
                     JOIN res_partner partner ON partner.id = history.partner_id
                    WHERE history.id IN %(ids)s""",
                ids=env["customer.tier.history"]
                ._search([("date", ">=", today - timedelta(days=7))])
                .subselect(),
            ),
            SQL(
                """SELECT history.id * 5 + 4, history.partner_id,
                          partner.maintenance_user_id, history.company_id,
                          'health_changed',
                          CONCAT_WS(', ',
                              CASE WHEN history.new_band IS DISTINCT FROM
                                        history.old_band
                                   THEN COALESCE(history.old_band, '-') || ' → '
                                        || history.new_band END,
                              CASE WHEN history.new_stage IS DISTINCT FROM
                                        history.old_stage
                                   THEN COALESCE(history.old_stage, '-') || ' → '
                                        || history.new_stage END),
                          history.date, NULL, NULL, NULL
                     FROM customer_health_history history
                     JOIN res_partner partner ON partner.id = history.partner_id
                    WHERE history.id IN %(ids)s""",
                ids=env["customer.health.history"]
                ._search(
                    [
                        ("date", ">=", today - timedelta(days=7)),
                        ("is_trend_point", "=", False),
                    ]
                )
                .subselect(),
            ),
        ]
        return SQL(
            """
            SELECT source.*,
                   (partner.health_score->>source.company_id::text)::float
                       AS health_score,
                   partner.health_band->>source.company_id::text AS health_band,
                   partner.tier->>source.company_id::text AS tier,
                   CASE partner.tier->>source.company_id::text
                        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3 ELSE 4
                   END AS tier_rank
              FROM (%s) source
              JOIN res_partner partner ON partner.id = source.partner_id
            """,
            SQL(" UNION ALL ").join(sources),
        )

    # ------------------------------------------------------------------
    # One-click actions
    # ------------------------------------------------------------------

    @api.readonly
    def action_open(self):
        """Open what the row is about: the follow-up, the feedback or the
        customer."""
        self.ensure_one()
        record = self.followup_id or self.feedback_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_plan(self):
        """Plan the customer's next follow-up for its owner."""
        self.ensure_one()
        self.partner_id.action_plan_followup()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_done(self):
        """Done in one click: an activity is marked done; a follow-up opens,
        since what was done and said must be written."""
        self.ensure_one()
        if self.activity_id:
            self.activity_id.action_feedback()
            return {"type": "ir.actions.client", "tag": "soft_reload"}
        return self.action_open()
