from odoo import fields, models
from odoo.tools import SQL

from ..models.customer_followup import FOLLOWUP_KINDS


class CustomerFollowupReport(models.Model):
    """Follow-up compliance: one row per follow-up, with 0/1 counters so that
    any grouping (rep, month, kind...) sums them, and a compliance of 100 or 0
    that is empty for follow-ups not due yet, so that its average is the share
    of due follow-ups done on time."""

    _name = "customer.followup.report"
    _description = "Follow-up Compliance"
    _auto = False
    _order = "planned_date desc"
    _depends = {
        "customer.followup": [
            "partner_id",
            "user_id",
            "company_id",
            "kind",
            "planned_date",
            "done_date",
            "state",
        ],
    }

    followup_id = fields.Many2one("customer.followup", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    kind = fields.Selection(FOLLOWUP_KINDS, readonly=True)
    planned_date = fields.Date(readonly=True)
    done_date = fields.Date(readonly=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        readonly=True,
    )
    planned_count = fields.Integer(string="Planned", readonly=True)
    on_time_count = fields.Integer(string="Done on Time", readonly=True)
    late_count = fields.Integer(string="Done Late", readonly=True)
    missed_count = fields.Integer(string="Missed", readonly=True)
    compliance = fields.Float(
        string="Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the due follow-ups (done or missed) done on or before "
        "their planned day.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT followup.id,
                   followup.id AS followup_id,
                   followup.partner_id,
                   followup.user_id,
                   followup.company_id,
                   followup.kind,
                   followup.planned_date,
                   followup.done_date,
                   followup.state,
                   1 AS planned_count,
                   (followup.state = 'done'
                    AND followup.done_date <= followup.planned_date)::int
                       AS on_time_count,
                   (followup.state = 'done'
                    AND followup.done_date > followup.planned_date)::int
                       AS late_count,
                   (followup.state = 'missed')::int AS missed_count,
                   CASE WHEN followup.state = 'done'
                             AND followup.done_date <= followup.planned_date
                        THEN 100.0
                        WHEN followup.state IN ('done', 'missed') THEN 0.0
                   END AS compliance
              FROM customer_followup followup
             WHERE followup.state != 'cancelled'
            """
        )
