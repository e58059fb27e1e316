"""Holiday occasions: from dates listed by hand per year to a holiday of the
holidays library (or a fixed date) per country."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute("SELECT to_regclass('customer_care_occasion_date_legacy')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        SELECT occasion_id, array_agg(date)
          FROM customer_care_occasion_date_legacy
         GROUP BY occasion_id
        """
    )
    dates = dict(cr.fetchall())
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["customer.care.occasion"]._migrate_holiday_dates(dates)
    # Odoo forgets the removed model but leaves its table
    cr.execute("DROP TABLE customer_care_occasion_date_legacy")
    cr.execute("DROP TABLE IF EXISTS customer_care_occasion_date")
