import { registry } from "@web/core/registry";

// An accounting manager opens Credit & Payments, keeps the customers overdue
// for more than 30 days, reads why one is rated as it is and puts it on hold.
registry.category("web_tour.tours").add("customer_maintenance_credit_tour", {
    steps: () => [
        {
            content: "Both customers are listed with their figures",
            trigger: ".o_list_view .o_data_row:contains('Tour Good Payer')",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the customers overdue for more than 30 days",
            trigger: ".o_filter_menu .o_menu_item:contains('Overdue More Than 30 Days')",
            run: "click",
        },
        {
            content: "The good payer is gone, the late payer stays",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Tour Good Payer'))) .o_data_row:contains('Tour Late Payer') td[name=complete_name]",
            run: "click",
        },
        {
            content: "Open the Credit tab",
            trigger: ".o_notebook .nav-link:contains('Credit')",
            run: "click",
        },
        {
            content: "The rating says why",
            trigger: ".o_field_widget[name=credit_rating_reason]:contains('Oldest overdue invoice')",
        },
        {
            content: "Put the customer on hold",
            trigger: "button:contains('Put on Hold')",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit Cheque bounced twice",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button:contains('Put on Hold')",
            run: "click",
        },
        {
            content: "The customer shows on hold, with the reason",
            trigger: ".alert-danger:contains('On credit hold'):contains('Cheque bounced twice')",
        },
    ],
});
