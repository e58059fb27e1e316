import { registry } from "@web/core/registry";

// A sales manager opens Dashboards and the Customer Maintenance dashboard: it
// loads without error and draws its scorecards (the charts below are drawn
// when scrolled to).
registry.category("web_tour.tours").add("customer_maintenance_dashboard_tour", {
    steps: () => [
        {
            content: "Open the Customer Maintenance dashboard",
            trigger:
                ".o_search_panel_category_value:contains('Customer Maintenance')",
            run: "click",
        },
        {
            content: "Its six scorecards are drawn, and nothing failed",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o-scorecard:eq(5)",
        },
    ],
});
