# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Maintenance",
    "summary": "Customer file, maintenance owners and retention work for sales teams",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "customer_maintenance developers",
    "website": "https://github.com/customer-maintenance/customer_maintenance",
    "maintainers": ["customer-maintenance"],
    "depends": ["contacts", "mail", "account", "sales_team"],
    "data": [
        "security/customer_maintenance_security.xml",
        "security/ir.model.access.csv",
        "data/customer_source_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/customer_followup_digest.xml",
        "views/customer_source_views.xml",
        "views/customer_tier_policy_views.xml",
        "views/customer_tier_history_views.xml",
        "views/customer_followup_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_category_demo.xml",
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_maintenance/static/tests/tours/*.js",
        ],
    },
    "pre_init_hook": "_pre_init_hook",
    "post_init_hook": "_post_init_hook",
    "application": True,
}
