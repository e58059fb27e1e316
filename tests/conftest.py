"""Black-box tests: a real Odoo process, fresh databases, HTTP.

``bin/run-tests`` installs the module in two fresh databases and passes their
names here; each test that changes a database works on a copy of one.
"""

import configparser
import os
import shutil
import subprocess
import sys
import uuid

import psycopg2
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _setting(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run the black-box tests with bin/run-tests")
    return value


@pytest.fixture(scope="session")
def odoo_config():
    return _setting("CM_ODOO_CONFIG")


@pytest.fixture(scope="session")
def db_options(odoo_config):
    parser = configparser.ConfigParser()
    parser.read(odoo_config)
    options = parser["options"]
    keys = {"db_host": "host", "db_port": "port", "db_user": "user"}
    keys["db_password"] = "password"
    return {
        dsn_key: options[key]
        for key, dsn_key in keys.items()
        if options.get(key, "False") != "False"
    }


@pytest.fixture(scope="session")
def demo_db():
    return _setting("CM_DB_DEMO")


@pytest.fixture(scope="session")
def nodemo_db():
    return _setting("CM_DB_NODEMO")


class Database:
    def __init__(self, name, options):
        self.name = name
        self.options = options

    def connect(self, dbname=None):
        return psycopg2.connect(dbname=dbname or self.name, **self.options)

    def query(self, sql, params=None):
        with self.connect() as conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def scalar(self, sql, params=None):
        return self.query(sql, params)[0][0]


@pytest.fixture
def clone_db(db_options, odoo_config):
    """Copy a database and its filestore (attachments such as a dashboard's
    spreadsheet live there): tests that change data use copies."""
    parser = configparser.ConfigParser()
    parser.read(odoo_config)
    filestore = os.path.join(parser["options"]["data_dir"], "filestore")
    created = []

    def clone(template):
        name = f"{_setting('CM_DB_PREFIX')}_{uuid.uuid4().hex[:8]}"
        conn = psycopg2.connect(dbname="postgres", **db_options)
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        conn.close()
        created.append(name)
        if os.path.isdir(os.path.join(filestore, template)):
            shutil.copytree(
                os.path.join(filestore, template), os.path.join(filestore, name)
            )
        return Database(name, db_options)

    yield clone
    conn = psycopg2.connect(dbname="postgres", **db_options)
    conn.autocommit = True
    with conn.cursor() as cr:
        for name in created:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(os.path.join(filestore, name), ignore_errors=True)
    conn.close()


@pytest.fixture
def database(db_options):
    return lambda name: Database(name, db_options)


@pytest.fixture(scope="session")
def odoo(odoo_config):
    """Run an Odoo command line on a database; returns the completed process."""

    def run(db, *args, stdin=None, timeout=900):
        cmd = [sys.executable, "-m", "odoo"]
        if args and args[0] == "shell":
            cmd += ["shell", "--no-http", *args[1:]]
            args = ()
        cmd += ["-c", odoo_config, "-d", db, *args]
        return subprocess.run(
            cmd, input=stdin, capture_output=True, text=True, timeout=timeout
        )

    return run
