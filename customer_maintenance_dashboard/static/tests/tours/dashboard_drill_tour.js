import { registry } from "@web/core/registry";

// A sales manager opens the dashboard, drills from the "Customers at risk"
// scorecard into the customers at risk, opens the A customer among them, reads
// why its score is what it is, and plans the visit.
registry.category("web_tour.tours").add("customer_maintenance_dashboard_drill_tour", {
    steps: () => [
        {
            content: "The scorecards are drawn",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o-scorecard:eq(7)",
        },
        {
            content: "Drill into the customers at risk",
            trigger: ".o-figure[role='button']:eq(0)",
            run: "click",
        },
        {
            content: "Open the A customer at risk",
            trigger: ".o_list_view .o_data_row:contains('Tour A Customer') td[name=display_name]",
            run: "click",
        },
        {
            content: "Open the Customer Maintenance tab",
            trigger: ".o_notebook .nav-link:contains('Customer Maintenance')",
            run: "click",
        },
        {
            content: "Read why this score",
            trigger:
                ".o_field_widget[name=health_reason]:contains('Value (tier and trend)')",
        },
        {
            content: "Plan the visit",
            trigger: "button[name=action_plan_followup]",
            run: "click",
        },
        {
            content: "The visit is planned: one follow-up on the customer",
            trigger:
                "button[name=action_view_followups] .o_stat_value:contains('1')",
        },
    ],
});
