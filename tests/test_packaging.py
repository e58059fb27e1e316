"""``pip install .`` puts the addon where Odoo looks for addons."""

import os
import subprocess
import sys
import zipfile
from email.parser import Parser

from conftest import ROOT

ADDON = "customer_maintenance"
# the addon and its bridges: Sales, Sale Margins, Dashboards, CRM
ADDONS = (
    ADDON,
    "customer_maintenance_sale",
    "customer_maintenance_sale_margin",
    "customer_maintenance_dashboard",
    "customer_maintenance_crm",
)
SHIPPED = (".py", ".xml", ".csv", ".po", ".pot", ".png", ".js", ".md", ".json")


def _addon_files():
    listed = subprocess.run(
        ["git", "ls-files", *ADDONS], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    if not listed:  # not a git checkout: walk the folders
        for addon in ADDONS:
            for folder, _dirs, files in os.walk(os.path.join(ROOT, addon)):
                rel = os.path.relpath(folder, ROOT)
                listed += [os.path.join(rel, name) for name in files]
    return {path for path in listed if path.endswith(SHIPPED)}


def test_wheel_installs_addon_in_odoo_namespace(tmp_path):
    subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--no-deps",
            "--wheel-dir", str(tmp_path), ROOT,
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith("odoo_addon_customer_maintenance-18.0.1.3.0-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = Parser().parsestr(archive.read(metadata).decode())
    assert meta["Name"] == "odoo-addon-customer_maintenance"
    assert any(
        req.replace(" ", "") in ("odoo<18.1dev,>=18.0a", "odoo>=18.0a,<18.1dev")
        for req in meta.get_all("Requires-Dist")
    )
    expected = {f"odoo/addons/{path}" for path in _addon_files()}
    assert expected, "no addon file found"
    assert not expected - names, sorted(expected - names)
    # the namespace itself belongs to Odoo
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names


def test_odoo_finds_installed_addon_without_addons_path(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
            "--target", str(target), ROOT,
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    code = (
        "from odoo.modules.module import get_module_path, initialize_sys_path\n"
        "initialize_sys_path()\n"
        "print(get_module_path('customer_maintenance'))\n"
        "print(get_module_path('customer_maintenance_sale'))\n"
        "print(get_module_path('customer_maintenance_sale_margin'))\n"
        "print(get_module_path('customer_maintenance_dashboard'))\n"
        "print(get_module_path('customer_maintenance_crm'))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert found == [str(target / "odoo" / "addons" / addon) for addon in ADDONS]
