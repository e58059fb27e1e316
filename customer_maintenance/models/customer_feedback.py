from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, html2plaintext, is_html_empty

from .customer_feedback_sla import FEEDBACK_TYPES

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("form", "Public Form"),
    ("survey", "Survey"),
    ("social", "Social Media"),
    ("visit", "Visit"),
    ("other", "Other"),
]
SLA_STATUSES = [
    ("on_time", "On Time"),
    ("at_risk", "At Risk"),
    ("late", "Late"),
    ("met", "Met"),
    ("missed", "Missed"),
]
# the last quarter of the time allowed (at least 4 hours) is "at risk"
AT_RISK_SHARE = 0.25
AT_RISK_MIN_HOURS = 4
ACTIVITY_TYPE = "customer_maintenance.mail_activity_type_feedback"
DESCRIPTION_MAX_CHARS = 10000


class CustomerFeedback(models.Model):
    _name = "customer.feedback"
    _description = "Customer Feedback"
    _inherit = ["rating.mixin", "mail.activity.mixin"]
    _order = "priority desc, deadline, id desc"
    _check_company_auto = True

    # What and from whom
    name = fields.Char(string="Subject", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
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
    email_from = fields.Char(string="E-mail", help="Who wrote, when it came by e-mail.")
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    feedback_type = fields.Selection(
        FEEDBACK_TYPES,
        string="Type",
        required=True,
        default="complaint",
        index=True,
        tracking=True,
    )
    product_ids = fields.Many2many("product.product", string="Products")
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent")],
        default="0",
        index=True,
    )
    description = fields.Html(sanitize=True, sanitize_style=True)
    tier = fields.Selection(related="partner_id.tier", string="ABC Tier")

    # Who answers, and by when
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    stage_id = fields.Many2one(
        "customer.feedback.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage(),
        group_expand="_read_group_expand_stages",
    )
    is_resolved = fields.Boolean(related="stage_id.is_resolved", store=True)
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now
    )
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Received date plus the hours of the deadline table for the "
        "customer's tier and the type of feedback.",
    )
    resolved_date = fields.Datetime(readonly=True, copy=False)
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="Deadline Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_sla_status", search="_search_is_overdue"
    )

    # Outcome
    cause_id = fields.Many2one(
        "customer.feedback.cause",
        string="Root Cause",
        index="btree_not_null",
        tracking=True,
    )
    resolution = fields.Html(copy=False)
    is_rewarded = fields.Boolean(
        string="Rewarded",
        tracking=True,
        copy=False,
        help="A valuable suggestion that earned the customer a reward.",
    )
    reward_note = fields.Char(string="Reward", copy=False)

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    def _default_stage(self):
        return self.env["customer.feedback.stage"].search([], limit=1)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([("active", "=", True)])

    @api.depends("partner_id")
    def _compute_user_id(self):
        for feedback in self:
            owner = feedback.partner_id.commercial_partner_id.maintenance_user_id
            if owner:
                feedback.user_id = owner
            elif not feedback.user_id:
                feedback.user_id = False

    @api.depends("date_received", "feedback_type", "partner_id", "company_id")
    def _compute_deadline(self):
        Sla = self.env["customer.feedback.sla"]
        table = Sla._hours_table()  # a few lines, read once for all the records
        for feedback in self:
            customer = feedback.partner_id.commercial_partner_id.with_company(
                feedback.company_id or self.env.company
            )
            hours = Sla._hours_for(
                customer.tier, feedback.feedback_type, feedback.company_id, table
            )
            feedback.deadline = (
                hours
                and feedback.date_received
                and feedback.date_received + timedelta(hours=hours)
            )

    @api.depends("deadline", "resolved_date", "date_received")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for feedback in self:
            feedback.sla_status = feedback._sla_status_at(now)
            feedback.is_overdue = feedback.sla_status == "late"

    def _sla_status_at(self, now):
        self.ensure_one()
        deadline = self.deadline
        if not deadline:
            return False
        if self.resolved_date:
            return "met" if self.resolved_date <= deadline else "missed"
        if now > deadline:
            return "late"
        allowed = deadline - (self.date_received or deadline)
        margin = max(allowed * AT_RISK_SHARE, timedelta(hours=AT_RISK_MIN_HOURS))
        return "at_risk" if now > deadline - margin else "on_time"

    def _search_sla_status(self, operator, value):
        """The status of ``_sla_status_at`` in one SQL expression, evaluated
        by the database instead of loading every feedback."""
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        values = [value] if isinstance(value, str) else list(value or ())
        self.flush_model(["deadline", "resolved_date", "date_received"])
        query = SQL(
            """(
            SELECT id FROM customer_feedback
             WHERE CASE
                   WHEN deadline IS NULL THEN NULL
                   WHEN resolved_date IS NOT NULL THEN
                        CASE WHEN resolved_date <= deadline THEN 'met'
                             ELSE 'missed' END
                   WHEN %(now)s > deadline THEN 'late'
                   WHEN %(now)s > deadline - GREATEST(
                            (deadline - COALESCE(date_received, deadline))
                                * %(share)s,
                            make_interval(hours => %(min_hours)s))
                   THEN 'at_risk'
                   ELSE 'on_time'
                   END = ANY(%(values)s)
            )""",
            now=fields.Datetime.now(),
            share=AT_RISK_SHARE,
            min_hours=AT_RISK_MIN_HOURS,
            values=values,
        )
        if operator in ("!=", "not in"):
            return [("id", "not in", query)]
        return [("id", "in", query)]

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        overdue = [
            ("resolved_date", "=", False),
            ("deadline", "!=", False),
            ("deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", "&", *overdue]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("description")
    def _check_description(self):
        for feedback in self:
            text = html2plaintext(feedback.description or "")
            if len(text) > DESCRIPTION_MAX_CHARS:
                raise ValidationError(
                    self.env._(
                        "The description is too long: at most %(max)s characters.",
                        max=DESCRIPTION_MAX_CHARS,
                    )
                )

    @api.constrains("stage_id", "resolution")
    def _check_resolution(self):
        for feedback in self:
            if feedback.stage_id.is_resolved and is_html_empty(feedback.resolution):
                raise ValidationError(
                    self.env._(
                        "Write the resolution before moving “%s” to a resolved stage.",
                        feedback.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        stages = self.env["customer.feedback.stage"]
        for vals in vals_list:
            if vals.get("stage_id") and stages.browse(vals["stage_id"]).is_resolved:
                vals.setdefault("resolved_date", fields.Datetime.now())
        return super().create(vals_list)

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["customer.feedback.stage"].browse(vals["stage_id"])
        moved = self.filtered(lambda f: f.stage_id != stage)
        if stage.is_resolved:
            newly_resolved = self.filtered(lambda f: not f.resolved_date)
            res = super().write(vals)
            newly_resolved.sudo().write({"resolved_date": fields.Datetime.now()})
        else:
            res = super().write(vals)
            self.filtered("resolved_date").sudo().write({"resolved_date": False})
        if stage.rating_template_id:
            moved._send_rating_request(stage.rating_template_id)
        return res

    # ------------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------------

    def _rating_get_partner(self):
        return self.contact_id or self.partner_id

    def _send_rating_request(self, template):
        """Ask the customer for a satisfaction score, by e-mail."""
        for feedback in self:
            partner = feedback._rating_get_partner()
            if partner.email and partner != self.env.user.partner_id:
                feedback.rating_send_request(
                    template, lang=partner.lang, force_send=False
                )

    def _rating_url(self, score):
        """Link of the rating e-mail for ``score`` (1 to 5)."""
        self.ensure_one()
        token = self._rating_get_access_token()
        return f"{self.get_base_url()}/customer-feedback/rate/{token}/{score}"
