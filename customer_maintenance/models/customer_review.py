from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# what puts a customer on its owner's weekly review (fields of the line)
REASONS = (
    "tier_changes",
    "health_changes",
    "overdue_followups",
    "missed_followups",
    "late_feedback",
)


class CustomerReview(models.Model):
    """A manager's weekly review of one rep's customer cards.

    Every Monday the scheduled action creates one review per rep and company,
    listing the rep's customers that need a look (see ``_review_reasons``). The
    manager comments per line and signs off; the rep gets the comments as an
    activity."""

    _name = "customer.review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Weekly Customer Review"
    _order = "week_start desc, user_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Rep",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    week_start = fields.Date(string="Week of", required=True, index=True, readonly=True)
    state = fields.Selection(
        [("to_review", "To Review"), ("signed", "Signed Off")],
        default="to_review",
        required=True,
        index=True,
        tracking=True,
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, tracking=True
    )
    signed_on = fields.Datetime(readonly=True, tracking=True)
    signed_late = fields.Boolean(
        compute="_compute_signed_late",
        store=True,
        help="Signed off after the end of the week it reviews.",
    )
    line_ids = fields.One2many("customer.review.line", "review_id", string="Customers")
    line_count = fields.Integer(compute="_compute_line_count", string="Customer Count")

    _sql_constraints = [
        (
            "rep_week_uniq",
            "unique (company_id, user_id, week_start)",
            "A rep has one review per company and week.",
        ),
    ]

    @api.depends("user_id.name", "week_start")
    def _compute_name(self):
        for review in self:
            review.name = self.env._(
                "%(rep)s, week of %(week)s",
                rep=review.user_id.name or "",
                week=review.week_start and fields.Date.to_string(review.week_start),
            )

    @api.depends("state", "signed_on", "week_start")
    def _compute_signed_late(self):
        for review in self:
            end = review.week_start and review.week_start + timedelta(days=7)
            review.signed_late = bool(
                end
                and review.state == "signed"
                and fields.Date.to_date(review.signed_on) >= end
            )

    @api.depends("line_ids")
    def _compute_line_count(self):
        for review in self:
            review.line_count = len(review.line_ids)

    # ------------------------------------------------------------------
    # Sign-off
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not self.env.user.has_group("customer_maintenance.group_manager"):
            raise UserError(
                self.env._(
                    "Only Customer Maintenance managers sign off and reopen reviews."
                )
            )

    def action_sign_off(self):
        self._check_manager()
        for review in self.filtered(lambda r: r.state == "to_review"):
            review.write(
                {
                    "state": "signed",
                    "reviewer_id": self.env.user.id,
                    "signed_on": fields.Datetime.now(),
                }
            )
            review._send_comments()
        return True

    def action_reopen(self):
        self._check_manager()
        self.write({"state": "to_review", "reviewer_id": False, "signed_on": False})
        return True

    def _send_comments(self):
        """One activity for the rep with the manager's comments, if any."""
        self.ensure_one()
        commented = self.line_ids.filtered(lambda line: (line.comment or "").strip())
        if not commented:
            return
        item = Markup("<li><b>%s</b>: %s</li>")
        items = Markup("").join(
            item % (line.partner_id.display_name, line.comment) for line in commented
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_id.id,
            summary=self.env._("Comments on your weekly review"),
            note=Markup("<ul>%s</ul>") % items,
        )

    # ------------------------------------------------------------------
    # Creation, weekly
    # ------------------------------------------------------------------

    @api.model
    def _cron_create_reviews(self):
        """Create this week's reviews of one company per call (see
        ``customer.company.policy._cron_one_company``)."""
        self.env["customer.tier.policy"]._cron_one_company(
            "review_run_date",
            lambda policy, today: self.with_company(policy.company_id)._create_reviews(
                policy.company_id, today
            ),
        )

    @api.model
    def _create_reviews(self, company, today):
        """Create or complete the reviews of the week of ``today`` for every
        rep of ``company`` with customers to look at. Running it again adds
        the customers that appeared since and duplicates nothing.

        Returns the reviews created or completed."""
        week_start = today - timedelta(days=today.weekday())
        reasons = self._review_reasons(company, week_start - timedelta(days=7), today)
        per_rep = self._customers_per_owner(company, reasons)
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("week_start", "=", week_start),
                ("user_id", "in", [rep.id for rep in per_rep]),
            ]
        )
        by_rep = {review.user_id: review for review in existing}
        touched = self.browse()
        for rep, partner_ids in per_rep.items():
            review = by_rep.get(rep) or self.create(
                {"company_id": company.id, "user_id": rep.id, "week_start": week_start}
            )
            listed = set(review.line_ids.partner_id.ids)
            new = [pid for pid in partner_ids if pid not in listed]
            if new:
                self.env["customer.review.line"].create(
                    [
                        {"review_id": review.id, "partner_id": pid, **reasons[pid]}
                        for pid in new
                    ]
                )
                touched |= review
        return touched

    @api.model
    def _customers_per_owner(self, company, partner_ids):
        """{owner: [customer ids]} of the ``partner_ids`` that are customers
        of ``company`` with an owner."""
        Partner = self.env["res.partner"].with_company(company)
        customers = Partner.search(
            [
                *Partner._customers_of_company_domain(company),
                ("id", "in", list(partner_ids)),
                ("maintenance_user_id", "!=", False),
            ]
        )
        per_owner = {}
        for customer in customers:
            per_owner.setdefault(customer.maintenance_user_id, []).append(customer.id)
        return per_owner

    @api.model
    def _review_reasons(self, company, since, today):
        """{customer id: {line field: count}} for the customers of ``company``
        that need a look: a change of tier, health band or lifecycle stage
        since ``since``, follow-ups overdue or missed since then, feedback
        past its deadline. Each reason is counted
        by its own model's domain."""
        queries = {
            "tier_changes": (
                "customer.tier.history",
                [("date", ">", since), ("date", "<=", today)],
            ),
            "health_changes": (
                "customer.health.history",
                [
                    ("date", ">", since),
                    ("date", "<=", today),
                    ("is_trend_point", "=", False),
                ],
            ),
            "overdue_followups": (
                "customer.followup",
                [("state", "=", "planned"), ("planned_date", "<", today)],
            ),
            "missed_followups": (
                "customer.followup",
                [("state", "=", "missed"), ("planned_date", ">", since)],
            ),
            "late_feedback": ("customer.feedback", [("is_overdue", "=", True)]),
        }
        reasons = {}
        for field, (model, domain) in queries.items():
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [("company_id", "=", company.id), *domain],
                    ["partner_id"],
                    ["__count"],
                )
            )
            for partner, count in groups:
                if partner:
                    partner_id = partner.commercial_partner_id.id
                    counts = reasons.setdefault(partner_id, {})
                    counts[field] = counts.get(field, 0) + count
        return reasons


class CustomerReviewLine(models.Model):
    _name = "customer.review.line"
    _description = "Customer on a Weekly Review"
    _order = "review_id, id"

    review_id = fields.Many2one(
        "customer.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    user_id = fields.Many2one(related="review_id.user_id", store=True, string="Rep")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    tier = fields.Selection(related="partner_id.tier", string="ABC Tier", store=False)
    tier_changes = fields.Integer(readonly=True)
    health_changes = fields.Integer(string="Band or Stage Changes", readonly=True)
    overdue_followups = fields.Integer(string="Overdue Follow-ups", readonly=True)
    missed_followups = fields.Integer(string="Missed Follow-ups", readonly=True)
    late_feedback = fields.Integer(readonly=True)
    why = fields.Char(compute="_compute_why", string="Why Listed")
    comment = fields.Text(string="Manager's Comment")

    @api.depends(*REASONS)
    def _compute_why(self):
        labels = {
            field: self._fields[field]._description_string(self.env)
            for field in REASONS
        }
        for line in self:
            line.why = ", ".join(
                f"{labels[field]} ({line[field]})" for field in REASONS if line[field]
            )

    def write(self, vals):
        if "comment" in vals and any(line.review_id.state == "signed" for line in self):
            raise UserError(
                self.env._("A signed-off review can no longer be commented.")
            )
        return super().write(vals)
