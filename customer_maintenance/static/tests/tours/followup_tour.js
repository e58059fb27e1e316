import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A rep plans the week: plans a due customer in one click, then records the
// call and marks it done.
registry.category("web_tour.tours").add("customer_maintenance_followup_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Maintenance app",
            trigger: ".o_app[data-menu-xmlid='customer_maintenance.customer_maintenance_menu_root']",
            run: "click",
        },
        {
            content: "Open the Follow-ups menu",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_maintenance.customer_maintenance_menu_followups']",
            run: "click",
        },
        {
            content: "Plan My Week",
            trigger: ".dropdown-item[data-menu-xmlid='customer_maintenance.res_partner_menu_plan_week']",
            run: "click",
        },
        {
            content: "Plan the due customer in one click",
            trigger: ".o_data_row:contains('Tour Due Customer') button[name='action_plan_followup']",
            run: "click",
        },
        {
            content: "Open the Follow-ups menu again",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_maintenance.customer_maintenance_menu_followups']",
            run: "click",
        },
        {
            content: "My Follow-ups",
            trigger: ".dropdown-item[data-menu-xmlid='customer_maintenance.customer_followup_menu_mine']",
            run: "click",
        },
        {
            content: "Open the planned follow-up",
            trigger: ".o_kanban_record:contains('Tour Due Customer')",
            run: "click",
        },
        {
            content: "Write down what was done",
            trigger: ".o_field_widget[name=outcome] textarea",
            run: "edit Called: they will order 200 units in May",
        },
        {
            content: "Mark it done",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "The follow-up is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
