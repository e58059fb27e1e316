import base64
import json

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.customer_maintenance.tests.common_screenshot import capture, keep

SCREENSHOT = "dashboard.png"


class DashboardCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # auth_signup (installed with Dashboards) mails new users otherwise
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.dashboard = cls.env.ref(
            "customer_maintenance_dashboard.spreadsheet_dashboard_customer_maintenance"
        )
        cls.data = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))
        cls.manager = new_test_user(
            cls.env,
            "cm_dash_manager",
            groups="customer_maintenance.group_manager,account.group_account_manager",
        )


@tagged("post_install", "-at_install")
class TestDashboardData(DashboardCase):
    """Every figure of the dashboard is a query over the module's models, as
    the manager who opens it would run it."""

    def _read(self, model, domain, groupby, measures):
        aggregates = [m if m == "__count" else f"{m}:{self._aggregator(model, m)}"
                      for m in measures]  # fmt: skip
        return (
            self.env[model]
            .with_user(self.manager)
            ._read_group(domain, groupby, aggregates)
        )

    def _aggregator(self, model, field):
        return self.env[model]._fields[field].aggregator or "sum"

    def test_only_managers_see_it(self):
        self.assertIn(
            self.env.ref("customer_maintenance.group_manager"), self.dashboard.group_ids
        )
        rep = new_test_user(
            self.env, "cm_dash_rep", groups="customer_maintenance.group_user"
        )
        self.assertFalse(
            self.env["spreadsheet.dashboard"]
            .with_user(rep)
            .search([("id", "=", self.dashboard.id)])
        )

    def test_every_pivot_list_and_chart_reads_the_models(self):
        sources = [
            (p["model"], p["domain"], [r["fieldName"] for r in p["rows"]],
             [m["fieldName"] for m in p["measures"]])
            for p in self.data["pivots"].values()
        ]  # fmt: skip
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    search = figure["data"]["searchParams"]
                    sources.append(
                        (meta["resModel"], search["domain"], meta["groupBy"],
                         [meta["measure"]])
                    )  # fmt: skip
        self.assertGreaterEqual(len(sources), 9)
        for model, domain, groupby, measures in sources:
            with self.subTest(model=model, groupby=groupby, measures=measures):
                self._read(model, domain, groupby, measures)
        for spreadsheet_list in self.data["lists"].values():
            Model = self.env[spreadsheet_list["model"]].with_user(self.manager)
            Model.search_read(spreadsheet_list["domain"], spreadsheet_list["columns"])

    def test_figures_follow_the_data(self):
        """Nothing is frozen at install: a new A customer changes the count."""
        tiers = self.data["pivots"]["1"]

        def a_customers():
            groups = self._read(tiers["model"], tiers["domain"], ["tier"], ["__count"])
            return dict(groups).get("a", 0)

        before = a_customers()
        self.env["res.partner"].create(
            {"name": "New A Co", "is_company": True, "customer_rank": 1, "tier": "a"}
        )
        self.assertEqual(a_customers(), before + 1)


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase):
    def setUp(self):
        super().setUp()
        new_test_user(
            self.env(context=dict(self.env.context, no_reset_password=True)),
            "cm_dash_tour",
            groups="customer_maintenance.group_manager,account.group_account_manager",
        )

    def _url(self):
        dashboard = self.env.ref(
            "customer_maintenance_dashboard.spreadsheet_dashboard_customer_maintenance"
        )
        return (
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action"
            f"?dashboard_id={dashboard.id}"
        )

    def test_manager_opens_the_dashboard(self):
        self.start_tour(
            self._url(), "customer_maintenance_dashboard_tour", login="cm_dash_tour"
        )

    def test_manager_drills_into_an_a_customer_at_risk(self):
        rep = new_test_user(
            self.env(context=dict(self.env.context, no_reset_password=True)),
            "cm_dash_rep",
            groups="customer_maintenance.group_user",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour A Customer",
                "is_company": True,
                "customer_rank": 1,
                "maintenance_user_id": rep.id,
            }
        )
        customer.write(
            {
                "tier": "a",
                "health_score": 22,
                "health_band": "at_risk",
                "health_value_points": 40,
                "health_recency_points": 10,
                "health_care_points": 20,
                "health_service_points": 15,
                "health_payment_points": 25,
                "lifecycle_stage": "at_risk",
            }
        )
        self.start_tour(
            self._url(),
            "customer_maintenance_dashboard_drill_tour",
            login="cm_dash_tour",
        )
        planned = self.env["customer.followup"].search(
            [("partner_id", "=", customer.id), ("state", "=", "planned")]
        )
        self.assertEqual(planned.user_id, rep, "the visit is planned for the owner")

    def test_screenshot(self):
        """The dashboard as a manager sees it (see ``common_screenshot.keep``)."""
        data = capture(
            self,
            self._url(),
            "document.querySelectorAll('.o-scorecard').length >= 8"
            " && !document.querySelector('.dashboard-loading-status')"
            # the figures are drawn on canvases: give their data time to come
            " && new Promise((resolve) => setTimeout(() => resolve(true), 5000))",
            login="cm_dash_tour",
        )
        keep("customer_maintenance_dashboard", SCREENSHOT, data)
