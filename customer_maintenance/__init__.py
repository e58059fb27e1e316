from odoo.tools import SQL

from . import controllers
from . import models
from . import tools
from . import report
from . import wizards
from . import demo


def _pre_init_hook(env):
    """Create the owner column filled from the salesperson in one statement,
    instead of letting the ORM compute it partner by partner on large databases."""
    env.cr.execute(
        SQL(
            """
            ALTER TABLE res_partner
                ADD COLUMN IF NOT EXISTS maintenance_user_id int4;
            UPDATE res_partner partner
               SET maintenance_user_id = partner.user_id
              FROM res_users owner
             WHERE owner.id = partner.user_id
               AND owner.active
               AND NOT owner.share
               AND (
                    partner.company_id IS NULL
                    OR EXISTS (
                        SELECT 1
                          FROM res_company_users_rel allowed
                         WHERE allowed.user_id = owner.id
                           AND allowed.cid = partner.company_id
                    )
               )
            """
        )
    )


def _post_init_hook(env):
    """Fill "customer since" for the customers that already have invoices."""
    env["res.partner"].with_context(active_test=False).search(
        [("parent_id", "=", False)]
    )._update_customer_since()


def _uninstall_hook(env):
    """Remove the activities of our follow-ups and our activity type's, so that
    Odoo can delete the activity type and the users the follow-ups point to."""
    activity_type = env.ref(
        "customer_maintenance.mail_activity_type_followup", raise_if_not_found=False
    )
    env.cr.execute(
        SQL(
            """
            DELETE FROM mail_activity
             WHERE res_model = 'customer.followup' OR activity_type_id = %s;
            DELETE FROM customer_followup;
            DELETE FROM customer_tier_history;
            DELETE FROM customer_reassignment;
            """,
            activity_type.id if activity_type else None,
        )
    )
