from odoo.tests import tagged

from odoo.addons.customer_maintenance.tests import test_translations


@tagged("post_install", "-at_install")
class TestTranslations(test_translations.TestTranslations):
    module = "customer_maintenance_crm"

    def test_reader_finds_module_terms(self):
        self.assertIn("Sales Stage", self._module_terms())
