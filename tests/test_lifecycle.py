"""Install, upgrade and uninstall on real databases."""

import re

OUR_COLUMNS = (
    "maintenance_user_id",
    "customer_since",
    "birthdate_date",
    "gender",
    "preferences",
    "personality",
    "needs",
    "consumption_habits",
    "relationship_note",
    "source_id",
    "introduced_by_id",
)


def _errors(process, allowed=None):
    return [
        line
        for line in (process.stdout + process.stderr).splitlines()
        if re.search(r" (ERROR|CRITICAL) ", line)
        and not (allowed and re.search(allowed, line))
    ]


def test_demo_database_shows_a_real_company(database, demo_db):
    db = database(demo_db)
    reps = db.scalar(
        """SELECT count(*) FROM res_groups_users_rel rel
             JOIN ir_model_data imd ON imd.res_id = rel.gid
              AND imd.model = 'res.groups' AND imd.module = 'customer_maintenance'
              AND imd.name = 'group_user'"""
    )
    assert reps >= 4  # three reps and their manager (plus the admin)
    customers = db.scalar(
        """SELECT count(*) FROM res_partner p
             JOIN ir_model_data imd ON imd.res_id = p.id AND imd.model = 'res.partner'
              AND imd.module = 'customer_maintenance'
            WHERE p.parent_id IS NULL AND p.maintenance_user_id IS NOT NULL"""
    )
    assert customers >= 40
    first, last, invoiced = db.query(
        """SELECT min(invoice_date), max(invoice_date), count(DISTINCT partner_id)
             FROM account_move
            WHERE move_type = 'out_invoice' AND state = 'posted'"""
    )[0]
    assert (last - first).days > 16 * 30  # about 18 months of history
    assert invoiced >= 30
    paid = db.scalar(
        "SELECT count(*) FROM account_move"
        " WHERE payment_state IN ('paid', 'in_payment')"
    )
    assert paid > 100
    with_since = db.scalar(
        "SELECT count(*) FROM res_partner WHERE customer_since IS NOT NULL"
    )
    assert with_since >= 30


def test_upgrade(clone_db, odoo, nodemo_db):
    db = clone_db(nodemo_db)
    process = odoo(db.name, "-u", "customer_maintenance", "--stop-after-init")
    assert process.returncode == 0, process.stderr
    assert not _errors(process)
    state = db.scalar(
        "SELECT state FROM ir_module_module WHERE name = 'customer_maintenance'"
    )
    assert state == "installed"


def _uninstall(odoo, db, allowed_errors=None):
    script = (
        "env['ir.module.module'].search([('name', '=', 'customer_maintenance')])"
        ".button_immediate_uninstall()\nenv.cr.commit()\n"
    )
    process = odoo(db.name, "shell", stdin=script)
    assert process.returncode == 0, process.stderr
    errors = _errors(process, allowed_errors)
    assert not errors, errors
    state = db.scalar(
        "SELECT state FROM ir_module_module WHERE name = 'customer_maintenance'"
    )
    assert state == "uninstalled"


def _assert_nothing_left(db):
    assert not db.query(
        "SELECT relname FROM pg_class WHERE relname LIKE 'customer\\_%%'"
    )
    columns = db.query(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = ANY(%s)""",
        (list(OUR_COLUMNS),),
    )
    assert not columns
    assert not db.query(
        "SELECT name FROM ir_model_fields"
        " WHERE model = 'res.partner' AND name = ANY(%s)",
        (list(OUR_COLUMNS),),
    )
    assert not db.query("SELECT model FROM ir_model WHERE model LIKE 'customer.%%'")
    assert not db.query(
        "SELECT name FROM ir_model_data WHERE module = 'customer_maintenance'"
        " AND model IN ('ir.model', 'ir.model.fields', 'res.groups', 'ir.ui.view',"
        " 'ir.ui.menu', 'ir.actions.act_window', 'ir.module.category')"
    )


def test_uninstall_leaves_nothing(clone_db, odoo, nodemo_db):
    db = clone_db(nodemo_db)
    _uninstall(odoo, db)
    _assert_nothing_left(db)


def test_uninstall_with_demo_data(clone_db, odoo, demo_db):
    db = clone_db(demo_db)
    # Demo customers with posted invoices cannot be deleted: Odoo logs the
    # refused DELETE and keeps them, as it does for its own demo data.
    _uninstall(odoo, db, allowed_errors=r"bad query: b.DELETE FROM \"res_partner\"")
    _assert_nothing_left(db)
    assert db.scalar("SELECT count(*) FROM account_move WHERE state = 'posted'") > 0
