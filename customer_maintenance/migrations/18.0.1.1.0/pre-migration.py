"""18.0.1.1.0: the follow-up schedule becomes per company.

The last follow-up, next follow-up and follow-up status were plain columns;
they become company-dependent (jsonb). All three are derived data: drop the
plain columns so that the ORM creates the jsonb ones, the post-migration fills
them again. The scheduled actions become ``noupdate``.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'res_partner'
           AND column_name IN ('last_followup_date', 'next_followup_date',
                               'followup_status')
           AND data_type != 'jsonb'
        """
    )
    for (column,) in cr.fetchall():
        cr.execute(
            SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(column))
        )
    cr.execute(
        """
        UPDATE ir_model_data SET noupdate = TRUE
         WHERE module = 'customer_maintenance' AND model = 'ir.cron'
        """
    )
