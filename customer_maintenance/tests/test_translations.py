import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

MODULE = "customer_maintenance"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every term the module defines ships in zh_CN and zh_TW."""

    module = MODULE

    def _module_terms(self):
        reader = TranslationModuleReader(self.env.cr, [self.module])
        return {
            source
            for module, _type, _name, _res_id, source, _value, _comments in reader
            if module == self.module and source.strip()
        }

    def _translated_terms(self, lang):
        po_file = polib.pofile(file_path(f"{self.module}/i18n/{lang}.po"))
        return {
            entry.msgid
            for entry in po_file
            if not entry.obsolete and entry.msgstr.strip()
        }

    def test_reader_finds_module_terms(self):
        terms = self._module_terms()
        self.assertIn("Maintenance Owner", terms)
        self.assertIn("Customer Maintenance", terms)

    def test_every_term_translated(self):
        terms = self._module_terms()
        for lang in ("zh_CN", "zh_TW"):
            with self.subTest(lang=lang):
                missing = sorted(terms - self._translated_terms(lang))
                self.assertFalse(
                    missing, f"{len(missing)} terms without {lang} translation"
                )
