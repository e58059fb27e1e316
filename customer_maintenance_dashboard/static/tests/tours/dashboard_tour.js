import { registry } from "@web/core/registry";

// A sales manager opens the Customer Maintenance dashboard in Dashboards: it is
// the active one in the side panel, loads without error and draws its
// scorecards (the charts below are drawn when scrolled to).
registry.category("web_tour.tours").add("customer_maintenance_dashboard_tour", {
    steps: () => [
        {
            content: "The Customer Maintenance dashboard is the active one",
            trigger:
                ".o_search_panel_category_value.active:contains('Customer Maintenance'), .o_search_panel_sidebar:contains('Customer Maintenance')",
        },
        {
            content: "Its eight scorecards are drawn, and nothing failed",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o-scorecard:eq(7)",
        },
    ],
});
