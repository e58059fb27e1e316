"""Keep the hand-seeded holiday dates for the post-migration: the model that
held them (customer.care.occasion.date) is gone from the code, and the update
may remove what belongs to it before the post-migration reads it."""


def migrate(cr, version):
    cr.execute("SELECT to_regclass('customer_care_occasion_date')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS customer_care_occasion_date_legacy AS
        SELECT occasion_id, date FROM customer_care_occasion_date
        """
    )
