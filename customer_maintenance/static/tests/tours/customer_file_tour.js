import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A rep opens the Customer Maintenance app, lands on My Day, goes to My
// Customers, finds a customer of their own, fills in the customer file and sees
// it saved; another rep's customer is shown read-only.
registry.category("web_tour.tours").add("customer_maintenance_file_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Maintenance app",
            trigger: ".o_app[data-menu-xmlid='customer_maintenance.customer_maintenance_menu_root']",
            run: "click",
        },
        {
            content: "The app opens on My Day",
            trigger: ".o_breadcrumb:contains('My Day')",
        },
        {
            content: "Open Customers",
            trigger: ".o_menu_sections button:contains('Customers'), .o_menu_sections a:contains('Customers')",
            run: "click",
        },
        {
            content: "Open My Customers",
            trigger: ".dropdown-item:contains('My Customers')",
            run: "click",
        },
        {
            content: "My Customers shows the rep's own customer",
            trigger: ".o_kanban_record:contains('Tour Own Customer')",
            run: "click",
        },
        {
            content: "Open the customer file tab",
            trigger: ".o_notebook .nav-link:contains('Customer Maintenance')",
            run: "click",
        },
        {
            content: "Write down the customer's preferences",
            trigger: ".o_field_widget[name=preferences] textarea",
            run: "edit Oolong tea, golf on Saturdays",
        },
        {
            content: "Write down the needs and pain points",
            trigger: ".o_field_widget[name=needs] textarea",
            run: "edit Faster delivery before Spring Festival",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Back to the customers",
            trigger: ".o_back_button a, .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Remove the My Customers filter",
            trigger: ".o_searchview .o_facet_remove",
            run: "click",
        },
        {
            content: "Open another rep's customer",
            trigger: ".o_kanban_record:contains('Tour Foreign Customer')",
            run: "click",
        },
        {
            content: "Open the customer file tab",
            trigger: ".o_notebook .nav-link:contains('Customer Maintenance')",
            run: "click",
        },
        {
            content: "Another rep's customer file is read-only",
            trigger: ".o_field_widget[name=preferences].o_readonly_modifier",
        },
    ],
});
