"""Write an Odoo configuration file for the tests and benchmarks.

    python3 tests/odoo_config.py WORK_DIR   -> prints the path of WORK_DIR/odoo.conf

Odoo's community addons are found beside the ``odoo`` package (a source
checkout keeps them in ``<root>/addons``, the Debian package and the official
image inside ``odoo/addons``) unless ``ODOO_ADDONS_PATH`` names them; the
database is reached through the usual libpq variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD).
"""

import getpass
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def community_addons():
    if os.environ.get("ODOO_ADDONS_PATH"):
        return os.environ["ODOO_ADDONS_PATH"]
    import odoo

    base = os.path.dirname(odoo.__file__)
    for path in (os.path.join(base, os.pardir, "addons"), os.path.join(base, "addons")):
        if os.path.isdir(os.path.join(path, "account")):
            return os.path.realpath(path)
    sys.exit(
        "Odoo's community addons (account, contacts...) not found: set ODOO_ADDONS_PATH"
    )


def write_config(work_dir):
    env = os.environ.get
    options = {
        "addons_path": f"{community_addons()},{ROOT}",
        "data_dir": os.path.join(work_dir, "data"),
        "db_host": env("PGHOST", "False"),
        "db_port": env("PGPORT", "False"),
        "db_user": env("PGUSER") or getpass.getuser(),
        "db_password": env("PGPASSWORD", "False"),
        "http_port": env("CM_HTTP_PORT", "8169"),
        "gevent_port": env("CM_GEVENT_PORT", "8172"),
        "list_db": "True",
        "log_level": "warn",
        "max_cron_threads": "0",
    }
    path = os.path.join(work_dir, "odoo.conf")
    with open(path, "w", encoding="utf-8") as config:
        config.write("[options]\n")
        config.writelines(f"{key} = {value}\n" for key, value in options.items())
    return path


if __name__ == "__main__":
    print(write_config(sys.argv[1]))
