import base64

from odoo.tests import tagged

from ..tools.phone_contacts import normalize_name
from .common import CustomerMaintenanceCase

# contacts without phone or e-mail: only a name, sometimes a company
NAMES_CSV = (
    "Name,Company,Job Title\n"
    "周杰,,\n"
    "Emily  Carter,Greenleaf,Buyer\n"
    "李娜,,\n"
    "王磊,,\n"
    "周杰,,\n"
    "Emily Carter,Other Foods,\n"
)


@tagged("post_install", "-at_install")
class TestContactImportByName(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        Partner = cls.env["res.partner"]
        # the same person as row 3, written with full-width letters and spaces
        cls.emily = Partner.create(
            {
                "name": "\uff25\uff2d\uff29\uff2c\uff39\u3000carter",
                "company_name": "GREENLEAF",
            }
        )
        cls.li_na = Partner.create({"name": "李娜", "phone": "+8613900139000"})
        cls.wang_lei = Partner.create([{"name": "王磊"}, {"name": " 王磊 "}])

    def _import(self, content):
        wizard = (
            self.env["customer.contact.import"]
            .with_user(self.rep)
            .create({"file": base64.b64encode(content.encode()), "filename": "n.csv"})
        )
        wizard.action_preview()
        wizard.action_import()
        return wizard

    def _errors(self, wizard):
        return base64.b64decode(wizard.error_file or b"").decode("utf-8-sig")

    def test_normalized_name(self):
        self.assertEqual(
            normalize_name(" \uff25\uff4d\uff49\uff4c\uff59\u3000CARTER\t Jr. "),
            "emily carter jr.",
        )
        self.assertEqual(normalize_name("Straße"), normalize_name("STRASSE"))
        self.assertEqual(normalize_name(False), "")

    def test_rows_without_phone_or_email(self):
        Partner = self.env["res.partner"]
        wizard = self._import(NAMES_CSV)
        # 周杰 (row 2) and Emily Carter at Other Foods (row 7) are new; row 6 is
        # row 2 again; row 3 is the Emily Carter already known (Buyer filled)
        self.assertEqual(
            (wizard.created_count, wizard.updated_count, wizard.skipped_count),
            (2, 1, 1),
        )
        self.assertEqual(self.emily.function, "Buyer")
        self.assertEqual(Partner.search_count([("name", "=", "周杰")]), 1)
        self.assertEqual(Partner.search_count([("name", "=", "李娜")]), 1)
        # 李娜 is known with a phone, 王磊 twice: both reported, none created
        self.assertEqual(wizard.error_count, 2)
        errors = self._errors(wizard)
        self.assertIn("4,", errors)
        self.assertIn("李娜", errors)
        self.assertIn("5,", errors)
        self.assertIn("several customers are named 王磊", errors)
        self.assertEqual(Partner.search_count([("name", "ilike", "王磊")]), 2)

    def test_reimport_without_phone_or_email_creates_nothing(self):
        Partner = self.env["res.partner"]
        self._import(NAMES_CSV)
        count = Partner.search_count([])
        for _attempt in range(2):
            wizard = self._import(NAMES_CSV)
            self.assertEqual(Partner.search_count([]), count)
            self.assertEqual(wizard.created_count, 0)
            self.assertEqual(wizard.error_count, 2)
        self.assertEqual(Partner.search_count([("name", "=", "周杰")]), 1)

    def test_name_of_a_contact_with_phone_in_the_same_file(self):
        wizard = self._import("Name,Mobile\n赵敏,13800138001\n赵敏,\n")
        self.assertEqual((wizard.created_count, wizard.error_count), (1, 1))
        self.assertIn("3,", self._errors(wizard))

    def test_other_company_is_not_matched(self):
        other = self.env["res.company"].create({"name": "Branch"})
        hidden = self.env["res.partner"].create(
            {"name": "周杰", "company_id": other.id}
        )
        wizard = self._import("Name\n周杰\n")
        self.assertEqual(wizard.created_count, 1)
        self.assertFalse(hidden.function)
