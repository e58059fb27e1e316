# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Maintenance - Dashboard",
    "summary": "The Customer Maintenance dashboard in Odoo's Dashboards app",
    "version": "18.0.1.0.0",
    "category": "Productivity/Dashboard",
    "license": "LGPL-3",
    "author": "customer_maintenance developers",
    "website": "https://github.com/customer-maintenance/customer_maintenance",
    "maintainers": ["customer-maintenance"],
    "depends": ["customer_maintenance", "spreadsheet_dashboard"],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_maintenance_dashboard/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
}
