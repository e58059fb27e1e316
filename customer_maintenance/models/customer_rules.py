"""The two rules every part of Customer Maintenance shares, each written once
with its Python form and its SQL form side by side.

**Who may own the customers of a company.** An active internal user (not a
portal or public one) of the Customer Maintenance / User group (managers
imply it) who has access to that company. For a customer without company
(shared by all companies) the company condition is left out of the owner
constraint; the work of one company (its follow-ups) still needs an owner
with access to that company.

**The customers of a company.** Commercial entities (``id =
commercial_partner_id``), active, with ``customer_rank > 0``, that belong to
the company or to no company.

The owner constraint, the owner taken from the salesperson, the install hook,
the follow-up constraint, the nightly planning, Plan Follow-up, the
reassignment targets and the review of a lost customer all call these
methods; ``test_rules.py`` checks that the Python and SQL forms agree.
"""

from odoo import models
from odoo.tools import SQL

USER_GROUP = "customer_maintenance.group_user"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _may_own_customers(self, company=None):
        """The users of ``self`` who may own customers of ``company`` (a
        ``res.company`` record; empty or None: any company)."""
        group = self.env.ref(USER_GROUP)
        return self.sudo().filtered(
            lambda user: (
                user.active
                and not user.share
                and group in user.groups_id
                and (not company or company in user.company_ids)
            )
        )

    def _may_own_customers_sql(self, user_id, company_id=None):
        """SQL condition: the user whose id is ``user_id`` (an SQL expression)
        may own customers of ``company_id`` (an id, an SQL expression that may
        be NULL for "any company", or None for any company)."""
        if company_id is None:
            company = SQL("TRUE")
        else:
            company_id = (
                company_id if isinstance(company_id, SQL) else SQL("%s", company_id)
            )
            company = SQL(
                """(%(company_id)s IS NULL OR EXISTS (
                        SELECT 1 FROM res_company_users_rel allowed
                         WHERE allowed.user_id = owner.id
                           AND allowed.cid = %(company_id)s))""",
                company_id=company_id,
            )
        self.env["res.users"].flush_model(["active", "share", "groups_id"])
        return SQL(
            """EXISTS (
                SELECT 1 FROM res_users owner
                 WHERE owner.id = %(user_id)s
                   AND owner.active
                   AND NOT owner.share
                   AND EXISTS (
                        SELECT 1 FROM res_groups_users_rel member
                         WHERE member.uid = owner.id AND member.gid = %(group)s)
                   AND %(company)s)""",
            user_id=user_id,
            group=self.env.ref(USER_GROUP).id,
            company=company,
        )


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customers_of_company_domain(self, company):
        """Domain: the customers of ``company``."""
        return [
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            ("active", "=", True),
            ("customer_rank", ">", 0),
            ("company_id", "in", [False, company.id]),
        ]

    def _customers_of_company_sql(self, alias, company_id):
        """SQL condition: the partner ``alias`` is a customer of the company
        ``company_id`` (an id or an SQL expression)."""
        partner = SQL.identifier(alias)
        return SQL(
            """(%(partner)s.id = %(partner)s.commercial_partner_id
                AND %(partner)s.active
                AND %(partner)s.customer_rank > 0
                AND (%(partner)s.company_id IS NULL
                     OR %(partner)s.company_id = %(company_id)s))""",
            partner=partner,
            company_id=company_id,
        )

    def _is_valid_owner(self, user):
        """Whether ``user`` may be this partner's maintenance owner."""
        self.ensure_one()
        return bool(user._may_own_customers(self.company_id))

    def _fill_owners_from_salespersons(self):
        """Make the salesperson the owner of the partners without one, where
        the salesperson may own them: one statement (used at install)."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET maintenance_user_id = partner.user_id
                 WHERE partner.maintenance_user_id IS NULL
                   AND partner.user_id IS NOT NULL
                   AND %s
                """,
                self.env["res.users"]._may_own_customers_sql(
                    SQL("partner.user_id"), SQL("partner.company_id")
                ),
            )
        )
        self.invalidate_model(["maintenance_user_id"])
