from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

MANAGER_GROUP = "customer_maintenance.group_manager"
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
        # one check per owner and company, not per partner (an import checks
        # thousands of partners of a handful of owners)
        valid = {}
        for partner in self:
            owner = partner.maintenance_user_id
            if not owner:
                continue
            key = (owner.id, partner.company_id.id)
            if key not in valid:
                valid[key] = partner._is_valid_owner(owner)
            if not valid[key]:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot own the customer %(partner)s: the maintenance "
                        "owner must be an active internal user of the Customer "
                        "Maintenance User group with access to %(company)s.",
                        user=owner.sudo().display_name,
                        partner=partner.display_name,
                        company=partner.company_id.display_name
                        or self.env._("the customer's company"),
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
        return super().write(vals)

    def _commercial_fields(self):
        # a company's contacts share its owner
        return [*super()._commercial_fields(), "maintenance_user_id"]

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
    # Access to the customer file
    # ------------------------------------------------------------------

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
