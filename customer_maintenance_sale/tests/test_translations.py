from odoo.tests import tagged

from odoo.addons.customer_maintenance.tests import test_translations


@tagged("post_install", "-at_install")
class TestTranslations(test_translations.TestTranslations):
    module = "customer_maintenance_sale"

    def test_reader_finds_module_terms(self):
        self.assertIn("Confirmed although %s", self._module_terms())
