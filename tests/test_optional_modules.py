"""With crm, sale and sale_margin installed (customer_maintenance does not
depend on them): the Sales and Sale Margins bridges install by themselves and
pass their tests, and the reassignment moves open opportunities and quotations
too."""

import subprocess
import sys

from conftest import ROOT

SCRIPT = """
from odoo.tests import new_test_user
group = "customer_maintenance.group_user,sales_team.group_sale_salesman"
departed = new_test_user(env, "bb_departed", groups=group)
target = new_test_user(env, "bb_target", groups=group)
customer = env["res.partner"].create(
    {"name": "Optional Co", "maintenance_user_id": departed.id, "customer_rank": 1}
)
lead = env["crm.lead"].create(
    {"name": "Deal", "type": "opportunity", "partner_id": customer.id,
     "user_id": departed.id}
)
won = env["crm.lead"].create(
    {"name": "Won deal", "type": "opportunity", "partner_id": customer.id,
     "user_id": departed.id, "probability": 100}
)
product = env["product.product"].create({"name": "Tea", "list_price": 10})
quotation = env["sale.order"].create(
    {"partner_id": customer.id, "user_id": departed.id,
     "order_line": [(0, 0, {"product_id": product.id})]}
)
confirmed = quotation.copy()
confirmed.action_confirm()
confirmed.user_id = departed
log = env["customer.reassignment"]._reassign(departed, {customer: target.id}, "Left")
assert lead.user_id == target, lead.user_id
assert won.user_id == departed, "a won opportunity stays"
assert quotation.user_id == target, quotation.user_id
assert confirmed.user_id == departed, "a confirmed order stays"
assert (log.lead_count, log.order_count) == (1, 1), (log.lead_count, log.order_count)
print("REASSIGNED-OK")
"""


def test_with_crm_and_sale(clone_db, odoo, odoo_config, nodemo_db):
    db = clone_db(nodemo_db)
    install = odoo(db.name, "-i", "crm,sale,sale_margin", "--stop-after-init")
    assert install.returncode == 0, install.stderr[-2000:]
    for bridge in (
        "customer_maintenance_sale",
        "customer_maintenance_sale_margin",
        "customer_maintenance_crm",
    ):
        state = db.scalar(f"SELECT state FROM ir_module_module WHERE name = '{bridge}'")
        assert state == "installed", f"{bridge} did not install by itself"

    # the bridge's own tests: credit hold on orders, orders in the utilisation
    bridge = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "customer_maintenance_sale/tests",
            "customer_maintenance_sale_margin/tests",
            "customer_maintenance_crm/tests",
            f"--odoo-config={odoo_config}", f"--odoo-database={db.name}",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert bridge.returncode == 0, bridge.stdout[-4000:] + bridge.stderr[-2000:]
    assert " passed" in bridge.stdout and "skipped" not in bridge.stdout

    process = odoo(db.name, "shell", stdin=SCRIPT)
    assert "REASSIGNED-OK" in process.stdout, (
        process.stdout[-2000:] + process.stderr[-3000:]
    )


def test_with_spreadsheet_dashboard(clone_db, odoo, odoo_config, nodemo_db):
    """Dashboards installed (Odoo 18 installs it with Invoicing): the dashboard
    bridge installs by itself, its data sources read the models as a manager,
    and Chromium draws it."""
    db = clone_db(nodemo_db)
    install = odoo(db.name, "-i", "spreadsheet_dashboard", "--stop-after-init")
    assert install.returncode == 0, install.stderr[-2000:]
    state = db.scalar(
        "SELECT state FROM ir_module_module"
        " WHERE name = 'customer_maintenance_dashboard'"
    )
    assert state == "installed", "the dashboard bridge did not install by itself"
    bridge = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "customer_maintenance_dashboard/tests", "--odoo-http",
            f"--odoo-config={odoo_config}", f"--odoo-database={db.name}",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert bridge.returncode == 0, bridge.stdout[-4000:] + bridge.stderr[-2000:]
    assert " passed" in bridge.stdout and "skipped" not in bridge.stdout
