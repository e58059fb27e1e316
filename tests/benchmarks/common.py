"""What the benchmarks share: a fresh database with the module, an Odoo
environment on it, timers and the figures they print."""

import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from odoo_config import ROOT, write_config


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def fresh_database(name, keep=False):
    """Yield an Odoo environment (as superuser) on a new database that has
    customer_maintenance installed without demo data."""
    import odoo
    from odoo import SUPERUSER_ID, api

    work = tempfile.mkdtemp(prefix="cm_bench_")
    config = write_config(work)
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable, "-m", "odoo", "-c", config, "-d", name,
            "-i", "customer_maintenance", "--without-demo=all", "--stop-after-init",
        ],
        check=True,
    )  # fmt: skip
    print(f"database {name}: module installed in {time.perf_counter() - started:.0f} s")
    if not odoo.tools.config.get("addons_path", "").endswith(os.path.basename(ROOT)):
        odoo.tools.config.parse_config(["-c", config])
    try:
        registry = odoo.modules.registry.Registry.new(name)
        with registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})
    finally:
        odoo.modules.registry.Registry.delete(name)
        odoo.sql_db.close_all()
        if not keep:
            subprocess.run(["dropdb", "--if-exists", name], check=True)


def vacuum(env, *tables):
    """VACUUM ANALYZE ``tables``, as autovacuum does between two nights: a run
    that rewrote most customers leaves as many dead rows behind it."""
    env.cr.commit()
    for table in tables:
        subprocess.run(
            ["psql", "-X", "-q", "-d", env.cr.dbname, "-c", f"VACUUM ANALYZE {table}"],
            check=True,
        )


class Timer:
    """Seconds and SQL statements of a block."""

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        self.cr.flush()
        self.queries = self.cr.sql_log_count
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.queries = self.cr.sql_log_count - self.queries
