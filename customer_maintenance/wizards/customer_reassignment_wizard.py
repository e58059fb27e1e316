from odoo import api, fields, models
from odoo.exceptions import UserError


class CustomerReassignmentWizard(models.TransientModel):
    _name = "customer.reassignment.wizard"
    _description = "Reassign Customers"

    user_id = fields.Many2one(
        "res.users",
        string="From",
        required=True,
        default=lambda self: self._default_user(),
        domain="[('share', '=', False)]",
    )
    target_ids = fields.Many2many(
        "res.users",
        string="To",
        domain="[('share', '=', False), ('id', '!=', user_id), "
        "('groups_id', 'in', rep_group_id)]",
    )
    rep_group_id = fields.Many2one(
        "res.groups",
        default=lambda self: self.env.ref("customer_maintenance.group_user"),
    )
    method = fields.Selection(
        [("tier", "Balanced by Tier"), ("load", "By Current Load")],
        required=True,
        default="tier",
        help="Balanced by tier: each target gets a fair share of A, B and C customers, "
        "counting those they own already. By load: the customers go to whoever "
        "owns the fewest.",
    )
    tier_filter = fields.Selection(
        [("all", "All Tiers"), ("a", "A Only"), ("ab", "A and B"), ("c", "C Only")],
        string="Tiers",
        default="all",
        required=True,
    )
    category_ids = fields.Many2many("res.partner.category", string="Tags")
    company_ids = fields.Many2many("res.company", string="Companies")
    reason = fields.Char(required=True, default=lambda self: self.env._("Rep left"))
    archive_user = fields.Boolean(string="Archive the User Afterwards")
    state = fields.Selection(
        [("setup", "Setup"), ("preview", "Preview")], default="setup"
    )
    customer_count = fields.Integer(compute="_compute_preview", string="Customers")
    line_ids = fields.One2many(
        "customer.reassignment.wizard.line", "wizard_id", compute="_compute_preview"
    )

    @api.model
    def _default_user(self):
        if self.env.context.get("active_model") == "res.users":
            return self.env.context.get("active_id")
        return False

    def _customers(self):
        tiers = {"all": None, "a": {"a"}, "ab": {"a", "b"}, "c": {"c"}}[
            self.tier_filter
        ]
        return self.env["customer.reassignment"]._customers_of(
            self.user_id, tiers, self.category_ids, self.company_ids
        )

    def _make_plan(self):
        self.ensure_one()
        Reassignment = self.env["customer.reassignment"]
        customers = self._customers()
        Reassignment._check_targets(self.user_id, self.target_ids, customers)
        return Reassignment._plan(customers, self.target_ids._origin, self.method)

    @api.depends(
        "user_id", "target_ids", "method", "tier_filter", "category_ids", "company_ids"
    )
    def _compute_preview(self):
        for wizard in self:
            if (
                not (wizard.user_id and wizard.target_ids)
                or wizard.user_id in wizard.target_ids
            ):
                wizard.customer_count = 0
                wizard.line_ids = False
                continue
            plan = wizard._make_plan()
            wizard.customer_count = len(plan)
            wizard.line_ids = [(5, 0, 0)] + [
                (0, 0, vals) for vals in wizard._preview_lines(plan)
            ]

    def _preview_lines(self, plan):
        """What each target would receive: the counts the move itself makes
        (``customer.reassignment._count_moves``), without moving anything."""
        Reassignment = self.env["customer.reassignment"]
        counts = Reassignment._count_moves(self.user_id._origin, plan)
        return Reassignment._target_lines(plan, counts)

    def action_preview(self):
        self.ensure_one()
        self.env["customer.reassignment"]._check_can_reassign()
        if not self._make_plan():
            raise UserError(
                self.env._(
                    "%s owns no customer to reassign with these filters.",
                    self.user_id.display_name,
                )
            )
        self.state = "preview"
        return self._reopen()

    def action_back(self):
        self.state = "setup"
        return self._reopen()

    def action_reassign(self):
        self.ensure_one()
        log = self.env["customer.reassignment"]._reassign(
            self.user_id,
            self._make_plan(),
            self.reason,
            method=self.method,
            archive=self.archive_user,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.reassignment",
            "res_id": log.id,
            "view_mode": "form",
            "target": "current",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Reassign Customers"),
        }


class CustomerReassignmentWizardLine(models.TransientModel):
    _name = "customer.reassignment.wizard.line"
    _description = "Reassign Customers: per Target"

    wizard_id = fields.Many2one("customer.reassignment.wizard", ondelete="cascade")
    user_id = fields.Many2one("res.users", string="To")
    tier_a_count = fields.Integer(string="A")
    tier_b_count = fields.Integer(string="B")
    tier_c_count = fields.Integer(string="C")
    followup_count = fields.Integer(string="Follow-ups")
    feedback_count = fields.Integer(string="Open Feedback")
    activity_count = fields.Integer(string="Activities")
    lead_count = fields.Integer(string="Opportunities")
    order_count = fields.Integer(string="Quotations")
