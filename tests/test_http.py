"""The module as a browser or an integration sees it: a real server over HTTP."""

import re
import socket
import subprocess
import sys
import time

import pytest
import requests


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(odoo_config, demo_db, db_options):
    """An Odoo server on a copy of the demo database."""
    import psycopg2

    name = f"{demo_db}_http"
    conn = psycopg2.connect(dbname="postgres", **db_options)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{demo_db}"')
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "odoo", "-c", odoo_config, "-d", name,
            "--db-filter", f"^{name}$", "--http-interface", "127.0.0.1",
            "--http-port", str(port), "--max-cron-threads", "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the Odoo server did not start")
            time.sleep(0.5)
        yield url, name
    finally:
        process.terminate()
        process.wait(timeout=30)
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


class Client:
    def __init__(self, url, db, login):
        self.url = url
        self.session = requests.Session()
        result = self.rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": login},
        )
        self.uid = result["uid"]

    def rpc(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=60,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"]["data"]["name"], body["error"]["data"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


class RpcError(Exception):
    pass


def test_rep_sees_own_customers_and_all_others(server):
    url, db = server
    rep = Client(url, db, "cm_rep_li")
    mine = rep.call(
        "res.partner",
        "search_read",
        [("maintenance_user_id", "=", rep.uid), ("parent_id", "=", False)],
        fields=["name", "maintenance_user_id", "source_id", "customer_since"],
    )
    assert len(mine) >= 10
    assert any(p["customer_since"] for p in mine)
    others = rep.call(
        "res.partner",
        "search_count",
        [("maintenance_user_id", "not in", [rep.uid, False])],
    )
    assert others >= 20  # reps read every customer file


def test_rep_cannot_change_another_reps_customer(server):
    url, db = server
    rep = Client(url, db, "cm_rep_li")
    foreign = rep.call(
        "res.partner",
        "search_read",
        [("maintenance_user_id", "not in", [rep.uid, False])],
        fields=["id", "preferences"],
        limit=1,
    )[0]
    with pytest.raises(RpcError) as error:
        rep.call("res.partner", "write", [foreign["id"]], {"preferences": "Opera"})
    assert error.value.args[0] == "odoo.exceptions.AccessError"
    with pytest.raises(RpcError):
        rep.call(
            "res.partner", "write", [foreign["id"]], {"maintenance_user_id": rep.uid}
        )


def test_manager_reassigns_a_customer(server):
    url, db = server
    manager = Client(url, db, "cm_manager")
    rep = Client(url, db, "cm_rep_emily")
    customer = manager.call(
        "res.partner",
        "search_read",
        [("maintenance_user_id", "!=", rep.uid), ("is_company", "=", True)],
        fields=["id"],
        limit=1,
    )[0]
    manager.call(
        "res.partner", "write", [customer["id"]], {"maintenance_user_id": rep.uid}
    )
    rep.call("res.partner", "write", [customer["id"]], {"needs": "Weekly visits"})
    record = rep.call(
        "res.partner", "read", [customer["id"]], ["maintenance_user_id", "needs"]
    )[0]
    assert record["maintenance_user_id"][0] == rep.uid
    assert record["needs"] == "Weekly visits"


def test_web_client_serves_the_app(server):
    url, db = server
    rep = Client(url, db, "cm_rep_wang")
    page = rep.session.get(
        f"{url}/odoo/action-customer_maintenance.res_partner_action_my_customers",
        timeout=60,
    )
    assert page.status_code == 200
    menus = rep.session.get(f"{url}/web/webclient/load_menus/x", timeout=60).json()
    names = {menu["name"] for menu in menus.values()}
    assert "Customer Maintenance" in names


def test_error_message_in_users_language(server):
    url, db = server
    admin = Client(url, db, "admin")
    lang = admin.call(
        "res.lang",
        "search_read",
        [("code", "=", "zh_CN")],
        fields=["id"],
        context={"active_test": False},
    )[0]
    wizard = admin.call(
        "base.language.install", "create", {"lang_ids": [(6, 0, [lang["id"]])]}
    )
    admin.call("base.language.install", "lang_install", [wizard])
    rep = Client(url, db, "cm_rep_wang")
    rep.call("res.users", "write", [rep.uid], {"lang": "zh_CN"})
    customer = rep.call(
        "res.partner",
        "search_read",
        [("maintenance_user_id", "=", rep.uid)],
        fields=["id"],
        limit=1,
    )[0]
    with pytest.raises(RpcError) as error:
        rep.call(
            "res.partner",
            "write",
            [customer["id"]],
            {"birthdate_date": "2999-01-01"},
            context={"lang": "zh_CN"},
        )
    assert "在未来" in error.value.args[1]["message"]


def test_public_feedback_form(server):
    url, db = server
    rep = Client(url, db, "cm_rep_wang")
    customer = rep.call(
        "res.partner",
        "search_read",
        [("maintenance_user_id", "=", rep.uid), ("parent_id", "=", False)],
        fields=["id"],
        limit=1,
    )[0]
    rep.call("res.partner", "action_generate_feedback_token", [customer["id"]])
    token = rep.call(
        "res.partner", "read", [customer["id"]], fields=["feedback_token"]
    )[0]["feedback_token"]
    visitor = requests.Session()
    assert (
        visitor.get(f"{url}/customer-feedback/{'x' * 43}", timeout=60).status_code
        == 404
    )
    page = visitor.get(f"{url}/customer-feedback/{token}", timeout=60)
    assert page.status_code == 200
    # the company's page, not a literal doctype shown as text
    assert page.text.startswith("<!DOCTYPE html>")
    assert "&lt;!DOCTYPE" not in page.text
    assert "/logo.png?company=" in page.text
    assert 'name="viewport"' in page.text
    assets = re.search(r'href="(/web/assets/[^"]+\.css)"', page.text).group(1)
    assert visitor.get(f"{url}{assets}", timeout=120).status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = visitor.post(
        f"{url}/customer-feedback/{token}",
        data={
            "csrf_token": csrf,
            "feedback_type": "question",
            "description": "Black-box question: do you deliver on Sundays?",
        },
        timeout=60,
    )
    assert answer.status_code == 200
    assert 'id="feedback_thanks"' in answer.text
    owner = rep.call("res.users", "read", [rep.uid], fields=["name"])[0]["name"]
    assert f"Your message reached <strong>{owner}</strong>" in answer.text
    found = rep.call(
        "customer.feedback",
        "search_read",
        [("description", "ilike", "deliver on Sundays")],
        fields=["partner_id", "user_id", "channel"],
    )
    assert len(found) == 1
    assert found[0]["partner_id"][0] == customer["id"]
    assert found[0]["user_id"][0] == rep.uid
    assert found[0]["channel"] == "form"
