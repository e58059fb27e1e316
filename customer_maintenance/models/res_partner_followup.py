from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .customer_followup import QUIET

FOLLOWUP_STATUSES = [
    ("on_track", "On Track"),
    ("due_soon", "Due Soon"),
    ("overdue", "Overdue"),
]


class ResPartner(models.Model):
    """Follow-up schedule (跟进): the last and next follow-up of a customer,
    its status, and the planning of the next follow-ups."""

    _inherit = "res.partner"

    # Follow-ups (跟进)
    followup_interval = fields.Integer(
        string="Own Follow-up Frequency (Days)",
        help="Days between two follow-ups of this customer, in every company, "
        "instead of the frequency of its tier. 0: the tier's frequency.",
    )
    followup_cadence = fields.Integer(
        string="Follow-up Every (Days)",
        compute="_compute_followup_cadence",
        inverse="_inverse_followup_cadence",
        help="The frequency that applies: the customer's own, or else the one of "
        "its tier in the tier policy. Set the tier's frequency (or 0) to follow "
        "the tier again.",
    )
    followup_ids = fields.One2many(
        "customer.followup", "partner_id", string="Follow-ups"
    )
    followup_count = fields.Integer(
        compute="_compute_followup_count", string="Follow-up Count"
    )
    # the schedule, per company: written in SQL by _update_followup_dates and
    # _refresh_followup_schedule
    last_followup_date = fields.Date(
        string="Last Follow-up",
        company_dependent=True,
        readonly=True,
        help="The last follow-up done in this company.",
    )
    next_followup_date = fields.Date(
        string="Next Follow-up",
        company_dependent=True,
        readonly=True,
        help="Last follow-up plus the frequency of the customer's tier in this "
        "company, or its own frequency.",
    )
    followup_status = fields.Selection(
        string="Follow-up Status",
        selection=FOLLOWUP_STATUSES,
        company_dependent=True,
        readonly=True,
        help="Overdue: the next follow-up date has passed. Due soon: it falls within "
        "the planning horizon, or the customer was never followed up. Refreshed "
        "every day, when tiers are recomputed and when a tier is changed.",
    )
    followup_days_overdue = fields.Integer(
        compute="_compute_followup_days_overdue", string="Days Overdue"
    )

    def _compute_followup_count(self):
        counts = dict(
            self.env["customer.followup"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.followup_count = counts.get(partner, 0)

    @api.depends("followup_interval", "tier", "commercial_partner_id.tier")
    @api.depends_context("company")
    def _compute_followup_cadence(self):
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        for partner in self:
            partner.followup_cadence = partner._followup_days(policy)

    def _inverse_followup_cadence(self):
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        by_tier = policy._followup_days_by_tier()
        for partner in self:
            tier_days = by_tier[partner.commercial_partner_id.tier or "c"]
            days = partner.followup_cadence
            own = 0 if days in (0, tier_days) else days
            if own != partner.followup_interval:
                partner.write({"followup_interval": own})

    @api.depends("next_followup_date")
    @api.depends_context("company")
    def _compute_followup_days_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            due = partner.next_followup_date
            partner.followup_days_overdue = max((today - due).days, 0) if due else 0

    def write(self, vals):
        res = super().write(vals)
        if "followup_cadence" in vals:
            # its value in the other companies, protected during the inverse
            self.invalidate_recordset(["followup_cadence"])
        if "followup_interval" in vals:
            self.commercial_partner_id._refresh_followup_schedule_everywhere()
        return res

    def _followup_days(self, policy):
        """How many days between two follow-ups of this customer."""
        self.ensure_one()
        return (
            self.followup_interval
            or policy._followup_days_by_tier()[self.commercial_partner_id.tier or "c"]
        )

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_followup_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "search_default_group_state": 0,
        }
        return action

    def action_plan_followup(self):
        """One click: plan the next follow-up of these customers for their owner."""
        company = self.env.company
        customers = self.commercial_partner_id
        refused = customers - customers._followup_plannable(company)
        if refused:
            raise UserError(
                self.env._(
                    "No follow-up can be planned for %(customers)s in %(company)s: "
                    "a follow-up is planned for an active customer of the company "
                    "whose owner is an active internal Customer Maintenance user "
                    "of the company.",
                    customers=", ".join(refused.mapped("display_name")),
                    company=company.display_name,
                )
            )
        self._plan_next_followup(at_least_today=True)
        return True

    def _update_followup_dates(self):
        """Last follow-up = the last done one of each company, for these
        commercial partners and their contacts (one statement), then their
        schedule in every company."""
        commercial = self.commercial_partner_id
        if not commercial:
            return
        self.env["customer.followup"].flush_model(
            ["partner_id", "company_id", "state", "done_date"]
        )
        self.flush_model(["commercial_partner_id", "last_followup_date"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET last_followup_date = last.dates
                  FROM (
                        SELECT commercial.id,
                               (SELECT jsonb_object_agg(done.company_id::text,
                                                        done.done_date)
                                  FROM (SELECT followup.company_id,
                                               MAX(followup.done_date) AS done_date
                                          FROM customer_followup followup
                                         WHERE followup.partner_id = commercial.id
                                           AND followup.state = 'done'
                                      GROUP BY followup.company_id) done
                               ) AS dates
                          FROM unnest(%(ids)s::int[]) AS commercial(id)
                       ) last
                 WHERE partner.commercial_partner_id = last.id
                   AND partner.last_followup_date IS DISTINCT FROM last.dates
                """,
                ids=commercial.ids,
            )
        )
        self.invalidate_model(["last_followup_date"])
        commercial._refresh_followup_schedule_everywhere()

    def _plan_next_followup(self, at_least_today=False):
        """Plan one follow-up for each of these customers that has none open."""
        Followup = self.env["customer.followup"]
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        today = fields.Date.context_today(self)
        customers = self.commercial_partner_id._followup_plannable(self.env.company)
        open_ones = Followup.search(
            [
                ("partner_id", "in", customers.ids),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "planned"),
            ]
        ).partner_id
        vals_list = []
        for customer in customers - open_ones:
            due = customer.next_followup_date or today
            if at_least_today or due < today:
                due = max(due, today)
            vals_list.append(customer._followup_vals(policy, due))
        return Followup.with_context(**QUIET).create(vals_list)

    def _followup_plannable(self, company):
        """These partners that are customers of ``company`` and whose owner
        may own them there: the planning's rules (see customer_rules.py)."""
        return self.filtered_domain(
            self._customers_of_company_domain(company)
        ).filtered(
            lambda partner: partner.maintenance_user_id._may_own_customers(company)
        )

    def _followup_vals(self, policy, day):
        self.ensure_one()
        owner = self.maintenance_user_id
        return {
            "partner_id": self.id,
            "user_id": owner.id,
            "company_id": self.env.company.id,
            "kind": "call",
            "planned_datetime": self.env["customer.followup"]._planned_datetime_for(
                day, owner
            ),
            "purpose": self.env._(
                "Regular follow-up: every %(days)s days (tier %(tier)s).",
                days=self._followup_days(policy),
                tier=(self.tier or "c").upper(),
            ),
        }

    @api.model
    def _plan_due_followups(self, policy):
        """Plan a follow-up for every customer of the current company due within
        the planning horizon that has no open one in the company: one
        statement finds them and creates their follow-ups, activities and
        followers."""
        Followup = self.env["customer.followup"]
        company = self.env.company
        today = fields.Date.context_today(self)
        due = SQL(
            """
            SELECT partner.id AS partner_id, %(due)s AS due_date
              FROM res_partner partner
             WHERE %(customer)s
               AND %(owner)s
               AND %(due)s <= %(horizon_end)s
               AND partner.id NOT IN (
                    SELECT followup.partner_id FROM customer_followup followup
                     WHERE followup.company_id = %(company_id)s
                       AND followup.state = 'planned')
            """,
            due=policy._followup_due_sql("partner", today),
            customer=self._customers_of_company_sql("partner", company.id),
            owner=self.env["res.users"]._may_own_customers_sql(
                SQL("partner.maintenance_user_id"), company.id
            ),
            company_id=company.id,
            horizon_end=today + timedelta(days=policy.planning_horizon_days),
        )
        return Followup._create_planned(due, policy)

    @api.model
    def _refresh_followup_schedule(self, policy, partner_ids=None):
        """Next follow-up date and status in the policy's company of its
        customers (or of the commercial partners ``partner_ids``), written on
        them and their contacts where they changed: one statement."""
        company = policy.company_id
        today = fields.Date.context_today(self)
        self.flush_model()
        last = SQL("(partner.last_followup_date->>%s)::date", str(company.id))
        self.env.cr.execute(
            SQL(
                """
                WITH schedule AS (
                    SELECT partner.id, %(last)s + %(days)s AS next_date
                      FROM res_partner partner
                     WHERE %(customer)s AND %(only)s
                ),
                status AS (
                    SELECT id, next_date, %(status)s AS status FROM schedule
                )
                UPDATE res_partner partner
                   SET next_followup_date
                         = COALESCE(partner.next_followup_date, '{}'::jsonb)
                           || jsonb_build_object(%(company)s, status.next_date),
                       followup_status
                         = COALESCE(partner.followup_status, '{}'::jsonb)
                           || jsonb_build_object(%(company)s, status.status)
                  FROM status
                 WHERE partner.commercial_partner_id = status.id
                   AND ((partner.next_followup_date->>%(company)s)::date
                            IS DISTINCT FROM status.next_date
                        OR partner.followup_status->>%(company)s
                            IS DISTINCT FROM status.status)
                """,
                last=last,
                days=policy._followup_days_sql("partner"),
                customer=self._customers_of_company_sql("partner", company.id),
                only=SQL("TRUE")
                if partner_ids is None
                else SQL("partner.id = ANY(%s)", list(partner_ids)),
                status=policy._followup_status_sql(SQL("next_date"), today),
                company=str(company.id),
            )
        )
        self.invalidate_model(["next_followup_date", "followup_status"])

    def _refresh_followup_schedule_everywhere(self):
        """The schedule of these commercial partners in every company."""
        if not self:
            return
        Policy = self.env["customer.tier.policy"]
        companies = self.env["res.company"].sudo().search([("active", "=", True)])
        for company in companies:
            self._refresh_followup_schedule(Policy._get_for_company(company), self.ids)
