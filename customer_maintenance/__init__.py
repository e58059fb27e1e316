from odoo.tools import SQL

from . import controllers
from . import models
from . import tools
from . import report
from . import wizards
from . import demo


def _pre_init_hook(env):
    """Create the owner column empty, so that the ORM does not compute it
    partner by partner on large databases; the post-init hook fills it."""
    env.cr.execute(
        SQL("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS maintenance_user_id int4")
    )


def _post_init_hook(env):
    """Take the salesperson as owner where the owner rule allows it (the
    groups exist only now), and fill "customer since" for the customers that
    already have invoices."""
    env["res.partner"]._fill_owners_from_salespersons()
    env["res.partner"].with_context(active_test=False).search(
        [("parent_id", "=", False)]
    )._update_customer_since()


def _uninstall_hook(env):
    """Remove the activities of our follow-ups and feedback and of our activity
    types, so that Odoo can delete the activity types and the users our
    records point to."""
    activity_types = [
        env.ref(xmlid, raise_if_not_found=False)
        for xmlid in (
            "customer_maintenance.mail_activity_type_followup",
            "customer_maintenance.mail_activity_type_feedback",
        )
    ]
    env.cr.execute(
        SQL(
            """
            DELETE FROM mail_activity
             WHERE res_model IN ('customer.followup', 'customer.feedback')
                OR activity_type_id = ANY(%s);
            DELETE FROM rating_rating WHERE res_model = 'customer.feedback';
            DELETE FROM customer_feedback;
            DELETE FROM customer_followup;
            DELETE FROM customer_tier_history;
            DELETE FROM customer_credit_rating_history;
            DELETE FROM customer_reassignment;
            """,
            [activity_type.id for activity_type in activity_types if activity_type],
        )
    )
