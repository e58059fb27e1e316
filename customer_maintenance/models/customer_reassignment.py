import heapq
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


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
        self.env.flush_all()
        moves = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[]) AS move(partner_id, user_id)",
            [partner.id for partner in plan],
            list(plan.values()),
        )
        counts = defaultdict(lambda: defaultdict(int))
        self._move_partners(departed, moves, counts)
        self._move_followups(departed, moves, counts)
        self._move_feedback(departed, moves, counts)
        self._move_partner_activities(departed, moves, counts)
        for model in ("crm.lead", "sale.order"):
            if model in self.env:
                self._move_documents(model, departed, plan, counts)
        self.env.invalidate_all()
        self._log_on_customers(departed, plan, reason)
        if archive:
            departed.action_archive()
        return self._create_log(departed, plan, reason, method, counts, archive)

    def _execute_counting(self, query, counts, key):
        self.env.cr.execute(query)
        for user_id, count in self.env.cr.fetchall():
            counts[user_id][key] += count

    def _move_partners(self, departed, moves, counts):
        """Owner of the customers and their contacts; salesperson where it was
        the departed user."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET maintenance_user_id = move.user_id,
                       user_id = CASE WHEN partner.user_id = %(departed)s
                                      THEN move.user_id ELSE partner.user_id END
                  FROM (%(moves)s) move
                 WHERE partner.commercial_partner_id = move.partner_id
                   AND partner.maintenance_user_id = %(departed)s
                """,
                departed=departed.id,
                moves=moves,
            )
        )

    def _move_followups(self, departed, moves, counts):
        """Planned follow-ups of these customers (their activities move with
        the customers' ones)."""
        self._execute_counting(
            SQL(
                """
                WITH moved AS (
                    UPDATE customer_followup followup
                       SET user_id = move.user_id
                      FROM (%(moves)s) move
                     WHERE followup.partner_id = move.partner_id
                       AND followup.state = 'planned'
                       AND followup.user_id = %(departed)s
                 RETURNING move.user_id
                )
                SELECT user_id, count(*) FROM moved GROUP BY user_id
                """,
                departed=departed.id,
                moves=moves,
            ),
            counts,
            "followups",
        )

    def _move_feedback(self, departed, moves, counts):
        """Open feedback of these customers the departed rep was answering
        (their activities move with the customers' ones)."""
        self._execute_counting(
            SQL(
                """
                WITH moved AS (
                    UPDATE customer_feedback feedback
                       SET user_id = move.user_id
                      FROM (%(moves)s) move
                     WHERE feedback.partner_id = move.partner_id
                       AND NOT COALESCE(feedback.is_resolved, FALSE)
                       AND feedback.user_id = %(departed)s
                 RETURNING move.user_id
                )
                SELECT user_id, count(*) FROM moved GROUP BY user_id
                """,
                departed=departed.id,
                moves=moves,
            ),
            counts,
            "feedback",
        )

    def _move_partner_activities(self, departed, moves, counts):
        """Every open activity of the departed user on these customers, their
        contacts, their follow-ups and their open feedback."""
        self._execute_counting(
            SQL(
                """
                WITH targets AS (
                    SELECT 'res.partner' AS res_model, partner.id AS res_id,
                           move.user_id
                      FROM res_partner partner
                      JOIN (%(moves)s) move
                        ON move.partner_id = partner.commercial_partner_id
                     UNION ALL
                    SELECT 'customer.followup', followup.id, move.user_id
                      FROM customer_followup followup
                      JOIN (%(moves)s) move ON move.partner_id = followup.partner_id
                     WHERE followup.state = 'planned'
                     UNION ALL
                    SELECT 'customer.feedback', feedback.id, move.user_id
                      FROM customer_feedback feedback
                      JOIN (%(moves)s) move ON move.partner_id = feedback.partner_id
                     WHERE NOT COALESCE(feedback.is_resolved, FALSE)
                ),
                moved AS (
                    UPDATE mail_activity activity
                       SET user_id = targets.user_id
                      FROM targets
                     WHERE activity.res_model = targets.res_model
                       AND activity.res_id = targets.res_id
                       AND activity.user_id = %(departed)s
                       AND activity.active
                 RETURNING targets.user_id
                )
                SELECT user_id, count(*) FROM moved GROUP BY user_id
                """,
                departed=departed.id,
                moves=moves,
            ),
            counts,
            "activities",
        )

    def _move_documents(self, model, departed, plan, counts):
        """Open opportunities (crm) and quotations (sale) of these customers,
        when those modules are installed; found at run time."""
        Model = self.env[model].with_context(
            active_test=True, tracking_disable=True, mail_notrack=True
        )
        domain = [
            ("user_id", "=", departed.id),
            ("partner_id.commercial_partner_id", "in", [p.id for p in plan]),
        ]
        if model == "crm.lead":
            domain += [("type", "=", "opportunity"), ("probability", "<", 100)]
            key = "leads"
        else:
            domain += [("state", "in", ("draft", "sent"))]
            key = "orders"
        records = Model.search(domain)
        by_target = defaultdict(lambda: Model)
        for record in records:
            by_target[plan[record.partner_id.commercial_partner_id]] |= record
        for target_id, group in by_target.items():
            group.write({"user_id": target_id})
            counts[target_id][key] += len(group)
            if model == "crm.lead":
                group._message_log_batch(
                    dict.fromkeys(group.ids, self._reassign_body(departed, target_id))
                )

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

    def _create_log(self, departed, plan, reason, method, counts, archived):
        per_target = defaultdict(lambda: defaultdict(int))
        for partner, target_id in plan.items():
            per_target[target_id][partner.tier or "c"] += 1
        lines = []
        for target_id, tiers in per_target.items():
            moved = counts[target_id]
            lines.append(
                {
                    "user_id": target_id,
                    "tier_a_count": tiers["a"],
                    "tier_b_count": tiers["b"],
                    "tier_c_count": tiers["c"],
                    "followup_count": moved["followups"],
                    "feedback_count": moved["feedback"],
                    "activity_count": moved["activities"],
                    "lead_count": moved["leads"],
                    "order_count": moved["orders"],
                }
            )
        return self.create(
            {
                "from_user_id": departed.id,
                "to_user_ids": [(6, 0, list(per_target))],
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
