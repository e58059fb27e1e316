import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A rep opens their feedback in the kanban, writes the resolution and moves
// it to Resolved; then looks at the analysis.
registry.category("web_tour.tours").add("customer_maintenance_feedback_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Maintenance app",
            trigger: ".o_app[data-menu-xmlid='customer_maintenance.customer_maintenance_menu_root']",
            run: "click",
        },
        {
            content: "Open the Feedback menu",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_maintenance.customer_feedback_menu_root']",
            run: "click",
        },
        {
            content: "My Feedback",
            trigger: ".dropdown-item[data-menu-xmlid='customer_maintenance.customer_feedback_menu_mine']",
            run: "click",
        },
        {
            content: "The late complaint is marked in the kanban",
            trigger: ".o_kanban_record:contains('Tour broken cartons') .badge:contains('Late')",
        },
        {
            content: "Open it",
            trigger: ".o_kanban_record:contains('Tour broken cartons')",
            run: "click",
        },
        {
            content: "Resolution tab",
            trigger: ".o_notebook .nav-link:contains('Resolution')",
            run: "click",
        },
        {
            content: "Write the resolution",
            trigger: ".o_field_widget[name=resolution] .odoo-editor-editable",
            run: "editor Replaced the cartons and changed the packaging",
        },
        {
            content: "Move it to Resolved",
            trigger: ".o_statusbar_status button:contains('Resolved')",
            run: "click",
        },
        {
            content: "It is resolved, and the deadline was missed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        {
            content: "Deadline missed",
            trigger: ".o_field_widget[name=sla_status] .badge:contains('Missed')",
        },
    ],
});
