from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from .customer_followup import ACTIVITY_TYPE


class CustomerFollowup(models.Model):
    """The daily follow-up work: missed follow-ups, the schedule and the
    planning of the due customers, one company per call."""

    _inherit = "customer.followup"

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_daily(self):
        """Mark missed follow-ups, refresh the schedule and plan the due
        customers of one company per call (Odoo calls again while some remain,
        committing after each); after the last company, send the digests.

        Running it again the same day does nothing twice: a company done today
        is skipped, a customer with an open planned follow-up is not planned
        again, a digest is sent once a day.
        """
        remaining = self.env["customer.tier.policy"]._cron_one_company(
            "followup_run_date", self._run_daily
        )
        if not remaining:
            self.env["res.users"]._send_followup_digests()

    @api.model
    def _run_daily(self, policy, today):
        """The daily follow-up work of the policy's company."""
        company = policy.company_id
        self.with_company(company)._mark_missed(policy)
        partners = self.env["res.partner"].with_company(company)
        partners._refresh_followup_schedule(policy)
        partners._plan_due_followups(policy)

    def _mark_missed(self, policy):
        today = fields.Date.context_today(self)
        missed = self.search(
            [
                ("company_id", "=", self.env.company.id),
                ("state", "=", "planned"),
                ("planned_date", "<", today - timedelta(days=policy.missed_grace_days)),
            ]
        )
        if missed:
            missed._followup_activities().unlink()
            missed.with_context(tracking_disable=True).write({"state": "missed"})
        return missed

    @api.model
    def _planned_datetime_for(self, day, user):
        """9:00 in the owner's time zone on ``day``, as Odoo stores it (UTC)."""
        local = pytz.timezone(user.tz or "UTC").localize(datetime.combine(day, time(9)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _create_planned(self, due, policy):
        """Create in one statement the planned follow-ups of ``due`` (an SQL
        query of ``partner_id, due_date`` rows: customers of the policy's
        company, with an owner who may own them), with what the ORM would
        store: the follow-ups with their name and purpose, one activity each
        for the owner and the owner as follower. Returns the follow-ups.

        ``res.partner._followup_vals`` is the same follow-up, made one by one.
        """
        company = policy.company_id
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        marker = "\x01"
        purpose = self.env._(
            "Regular follow-up: every %(days)s days (tier %(tier)s).",
            days=f"{marker}d",
            tier=f"{marker}t",
        )
        subtypes = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        self.env["res.partner"].flush_model()
        self.env["res.users"].flush_model()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH due AS (%(due)s),
                vals AS (
                    SELECT due.partner_id, due.due_date, owner.id AS user_id,
                           owner_partner.id AS owner_partner_id,
                           owner_partner.tz,
                           concat_ws(' - ', %(kind)s, NULLIF(partner.name, ''))
                               AS name,
                           replace(replace(%(purpose)s, %(days_marker)s,
                                           (%(days)s)::text),
                                   %(tier_marker)s,
                                   upper(COALESCE(partner.tier->>%(company)s, 'c')))
                               AS purpose
                      FROM due
                      JOIN res_partner partner ON partner.id = due.partner_id
                      JOIN res_users owner ON owner.id = partner.maintenance_user_id
                      JOIN res_partner owner_partner
                        ON owner_partner.id = owner.partner_id
                ),
                followups AS (
                    INSERT INTO customer_followup
                           (name, partner_id, user_id, company_id, kind,
                            planned_datetime, planned_date, state, purpose,
                            create_uid, create_date, write_uid, write_date)
                    SELECT name, partner_id, user_id, %(company_id)s, 'call',
                           (due_date + TIME '09:00')
                               AT TIME ZONE COALESCE(tz, 'UTC') AT TIME ZONE 'UTC',
                           due_date, 'planned', purpose,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM vals
                  ORDER BY partner_id
                 RETURNING id, partner_id
                ),
                activities AS (
                    INSERT INTO mail_activity
                           (res_model_id, res_model, res_id, res_name,
                            activity_type_id, summary, note, user_id, user_tz,
                            date_deadline, active,
                            create_uid, create_date, write_uid, write_date)
                    SELECT %(model_id)s, %(model)s, followups.id, vals.name,
                           %(activity_type)s, vals.name,
                           '<p>' || replace(replace(replace(vals.purpose,
                               '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || '</p>',
                           vals.user_id, vals.tz,
                           vals.due_date, TRUE,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM followups
                      JOIN vals ON vals.partner_id = followups.partner_id
                 RETURNING user_id, date_deadline
                ),
                followers AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, followups.id, vals.owner_partner_id
                      FROM followups
                      JOIN vals ON vals.partner_id = followups.partner_id
                 RETURNING id
                ),
                subtypes AS (
                    INSERT INTO mail_followers_mail_message_subtype_rel
                           (mail_followers_id, mail_message_subtype_id)
                    SELECT followers.id, subtype.id
                      FROM followers
                CROSS JOIN unnest(%(subtypes)s::int[]) AS subtype(id)
                )
                SELECT (SELECT array_agg(id ORDER BY id) FROM followups),
                       (SELECT array_agg(DISTINCT user_id) FROM activities
                         WHERE date_deadline <= %(today)s)
                """,
                due=due,
                kind=kinds["call"],
                purpose=purpose,
                days_marker=f"{marker}d",
                tier_marker=f"{marker}t",
                days=policy._followup_days_sql("partner"),
                company=str(company.id),
                company_id=company.id,
                uid=self.env.uid,
                now=SQL("NOW() AT TIME ZONE 'UTC'"),
                model_id=self.env["ir.model"]._get_id(self._name),
                model=self._name,
                activity_type=self.env.ref(ACTIVITY_TYPE).id,
                subtypes=subtypes,
                today=fields.Date.context_today(self),
            )
        )
        followup_ids, notified_ids = self.env.cr.fetchone()
        self.env["res.users"].browse(notified_ids or [])._bus_send(
            "mail.activity/updated", {"activity_created": True}
        )
        return self.browse(followup_ids or [])
