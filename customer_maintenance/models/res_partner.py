import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, split_every

from .customer_followup import QUIET
from .customer_tier_policy import SEGMENTS, TIERS

MANAGER_GROUP = "customer_maintenance.group_manager"
PLAN_BATCH_SIZE = 5000
USER_GROUP = "customer_maintenance.group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The fields of the customer file that only its owner (or a manager) may
    # change. Odoo's own fields (function, industry, tags, notes) keep Odoo's rules.
    _MAINTENANCE_FIELDS = frozenset(
        {
            "maintenance_user_id",
            "birthdate_date",
            "gender",
            "preferences",
            "personality",
            "needs",
            "consumption_habits",
            "relationship_note",
            "followup_interval",
            "care_opt_out",
            "source_id",
            "introduced_by_id",
        }
    )

    # Fields only managers change; the recomputation writes them in SQL.
    _MANAGER_FIELDS = frozenset(
        {
            "tier",
            "tier_locked",
            "tier_lock_reason",
            "is_lost",
            "lost_date",
            "lost_reason",
            "lost_cause_id",
            "feedback_token",
        }
    )
    # submissions of the public feedback form per customer and hour
    _FEEDBACK_FORM_HOURLY_LIMIT = 5

    # Responsibility
    maintenance_user_id = fields.Many2one(
        "res.users",
        string="Maintenance Owner",
        compute="_compute_maintenance_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person responsible for keeping this customer. It starts from the "
        "salesperson; only Customer Maintenance managers can change it.",
    )
    customer_since = fields.Date(
        readonly=True,
        copy=False,
        index=True,
        help="Date of the first posted customer invoice.",
    )
    can_edit_maintenance = fields.Boolean(
        compute="_compute_can_edit_maintenance",
        help="Technical: whether the current user may change this customer file.",
    )

    # Person
    birthdate_date = fields.Date(string="Birthday", tracking=True)
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("other", "Other")],
    )

    # Knowing the customer
    preferences = fields.Text(string="Preferences and Hobbies")
    personality = fields.Text()
    needs = fields.Text(string="Needs and Pain Points")
    consumption_habits = fields.Text()
    relationship_note = fields.Text(
        string="Family and Business Relations",
        help="Family members, business partners and other people close to the "
        "customer.",
    )

    care_opt_out = fields.Boolean(
        string="No Greetings",
        help="The customer does not want birthday, holiday or anniversary greetings.",
    )

    # Origin
    source_id = fields.Many2one(
        "customer.source",
        string="Source Channel",
        index="btree_not_null",
        tracking=True,
    )
    introduced_by_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The customer or contact who introduced this customer to us.",
    )
    introduced_partner_ids = fields.One2many(
        "res.partner", "introduced_by_id", string="Introduced Customers"
    )
    introduced_count = fields.Integer(
        compute="_compute_introduced_count", string="Introductions"
    )

    # ABC tier, per company: recomputed by customer.tier.policy
    tier = fields.Selection(
        TIERS,
        string="ABC Tier",
        company_dependent=True,
        tracking=True,
        help="A: the few customers who make the first part of the revenue (80% by "
        "default); B: the next ones (up to 95%); C: the rest, and customers "
        "without revenue. Recomputed every night from posted invoices.",
    )
    tier_revenue = fields.Float(
        string="Revenue (Window)",
        company_dependent=True,
        readonly=True,
        digits="Account",
        help="Posted customer invoices minus refunds, untaxed, in company "
        "currency, over the tier policy's window.",
    )
    tier_previous_revenue = fields.Float(
        string="Revenue (Previous Window)",
        company_dependent=True,
        readonly=True,
        digits="Account",
    )
    tier_share = fields.Float(
        string="Revenue Share (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 2),
    )
    tier_cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        company_dependent=True,
        readonly=True,
        digits=(16, 2),
        help="Share of the company's revenue made by this customer and all "
        "customers above it.",
    )
    tier_since = fields.Date(company_dependent=True, readonly=True)
    tier_locked = fields.Boolean(
        company_dependent=True,
        tracking=True,
        help="A locked tier is kept by the recomputation, which still updates the "
        "figures.",
    )
    tier_lock_reason = fields.Char(company_dependent=True, tracking=True)
    value_segment = fields.Selection(
        SEGMENTS,
        company_dependent=True,
        readonly=True,
        help="Frozen: no invoice for longer than the policy's multiple of the "
        "customer's usual interval between invoices. Migrating: revenue fell "
        "strongly versus the previous window. Value: tier A or B and not "
        "declining. Potential: revenue grew strongly versus the previous window.",
    )
    last_invoice_date = fields.Date(company_dependent=True, readonly=True)
    purchase_interval = fields.Float(
        string="Usual Interval (Days)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="Average number of days between the customer's invoices.",
    )
    tier_history_ids = fields.One2many("customer.tier.history", "partner_id")

    # Follow-ups (跟进)
    followup_interval = fields.Integer(
        string="Follow-up Every (Days)",
        help="Overrides the frequency of the customer's tier in the tier policy.",
    )
    followup_ids = fields.One2many(
        "customer.followup", "partner_id", string="Follow-ups"
    )
    followup_count = fields.Integer(
        compute="_compute_followup_count", string="Follow-up Count"
    )
    last_followup_date = fields.Date(string="Last Follow-up", readonly=True, copy=False)
    next_followup_date = fields.Date(
        string="Next Follow-up",
        compute="_compute_next_followup_date",
        store=True,
        index=True,
        copy=False,
        help="Last follow-up plus the frequency of the customer's tier, or its "
        "own frequency.",
    )
    followup_status = fields.Selection(
        string="Follow-up Status",
        selection=[
            ("on_track", "On Track"),
            ("due_soon", "Due Soon"),
            ("overdue", "Overdue"),
        ],
        compute="_compute_followup_status",
        store=True,
        index=True,
        help="Overdue: the next follow-up date has passed. Due soon: it falls within "
        "the planning horizon, or the customer was never followed up. Refreshed "
        "every day.",
    )
    followup_days_overdue = fields.Integer(
        compute="_compute_followup_days_overdue", string="Days Overdue"
    )

    # Feedback and after-sales
    feedback_ids = fields.One2many("customer.feedback", "partner_id")
    feedback_count = fields.Integer(compute="_compute_feedback_count")
    feedback_open_count = fields.Integer(
        compute="_compute_feedback_count", string="Open Feedback"
    )
    satisfaction_avg = fields.Float(
        string="Average Satisfaction",
        compute="_compute_satisfaction_avg",
        digits=(16, 1),
        help="Average of the scores (1 to 5) the customer gave to answered feedback.",
    )
    feedback_token = fields.Char(
        copy=False,
        index="btree_not_null",
        groups="customer_maintenance.group_user",
        help="Personal key of the customer's feedback link.",
    )
    feedback_url = fields.Char(
        string="Feedback Link",
        compute="_compute_feedback_url",
        groups="customer_maintenance.group_user",
        help="The customer's personal link to the feedback form, for e-mails.",
    )

    # Lost customers
    is_lost = fields.Boolean(string="Lost", tracking=True, copy=False, index=True)
    lost_date = fields.Date(tracking=True, copy=False)
    lost_reason = fields.Text(tracking=True, copy=False)
    lost_cause_id = fields.Many2one(
        "customer.feedback.cause",
        string="Lost Root Cause",
        tracking=True,
        copy=False,
        index="btree_not_null",
    )

    _sql_constraints = [
        (
            "feedback_token_uniq",
            "unique (feedback_token)",
            "A feedback link belongs to one customer.",
        ),
    ]

    @api.depends("user_id", "company_id")
    def _compute_maintenance_user_id(self):
        for partner in self:
            if not partner.maintenance_user_id and partner._is_valid_owner(
                partner.user_id
            ):
                partner.maintenance_user_id = partner.user_id

    @api.depends("maintenance_user_id", "commercial_partner_id.maintenance_user_id")
    @api.depends_context("uid")
    def _compute_can_edit_maintenance(self):
        user = self.env.user
        if user._has_group(MANAGER_GROUP):
            self.can_edit_maintenance = True
            return
        is_rep = user._has_group(USER_GROUP)
        for partner in self:
            owner = partner.commercial_partner_id.maintenance_user_id
            partner.can_edit_maintenance = is_rep and (not partner.id or owner == user)

    def _compute_introduced_count(self):
        counts = dict(
            self._read_group(
                [("introduced_by_id", "in", self.ids)],
                ["introduced_by_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.introduced_count = counts.get(partner, 0)

    def _compute_followup_count(self):
        counts = dict(
            self.env["customer.followup"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.followup_count = counts.get(partner, 0)

    def _compute_feedback_count(self):
        total, opened = {}, {}
        for partner, resolved, count in self.env["customer.feedback"]._read_group(
            [("partner_id", "in", self.filtered("id").ids)],
            ["partner_id", "is_resolved"],
            ["__count"],
        ):
            total[partner] = total.get(partner, 0) + count
            if not resolved:
                opened[partner] = count
        for partner in self:
            partner.feedback_count = total.get(partner, 0)
            partner.feedback_open_count = opened.get(partner, 0)

    def _compute_satisfaction_avg(self):
        commercial = self.commercial_partner_id.filtered("id")
        scores = dict(
            self.env["customer.feedback"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", commercial.ids),
                    ("rating_last_value", ">=", 1),
                ],
                ["partner_id"],
                ["rating_last_value:avg"],
            )
        )
        for partner in self:
            partner.satisfaction_avg = scores.get(
                partner.commercial_partner_id.sudo(), 0.0
            )

    @api.depends("feedback_token")
    def _compute_feedback_url(self):
        base_url = self.get_base_url()
        for partner in self:
            partner.feedback_url = partner.feedback_token and (
                f"{base_url}/customer-feedback/{partner.feedback_token}"
            )

    @api.depends("last_followup_date", "followup_interval")
    def _compute_next_followup_date(self):
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        for partner in self:
            last = partner.last_followup_date
            partner.next_followup_date = last and last + timedelta(
                days=partner._followup_days(policy)
            )

    @api.depends("next_followup_date")
    def _compute_followup_status(self):
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        today = fields.Date.context_today(self)
        for partner in self:
            partner.followup_status = policy._followup_status(
                partner.next_followup_date, today
            )

    @api.depends("next_followup_date")
    def _compute_followup_days_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            due = partner.next_followup_date
            partner.followup_days_overdue = max((today - due).days, 0) if due else 0

    @api.constrains("birthdate_date")
    def _check_birthdate_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.birthdate_date and partner.birthdate_date > today:
                raise ValidationError(
                    self.env._(
                        "The birthday of %(partner)s (%(date)s) is in the future.",
                        partner=partner.display_name,
                        date=partner.birthdate_date,
                    )
                )

    @api.constrains("maintenance_user_id", "company_id")
    def _check_maintenance_user_id(self):
        for partner in self:
            owner = partner.maintenance_user_id
            if owner and not partner._is_valid_owner(owner):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot own the customer %(partner)s: the maintenance "
                        "owner must be an active internal user of %(company)s.",
                        user=owner.sudo().display_name,
                        partner=partner.display_name,
                        company=partner.company_id.display_name
                        or self.env._("the customer's company"),
                    )
                )

    @api.constrains("tier_locked", "tier_lock_reason")
    def _check_tier_lock_reason(self):
        for partner in self:
            if partner.tier_locked and not (partner.tier_lock_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why the tier of %s is locked.", partner.display_name
                    )
                )

    @api.constrains("introduced_by_id")
    def _check_introduced_by_id(self):
        for partner in self:
            introducer = partner.introduced_by_id
            if introducer and (
                introducer == partner
                or introducer.commercial_partner_id == partner.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be introduced by itself or by one of its "
                        "own contacts.",
                        partner=partner.display_name,
                    )
                )
        if self._has_cycle("introduced_by_id"):
            raise ValidationError(
                self.env._(
                    "Introductions cannot go round in a circle: a customer cannot be "
                    "introduced, directly or not, by someone it introduced."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_maintenance_create(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_maintenance_write(vals)
        if "tier" in vals:
            self._log_manual_tier(vals)
        return super().write(vals)

    def _commercial_fields(self):
        # a company's contacts share its owner and its tier figures
        return [
            *super()._commercial_fields(),
            "maintenance_user_id",
            *self.env["customer.tier.policy"]._FIGURES,
            "tier_locked",
            "tier_lock_reason",
        ]

    def action_view_tier_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_tier_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_view_introduced_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.res_partner_action_customer_file"
        )
        action["name"] = self.env._("Introduced by %s", self.display_name)
        action["domain"] = [("introduced_by_id", "=", self.id)]
        action["context"] = {
            "default_introduced_by_id": self.id,
            "res_partner_search_mode": "customer",
        }
        return action

    # ------------------------------------------------------------------
    # Feedback link
    # ------------------------------------------------------------------

    def _get_feedback_url(self):
        """The customer's personal feedback link, created on first use (for
        e-mail templates: ``object._get_feedback_url()``)."""
        self.ensure_one()
        customer = self.commercial_partner_id.sudo()
        if not customer.feedback_token:
            customer.feedback_token = secrets.token_urlsafe(32)
        return customer.feedback_url

    def action_generate_feedback_token(self):
        self.ensure_one()
        if not self._is_maintenance_manager() and not self.can_edit_maintenance:
            raise AccessError(
                self.env._("Only the owner or a manager can create the feedback link.")
            )
        self._get_feedback_url()
        return True

    def action_revoke_feedback_token(self):
        if not self._is_maintenance_manager():
            raise AccessError(
                self.env._("Only Customer Maintenance managers can revoke a link.")
            )
        self.commercial_partner_id.write({"feedback_token": False})
        for partner in self:
            partner.message_post(
                body=self.env._("Feedback link revoked."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _find_by_feedback_token(self, token):
        """The active customer whose feedback link is ``token``, as superuser,
        or an empty recordset."""
        if not token or len(token) < 20 or len(token) > 100:
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=True)
            .search([("feedback_token", "=", token)], limit=1)
        )

    def action_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_feedback_action"
        )
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    # ------------------------------------------------------------------
    # Lost customers
    # ------------------------------------------------------------------

    def _mark_lost(self, reason, cause, lost_date=None):
        """Record the loss (manager only) and plan a follow-up to review it."""
        if not self._is_maintenance_manager():
            raise AccessError(
                self.env._(
                    "Only Customer Maintenance managers can mark a customer lost."
                )
            )
        if not (reason or "").strip() or not cause:
            raise ValidationError(
                self.env._("Give the reason and the root cause of the loss.")
            )
        customers = self.commercial_partner_id
        customers.write(
            {
                "is_lost": True,
                "lost_date": lost_date or fields.Date.context_today(self),
                "lost_reason": reason.strip(),
                "lost_cause_id": cause.id,
            }
        )
        purpose = self.env._(
            "Review the loss of this customer (%(cause)s): %(reason)s",
            cause=cause.name,
            reason=reason.strip(),
        )
        vals_list = []
        for customer in customers:
            owner = customer.maintenance_user_id
            if not (owner and owner.sudo()._has_group(USER_GROUP) and owner.active):
                owner = self.env.user
            vals_list.append(
                {
                    "partner_id": customer.id,
                    "user_id": owner.id,
                    "company_id": (customer.company_id or self.env.company).id,
                    "kind": "call",
                    "purpose": purpose,
                }
            )
        return self.env["customer.followup"].create(vals_list)

    def action_restore_customer(self):
        """The customer is back: clear the lost status (kept in the chatter)."""
        if not self._is_maintenance_manager():
            raise AccessError(
                self.env._("Only Customer Maintenance managers can restore a customer.")
            )
        self.commercial_partner_id.write(
            {
                "is_lost": False,
                "lost_date": False,
                "lost_reason": False,
                "lost_cause_id": False,
            }
        )
        return True

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
        self._plan_next_followup(at_least_today=True)
        return True

    def _update_followup_dates(self):
        """Last follow-up = the last done one, for these commercial partners and
        their contacts (one statement)."""
        commercial = self.commercial_partner_id
        if not commercial:
            return
        self.env["customer.followup"].flush_model(["partner_id", "state", "done_date"])
        self.flush_model(["commercial_partner_id", "last_followup_date"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET last_followup_date = last.done_date
                  FROM (
                        SELECT commercial.id, MAX(followup.done_date) AS done_date
                          FROM unnest(%(ids)s::int[]) AS commercial(id)
                     LEFT JOIN customer_followup followup
                            ON followup.partner_id = commercial.id
                           AND followup.state = 'done'
                      GROUP BY commercial.id
                       ) last
                 WHERE partner.commercial_partner_id = last.id
                   AND partner.last_followup_date IS DISTINCT FROM last.done_date
             RETURNING partner.id
                """,
                ids=commercial.ids,
            )
        )
        changed = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_model(["last_followup_date"])
        self.env.add_to_compute(self._fields["next_followup_date"], changed)
        changed._recompute_recordset(["next_followup_date", "followup_status"])

    def _plan_next_followup(self, at_least_today=False):
        """Plan one follow-up for each of these customers that has none open."""
        Followup = self.env["customer.followup"]
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        today = fields.Date.context_today(self)
        customers = self.commercial_partner_id.filtered(
            lambda p: p.active and p.maintenance_user_id
        )
        open_ones = Followup.search(
            [("partner_id", "in", customers.ids), ("state", "=", "planned")]
        ).partner_id
        vals_list = []
        for customer in customers - open_ones:
            due = customer.next_followup_date or today
            if at_least_today or due < today:
                due = max(due, today)
            vals_list.append(customer._followup_vals(policy, due))
        return Followup.with_context(**QUIET).create(vals_list)

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
        the planning horizon that has no open one: one query finds them, one
        batched create makes the follow-ups and their activities."""
        Followup = self.env["customer.followup"]
        company = self.env.company
        today = fields.Date.context_today(self)
        Followup.flush_model(["partner_id", "state"])
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, %(due)s
                  FROM res_partner partner
                  JOIN res_users owner
                    ON owner.id = partner.maintenance_user_id AND owner.active
                  JOIN res_groups_users_rel rep
                    ON rep.uid = owner.id AND rep.gid = %(rep_group)s
                  JOIN res_company_users_rel allowed
                    ON allowed.user_id = owner.id AND allowed.cid = %(company_id)s
                 WHERE partner.id = partner.commercial_partner_id
                   AND partner.active
                   AND partner.customer_rank > 0
                   AND (partner.company_id IS NULL
                        OR partner.company_id = %(company_id)s)
                   AND %(due)s <= %(horizon_end)s
                   AND NOT EXISTS (
                        SELECT 1 FROM customer_followup followup
                         WHERE followup.partner_id = partner.id
                           AND followup.state = 'planned')
              ORDER BY partner.id
                """,
                due=policy._followup_due_sql("partner", today),
                rep_group=self.env.ref("customer_maintenance.group_user").id,
                company_id=company.id,
                horizon_end=today + timedelta(days=policy.planning_horizon_days),
            )
        )
        rows = self.env.cr.fetchall()
        created = Followup
        # batches keep the memory bounded: the cache is emptied after each one
        for batch in split_every(PLAN_BATCH_SIZE, rows):
            customers = self.browse([row[0] for row in batch])
            customers.fetch(["maintenance_user_id", "tier", "followup_interval"])
            created += Followup.with_context(**QUIET).create(
                [
                    customer._followup_vals(policy, due)
                    for customer, (_id, due) in zip(customers, batch, strict=True)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
        return created

    @api.model
    def _refresh_followup_schedule(self, policy):
        """Next follow-up date and status of the company's customers, written
        where they changed (the status moves with the calendar)."""
        today = fields.Date.context_today(self)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH schedule AS (
                    SELECT partner.id,
                           partner.last_followup_date + %(days)s AS next_date
                      FROM res_partner partner
                     WHERE partner.id = partner.commercial_partner_id
                       AND partner.active
                       AND partner.customer_rank > 0
                       AND (partner.company_id IS NULL
                            OR partner.company_id = %(company_id)s)
                ),
                status AS (
                    SELECT id, next_date,
                           CASE WHEN next_date < %(today)s THEN 'overdue'
                                WHEN next_date IS NULL
                                  OR next_date <= %(horizon_end)s THEN 'due_soon'
                                ELSE 'on_track' END AS status
                      FROM schedule
                )
                UPDATE res_partner partner
                   SET next_followup_date = status.next_date,
                       followup_status = status.status
                  FROM status
                 WHERE partner.commercial_partner_id = status.id
                   AND (partner.next_followup_date IS DISTINCT FROM status.next_date
                        OR partner.followup_status IS DISTINCT FROM status.status)
                """,
                days=policy._followup_days_sql("partner"),
                company_id=self.env.company.id,
                today=today,
                horizon_end=today + timedelta(days=policy.planning_horizon_days),
            )
        )
        self.invalidate_model(["next_followup_date", "followup_status"])

    # ------------------------------------------------------------------
    # Access to the customer file
    # ------------------------------------------------------------------

    def _is_valid_owner(self, user):
        """Whether ``user`` may be this partner's maintenance owner."""
        self.ensure_one()
        user = user.sudo()
        if not user or not user.active or user.share:
            return False
        return not self.company_id or self.company_id in user.company_ids

    def _is_maintenance_manager(self):
        return self.env.su or self.env.user._has_group(MANAGER_GROUP)

    def _maintenance_field_labels(self, names):
        return ", ".join(
            sorted(
                self._fields[name].get_description(self.env)["string"] for name in names
            )
        )

    def _check_maintenance_create(self, vals):
        """A rep may file a new customer, owned by themselves; others may not.

        A customer a rep files without salesperson nor owner becomes theirs.
        """
        if (
            not vals.get("maintenance_user_id")
            and not vals.get("user_id")
            and not vals.get("parent_id")
            and not self.env.su
            and self.env.user._has_group(USER_GROUP)
        ):
            vals["maintenance_user_id"] = self.env.uid
        touched = {name for name in self._MAINTENANCE_FIELDS if vals.get(name)}
        if not touched or self._is_maintenance_manager():
            return
        user = self.env.user
        if not user._has_group(USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only Customer Maintenance users can fill in the customer file "
                    "(%s).",
                    self._maintenance_field_labels(touched),
                )
            )
        owner_id = vals.get("maintenance_user_id")
        parent = self.browse(vals.get("parent_id")).commercial_partner_id
        if owner_id and owner_id not in (user.id, parent.maintenance_user_id.id):
            raise AccessError(
                self.env._("Only Customer Maintenance managers can choose the owner.")
            )

    def _log_manual_tier(self, vals):
        """Keep the history of a tier a manager sets by hand."""
        new = vals["tier"]
        changed = self.filtered(lambda p: p.tier != new and not p.parent_id)
        if new and changed:
            self.env["customer.tier.history"].sudo().create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": self.env.company.id,
                        "old_tier": partner.tier,
                        "new_tier": new,
                        "revenue": partner.tier_revenue,
                        "reason": vals.get("tier_lock_reason")
                        or partner.tier_lock_reason,
                    }
                    for partner in changed
                ]
            )

    def _check_maintenance_write(self, vals):
        """Reps change the file of the customers they own; managers change all.

        Copying the owner of the commercial entity to its contacts (Odoo's
        commercial-field sync) or writing the value a field already has is not
        a change and stays allowed to everyone.
        """
        touched = self._MAINTENANCE_FIELDS.intersection(vals)
        managed = self._MANAGER_FIELDS.intersection(vals)
        if not (touched or managed) or self._is_maintenance_manager():
            return
        if managed:
            raise AccessError(
                self.env._(
                    "Only Customer Maintenance managers can change %(fields)s "
                    "(%(customers)s).",
                    fields=self._maintenance_field_labels(managed),
                    customers=", ".join(self.mapped("display_name")),
                )
            )
        if "maintenance_user_id" in touched:
            owner_id = vals["maintenance_user_id"] or False
            if all(
                owner_id
                in (
                    partner.maintenance_user_id.id,
                    partner.commercial_partner_id.maintenance_user_id.id,
                )
                for partner in self
            ):
                touched = touched - {"maintenance_user_id"}
            else:
                raise AccessError(
                    self.env._(
                        "Only Customer Maintenance managers can change the "
                        "maintenance owner of %s.",
                        ", ".join(self.mapped("display_name")),
                    )
                )
        if not touched:
            return
        user = self.env.user
        if not user._has_group(USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only Customer Maintenance users can change the customer file "
                    "(%s).",
                    self._maintenance_field_labels(touched),
                )
            )
        foreign = self.filtered(
            lambda p: p.commercial_partner_id.maintenance_user_id != user
        )
        if foreign:
            raise AccessError(
                self.env._(
                    "You can only change the customer file of the customers you own. "
                    "%(customers)s belong to another owner.",
                    customers=", ".join(foreign.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Stored figures
    # ------------------------------------------------------------------

    def _update_customer_since(self):
        """Set "customer since" on these partners' commercial entities and their
        contacts from the first posted customer invoice, in one statement."""
        commercial_ids = self.commercial_partner_id.ids
        if not commercial_ids:
            return
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "invoice_date", "state", "move_type"]
        )
        self.flush_model(["commercial_partner_id", "customer_since"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET customer_since = first.invoice_date
                  FROM (
                        SELECT commercial.id AS commercial_id,
                               MIN(move.invoice_date) AS invoice_date
                          FROM unnest(%(ids)s::int[]) AS commercial(id)
                     LEFT JOIN account_move move
                            ON move.commercial_partner_id = commercial.id
                           AND move.state = 'posted'
                           AND move.move_type = 'out_invoice'
                      GROUP BY commercial.id
                       ) first
                 WHERE partner.commercial_partner_id = first.commercial_id
                   AND partner.customer_since IS DISTINCT FROM first.invoice_date
                """,
                ids=commercial_ids,
            )
        )
        self.invalidate_model(["customer_since"])
