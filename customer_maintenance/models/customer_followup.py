from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

FOLLOWUP_KINDS = [
    ("call", "Care Call"),
    ("visit", "Field Visit"),
    ("email", "E-mail"),
    ("message", "Message"),
    ("gift", "Gift"),
    ("event", "Event Invitation"),
    ("after_sales", "After-sales Visit"),
]
REACTIONS = [
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
]
SATISFACTION = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
ACTIVITY_TYPE = "customer_maintenance.mail_activity_type_followup"
# bulk creation: no chatter message, follower or tracking per record
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class CustomerFollowup(models.Model):
    _name = "customer.followup"
    _description = "Customer Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    # What and for whom
    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
        check_company=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('parent_id', '=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(FOLLOWUP_KINDS, required=True, default="call")
    tier = fields.Selection(related="partner_id.tier", string="ABC Tier", store=False)

    # When
    planned_datetime = fields.Datetime(
        string="Planned On",
        required=True,
        tracking=True,
        default=lambda self: fields.Datetime.now(),
    )
    planned_date = fields.Date(
        compute="_compute_planned_date",
        store=True,
        index=True,
        help="Day of the planned follow-up, in the owner's time zone.",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    done_date = fields.Date(copy=False, tracking=True)
    duration = fields.Float(help="Time spent, in hours.")

    # Preparation and result
    purpose = fields.Text()
    preparation = fields.Text(string="Preparation Notes")
    outcome = fields.Text(copy=False, help="What was done and said.")
    reaction = fields.Selection(REACTIONS, string="Customer Reaction", copy=False)
    satisfaction = fields.Selection(SATISFACTION, copy=False)
    next_step = fields.Text(copy=False)

    @api.depends("kind", "partner_id.name")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for followup in self:
            followup.name = " - ".join(
                filter(None, [kinds.get(followup.kind), followup.partner_id.name])
            )

    @api.depends("planned_datetime", "user_id.tz")
    def _compute_planned_date(self):
        for followup in self:
            planned = followup.planned_datetime
            followup.planned_date = (
                planned
                and fields.Datetime.context_timestamp(
                    followup.with_context(tz=followup.user_id.tz or "UTC"), planned
                ).date()
            )

    @api.constrains("planned_datetime")
    def _check_planned_datetime(self):
        limit = fields.Datetime.now() + timedelta(days=366)
        for followup in self:
            if followup.state == "planned" and followup.planned_datetime > limit:
                raise ValidationError(
                    self.env._(
                        "A follow-up is planned at most a year ahead (%(followup)s "
                        "on %(date)s).",
                        followup=followup.name,
                        date=followup.planned_date,
                    )
                )

    @api.constrains("partner_id", "user_id", "state")
    def _check_partner_and_owner(self):
        planned = self.filtered(lambda f: f.state == "planned")
        archived = planned.partner_id.filtered(lambda p: not p.active)
        if archived:
            raise ValidationError(
                self.env._(
                    "%s is archived: no follow-up can be planned for it.",
                    archived[0].display_name,
                )
            )
        # the owner rule, once per owner and company
        for owner, company in {(f.user_id, f.company_id) for f in planned}:
            if not owner._may_own_customers(company):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot take follow-ups of %(company)s: follow-ups "
                        "are planned for active internal Customer Maintenance users "
                        "of the company.",
                        user=owner.sudo().display_name,
                        company=company.display_name,
                    )
                )

    @api.constrains("state", "outcome")
    def _check_outcome(self):
        for followup in self:
            if followup.state == "done" and not (followup.outcome or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write down what was done and how the customer reacted "
                        "before marking %s done.",
                        followup.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        followups = super().create(vals_list)
        followups.filtered(lambda f: f.state == "planned")._schedule_activities()
        return followups

    def write(self, vals):
        res = super().write(vals)
        if "planned_datetime" in vals or "user_id" in vals:
            planned = self.filtered(lambda f: f.state == "planned")
            planned._followup_activities().unlink()
            planned._schedule_activities()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        """Close the follow-ups and their activities, then plan the next ones."""
        todo = self.filtered(lambda f: f.state == "planned")
        if not todo:
            return True
        today = fields.Date.context_today(self)
        for followup in todo:
            followup.write({"state": "done", "done_date": followup.done_date or today})
        activities = todo._followup_activities()
        if activities:
            activities.with_context(customer_followup_closing=True).action_feedback(
                feedback=self.env._("Follow-up done.")
            )
        todo.partner_id._update_followup_dates()
        for company, followups in todo.grouped("company_id").items():
            followups.partner_id.with_company(company)._plan_next_followup()
        return True

    def action_cancel(self):
        self.filtered(lambda f: f.state == "planned")._followup_activities().unlink()
        self.write({"state": "cancelled"})
        return True

    def action_reset_to_planned(self):
        self.write({"state": "planned", "done_date": False})
        self._schedule_activities()
        return True

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _followup_activities(self):
        activity_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        return self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _schedule_activities(self):
        """One activity per planned follow-up in its owner's Odoo activities,
        created in one batch without a notification e-mail each."""
        activity_type = self.env.ref(ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        scheduled = set(self._followup_activities().mapped("res_id"))
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": followup.id,
                "activity_type_id": activity_type.id,
                "summary": followup.name,
                "note": followup.purpose,
                "user_id": followup.user_id.id,
                "date_deadline": followup.planned_date,
            }
            for followup in self
            if followup.id not in scheduled
        ]
        if vals_list:
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(vals_list)
