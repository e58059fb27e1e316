from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime, safe_eval

from .customer_tier_policy import TIERS


class CustomerPlaybook(models.Model):
    """Next best action: when a customer enters a state (its domain), one
    activity for its owner or a chosen user.

    A rule fires once per entry into the state: the customers matching it are
    remembered (``customer.playbook.match``); a customer that leaves the state
    is forgotten, and fires again if it comes back."""

    _name = "customer.playbook"
    _inherit = ["mail.thread"]
    _description = "Customer Playbook Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the rule runs in every company."
    )
    tier = fields.Selection(
        TIERS, string="Only Tier", help="Only customers of this ABC tier; empty: all."
    )
    domain = fields.Char(
        string="Customers Entering",
        required=True,
        default="[]",
        tracking=True,
        help="The state that triggers the rule, as a domain on customers. It may "
        "use context_today() and relativedelta, e.g. "
        "[('customer_since', '>=', (context_today() - relativedelta(days=30)))].",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity",
        required=True,
        domain="[('res_model', 'in', (False, 'res.partner'))]",
    )
    assign_to = fields.Selection(
        [("owner", "The Customer's Owner"), ("user", "A Chosen User")],
        required=True,
        default="owner",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Chosen User",
        domain="[('share', '=', False)]",
        help="Who gets the activity when the rule assigns it to a chosen user "
        "(an accountant for payment rules), or when the customer has no owner.",
    )
    delay_days = fields.Integer(string="Due in (Days)", default=3, required=True)
    summary = fields.Char(translate=True)
    note = fields.Html(string="Note Template", translate=True, sanitize=True)
    match_count = fields.Integer(
        compute="_compute_match_count", string="Customers in the State"
    )

    @api.constrains("domain")
    def _check_domain(self):
        for rule in self:
            try:
                domain = rule._eval_domain()
                self.env["res.partner"].search(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._("The domain of %(rule)s is wrong: %(error)s",
                               rule=rule.name, error=error)
                ) from error  # fmt: skip

    @api.constrains("assign_to", "user_id", "delay_days")
    def _check_assignee(self):
        for rule in self:
            if rule.assign_to == "user" and not rule.user_id:
                raise ValidationError(
                    self.env._("Choose the user of %(rule)s.", rule=rule.name)
                )
            if rule.delay_days < 0:
                raise ValidationError(self.env._("An activity cannot be due before."))

    def _compute_match_count(self):
        counts = dict(
            self.env["customer.playbook.match"]._read_group(
                [("playbook_id", "in", self.ids)], ["playbook_id"], ["__count"]
            )
        )
        for rule in self:
            rule.match_count = counts.get(rule, 0)

    def _eval_domain(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return safe_eval(
            self.domain or "[]",
            {
                "context_today": lambda: today,
                "relativedelta": relativedelta,
                "datetime": datetime,
                "uid": self.env.uid,
            },
        )

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self):
        """Run the rules of one company per call (see
        ``customer.company.policy._cron_one_company``)."""
        self.env["customer.tier.policy"]._cron_one_company(
            "playbook_run_date",
            lambda policy, _today: self._rules_of(policy.company_id)._run(
                policy.company_id
            ),
        )

    @api.model
    def _rules_of(self, company):
        return self.search([("company_id", "in", [False, company.id])])

    def _run(self, company):
        """Fire the rules in ``company`` for the customers that entered their
        state since the last run; forget those that left it. Returns the
        activities created."""
        activities = self.env["mail.activity"]
        for rule in self:
            activities |= rule.sudo().with_company(company)._run_one(company)
        return activities

    def _run_one(self, company):
        self.ensure_one()
        Partner = self.env["res.partner"]
        domain = [
            *Partner._customers_of_company_domain(company),
            *self._eval_domain(),
        ]
        if self.tier:
            domain.append(("tier", "=", self.tier))
        matching = Partner.search(domain)
        self.env["customer.playbook.match"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH now AS (SELECT unnest(%(ids)s::int[]) AS partner_id),
                gone AS (
                    DELETE FROM customer_playbook_match match
                     WHERE match.playbook_id = %(rule)s
                       AND match.company_id = %(company)s
                       AND match.partner_id NOT IN (SELECT partner_id FROM now)
                ),
                entered AS (
                    INSERT INTO customer_playbook_match
                           (playbook_id, partner_id, company_id, date,
                            create_uid, create_date, write_uid, write_date)
                    SELECT %(rule)s, now.partner_id, %(company)s, %(today)s,
                           %(uid)s, NOW() AT TIME ZONE 'UTC',
                           %(uid)s, NOW() AT TIME ZONE 'UTC'
                      FROM now
                     WHERE NOT EXISTS (
                           SELECT 1 FROM customer_playbook_match match
                            WHERE match.playbook_id = %(rule)s
                              AND match.company_id = %(company)s
                              AND match.partner_id = now.partner_id)
                 RETURNING partner_id
                )
                SELECT partner_id FROM entered
                """,
                ids=matching.ids,
                rule=self.id,
                company=company.id,
                today=fields.Date.context_today(self),
                uid=self.env.uid,
            )
        )
        entered = Partner.browse(row[0] for row in self.env.cr.fetchall())
        self.env["customer.playbook.match"].invalidate_model()
        self.invalidate_recordset(["match_count"])
        return self._schedule(entered)

    def _schedule(self, partners):
        """One activity per customer, in one batch."""
        deadline = fields.Date.context_today(self) + relativedelta(days=self.delay_days)
        values = []
        model_id = self.env["ir.model"]._get_id("res.partner")
        for partner in partners:
            user = (
                partner.maintenance_user_id if self.assign_to == "owner" else None
            ) or self.user_id
            if not user:
                continue
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": self.activity_type_id.id,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "summary": self.summary or self.name,
                    "note": self.note,
                }
            )
        return self.env["mail.activity"].create(values)


class CustomerPlaybookMatch(models.Model):
    """A customer in the state of a playbook rule since ``date``."""

    _name = "customer.playbook.match"
    _description = "Customer in a Playbook State"

    playbook_id = fields.Many2one(
        "customer.playbook", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(string="In the State Since", required=True)

    _sql_constraints = [
        (
            "playbook_partner_uniq",
            "unique (playbook_id, partner_id, company_id)",
            "A customer enters the state of a rule once.",
        ),
    ]
