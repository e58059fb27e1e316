# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Maintenance - Sales",
    "summary": "Credit hold and open orders of Customer Maintenance on sale orders",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "customer_maintenance developers",
    "website": "https://github.com/customer-maintenance/customer_maintenance",
    "maintainers": ["customer-maintenance"],
    "depends": ["customer_maintenance", "sale"],
    "data": [
        "views/sale_order_views.xml",
    ],
    "auto_install": True,
}
