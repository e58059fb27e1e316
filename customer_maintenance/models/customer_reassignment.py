import heapq
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CustomerReassignment(models.Model):
    """One reassignment of a departed rep's customers, and what moved."""

    _name = "customer.reassignment"
    _description = "Customer Reassignment"
    _order = "create_date desc, id desc"
    _rec_name = "from_user_id"

    from_user_id = fields.Many2one(
        "res.users", string="From", required=True, readonly=True, index=True
    )
    to_user_ids = fields.Many2many("res.users", string="To", readonly=True)
    reason = fields.Char(required=True, readonly=True)
    method = fields.Selection(
        [("tier", "Balanced by Tier"), ("load", "By Current Load")],
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, readonly=True
    )
    line_ids = fields.One2many(
        "customer.reassignment.line", "reassignment_id", string="Per Target"
    )
    customer_count = fields.Integer(string="Customers", readonly=True)
    followup_count = fields.Integer(string="Follow-ups", readonly=True)
    feedback_count = fields.Integer(string="Open Feedback", readonly=True)
    activity_count = fields.Integer(string="Activities", readonly=True)
    lead_count = fields.Integer(string="Opportunities", readonly=True)
    order_count = fields.Integer(string="Quotations", readonly=True)
    archived_user = fields.Boolean(string="User Archived", readonly=True)

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------

    @api.model
    def _check_can_reassign(self):
        if not (
            self.env.su
            or self.env.user._has_group("customer_maintenance.group_manager")
        ):
            raise AccessError(
                self.env._("Only Customer Maintenance managers can reassign customers.")
            )

    @api.model
    def _customers_of(self, user, tiers=None, categories=None, companies=None):
        """The commercial partners ``user`` owns, within the filters."""
        domain = [("maintenance_user_id", "=", user.id), ("parent_id", "=", False)]
        if categories:
            domain.append(("category_id", "in", categories.ids))
        if companies:
            domain += [
                "|",
                ("company_id", "=", False),
                ("company_id", "in", companies.ids),
            ]
        customers = self.env["res.partner"].search(domain)
        if tiers:
            customers = customers.filtered(lambda p: (p.tier or "c") in tiers)
        return customers

    @api.model
    def _check_targets(self, departed, targets, customers):
        if not targets:
            raise UserError(self.env._("Choose at least one user to reassign to."))
        if departed in targets:
            raise UserError(
                self.env._(
                    "%s cannot take over their own customers.", departed.display_name
                )
            )
        companies = customers.company_id
        for target in targets._origin.sudo():
            if any(
                not target._may_own_customers(company)
                for company in companies or [None]
            ):
                raise UserError(
                    self.env._(
                        "%(user)s cannot take over these customers: they must be an "
                        "active internal Customer Maintenance user of %(companies)s.",
                        user=target.display_name,
                        companies=", ".join(companies.mapped("name"))
                        or self.env.company.name,
                    )
                )

    @api.model
    def _plan(self, customers, targets, method):
        """Who gets which customer: ``{partner: user}``.

        Balanced by tier, each customer of a tier goes to the target that owns
        the fewest customers of that tier (what they own already included); by
        load, to the target that owns the fewest customers overall. Ties go to
        the target listed first, customers are taken in id order.
        """
        key = (lambda tier: tier or "c") if method == "tier" else (lambda tier: "all")
        loads = self._current_loads(targets, key)
        groups = defaultdict(list)
        for customer in customers.sorted("id"):
            groups[key(customer.tier)].append(customer)
        plan = {}
        for key, members in groups.items():
            heap = [(loads[key][t.id], rank, t.id) for rank, t in enumerate(targets)]
            heapq.heapify(heap)
            for customer in members:
                load, rank, target_id = heapq.heappop(heap)
                plan[customer] = target_id
                heapq.heappush(heap, (load + 1, rank, target_id))
        return plan

    @api.model
    def _current_loads(self, targets, key):
        """How many customers each target owns, per ``key(tier)``."""
        loads = defaultdict(lambda: defaultdict(int))
        for user, tier, count in self.env["res.partner"]._read_group(
            [("maintenance_user_id", "in", targets.ids), ("parent_id", "=", False)],
            ["maintenance_user_id", "tier"],
            ["__count"],
        ):
            loads[key(tier)][user.id] += count
        return loads

    # ------------------------------------------------------------------
    # Moving
    # ------------------------------------------------------------------

    @api.model
    def _reassign(self, departed, plan, reason, method="tier", archive=False):
        """Move the customers of ``plan`` ({partner: target user id}) and their
        open work from ``departed``, in this transaction: all or nothing."""
        self._check_can_reassign()
        if not plan:
            raise UserError(
                self.env._(
                    "%s owns no customer to reassign with these filters.",
                    departed.display_name,
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the customers are reassigned."))
        self._check_targets(
            departed,
            self.env["res.users"].browse(set(plan.values())),
            self.env["res.partner"].concat(*plan),
        )
        counts = self._apply_moves(departed, plan)
        self.env.invalidate_all()
        self._log_on_customers(departed, plan, reason)
        if archive:
            departed.action_archive()
        return self._create_log(departed, plan, reason, method, counts, archive)

    def _reassign_body(self, departed, target_id, reason=None):
        target = self.env["res.users"].browse(target_id)
        body = self.env._(
            "Maintenance owner %(old)s → %(new)s",
            old=departed.name,
            new=target.name,
        )
        if reason:
            body += ": " + reason
        return Markup("<p>%s</p>") % escape(body)

    def _log_on_customers(self, departed, plan, reason):
        """One chatter note per customer."""
        bodies = {
            partner.id: self._reassign_body(departed, target_id, reason)
            for partner, target_id in plan.items()
        }
        self.env["res.partner"].browse(list(bodies))._message_log_batch(bodies)

    @api.model
    def _target_lines(self, plan, counts):
        """Per target: the customers per tier and the counts of what moves
        (the preview's lines and the log's)."""
        per_target = defaultdict(lambda: defaultdict(int))
        for partner, target_id in plan.items():
            per_target[target_id][partner.tier or "c"] += 1
        return [
            {
                "user_id": target_id,
                "tier_a_count": tiers["a"],
                "tier_b_count": tiers["b"],
                "tier_c_count": tiers["c"],
                "followup_count": counts[target_id]["followups"],
                "feedback_count": counts[target_id]["feedback"],
                "activity_count": counts[target_id]["activities"],
                "lead_count": counts[target_id]["leads"],
                "order_count": counts[target_id]["orders"],
            }
            for target_id, tiers in per_target.items()
        ]

    def _create_log(self, departed, plan, reason, method, counts, archived):
        lines = self._target_lines(plan, counts)
        return self.create(
            {
                "from_user_id": departed.id,
                "to_user_ids": [(6, 0, [line["user_id"] for line in lines])],
                "reason": reason,
                "method": method,
                "customer_count": len(plan),
                "followup_count": sum(c["followups"] for c in counts.values()),
                "feedback_count": sum(c["feedback"] for c in counts.values()),
                "activity_count": sum(c["activities"] for c in counts.values()),
                "lead_count": sum(c["leads"] for c in counts.values()),
                "order_count": sum(c["orders"] for c in counts.values()),
                "line_ids": [(0, 0, line) for line in lines],
                "archived_user": archived,
            }
        )


class CustomerReassignmentLine(models.Model):
    _name = "customer.reassignment.line"
    _description = "Customer Reassignment per Target"

    reassignment_id = fields.Many2one(
        "customer.reassignment", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one("res.users", string="To", required=True)
    tier_a_count = fields.Integer(string="A")
    tier_b_count = fields.Integer(string="B")
    tier_c_count = fields.Integer(string="C")
    customer_count = fields.Integer(
        compute="_compute_customer_count", string="Customers"
    )
    followup_count = fields.Integer(string="Follow-ups")
    feedback_count = fields.Integer(string="Open Feedback")
    activity_count = fields.Integer(string="Activities")
    lead_count = fields.Integer(string="Opportunities")
    order_count = fields.Integer(string="Quotations")

    @api.depends("tier_a_count", "tier_b_count", "tier_c_count")
    def _compute_customer_count(self):
        for line in self:
            line.customer_count = (
                line.tier_a_count + line.tier_b_count + line.tier_c_count
            )
