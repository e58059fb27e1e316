# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Maintenance - CRM",
    "summary": "The sales stage of a customer, from its open CRM opportunities",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "customer_maintenance developers",
    "website": "https://github.com/customer-maintenance/customer_maintenance",
    "maintainers": ["customer-maintenance"],
    "depends": ["customer_maintenance", "crm"],
    "data": [
        "views/res_partner_views.xml",
    ],
    "auto_install": True,
}
