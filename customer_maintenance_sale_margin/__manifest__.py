# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Customer Maintenance - Sale Margins",
    "summary": "Customer margins from the cost of the sale order lines",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "customer_maintenance developers",
    "website": "https://github.com/customer-maintenance/customer_maintenance",
    "maintainers": ["customer-maintenance"],
    "depends": ["customer_maintenance_sale", "sale_margin"],
    "auto_install": True,
}
