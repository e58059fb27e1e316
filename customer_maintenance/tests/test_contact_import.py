import base64

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CustomerMaintenanceCase

VCARDS = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:张;伟;;;\r\n"
    "FN:张伟\r\n"
    "ORG:华鑫贸易;\r\n"
    "TITLE:采购经理\r\n"
    "TEL;TYPE=CELL:138 0013 8000\r\n"
    "TEL;TYPE=WORK,VOICE:021-5555 0101\r\n"
    "EMAIL;TYPE=INTERNET:Zhang.Wei@Example.com\r\n"
    "BDAY:1980-05-04\r\n"
    "NOTE:Likes green tea and long lunches with many\r\n"
    "  colleagues\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgH\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Laura Chen\r\n"
    "TEL;TYPE=cell;VALUE=uri:tel:+1-604-555-0199\r\n"
    "EMAIL:laura@pacific.example\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E;=E5=A8=9C;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E=E5=A8=9C\r\n"
    "TEL;CELL:13900139000\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Broken phone\r\n"
    "TEL;TYPE=CELL:call me maybe\r\n"
    "END:VCARD\r\n"
)

GOOGLE_CSV = (
    "Name,Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,"
    "E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title,Notes\n"
    "王芳,芳,王,Mobile,+86 139 1234 5678,wang.fang@example.com,,,VIP\n"
    "陳建國,建國,陳,Mobile,0912 345 678,chen@example.tw,泰達電子,董事長,\n"
    ",,,,,,,,\n"
    "Only Email,,,,,bad-address,,,\n"
    "王芳 (dup),,,Mobile,13912345678,,,,\n"
)

OUTLOOK_CSV = (
    "First Name,Middle Name,Last Name,Company,Job Title,E-mail Address,"
    "Mobile Phone,Business Phone,Birthday\n"
    "Sarah,,Miller,Greenleaf,Buyer,sarah@greenleaf.example,+1 503 555 0142,,3/4/1986\n"
    "建国,,陈,,,,13800000001,,\n"
)


@tagged("post_install", "-at_install")
class TestContactImport(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        cls.referral = cls.env.ref("customer_maintenance.customer_source_referral")
        cls.tag = cls.env["res.partner.category"].create({"name": "Phone import"})

    def _import(self, content, encoding="utf-8", filename="contacts.csv", user=None):
        data = content.encode(encoding) if isinstance(content, str) else content
        wizard = Form(self.env["customer.contact.import"].with_user(user or self.rep))
        wizard.file = base64.b64encode(data)
        wizard.source_id = self.referral
        wizard.category_ids.add(self.tag)
        wizard = wizard.save()
        wizard.filename = filename
        wizard.action_preview()
        preview = wizard.preview
        wizard.action_import()
        return wizard, preview

    def _by_email(self, email):
        return self.env["res.partner"].search([("email", "=ilike", email)])

    def test_vcard_with_photo_quoted_printable_and_bad_card(self):
        wizard, preview = self._import(VCARDS, filename="phone.vcf")
        self.assertEqual(wizard.file_format, "vCard")
        self.assertIn("张伟", preview)
        self.assertEqual(
            (wizard.created_count, wizard.updated_count, wizard.skipped_count),
            (3, 0, 0),
        )
        self.assertEqual(wizard.error_count, 1)
        errors = base64.b64decode(wizard.error_file).decode("utf-8-sig")
        self.assertIn("call me maybe", errors)
        zhang = self._by_email("zhang.wei@example.com")
        self.assertEqual(zhang.mobile, "+8613800138000")
        self.assertEqual(zhang.phone, "+862155550101")
        self.assertEqual(zhang.company_name, "华鑫贸易")
        self.assertEqual(zhang.function, "采购经理")
        self.assertEqual(str(zhang.birthdate_date), "1980-05-04")
        self.assertIn("long lunches with many colleagues", zhang.comment)
        self.assertEqual(zhang.maintenance_user_id, self.rep)
        self.assertEqual(zhang.source_id, self.referral)
        self.assertIn(self.tag, zhang.category_id)
        laura = self._by_email("laura@pacific.example")
        self.assertEqual(laura.mobile, "+16045550199")
        li_na = self.env["res.partner"].search([("mobile", "=", "+8613900139000")])
        self.assertEqual(li_na.name, "李娜")

    def test_reimport_creates_nothing(self):
        self._import(VCARDS, filename="phone.vcf")
        count = self.env["res.partner"].search_count([])
        wizard, _preview = self._import(VCARDS, filename="phone.vcf")
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        self.assertEqual((wizard.created_count, wizard.updated_count), (0, 0))
        self.assertEqual(wizard.skipped_count, 3)

    def test_google_csv_in_gbk_and_big5(self):
        for encoding, expected in (("gbk", "gb18030"), ("big5", "big5hkscs")):
            with self.subTest(encoding=encoding), self.env.cr.savepoint() as savepoint:
                wizard, _preview = self._import(GOOGLE_CSV.encode(encoding))
                self.assertEqual(wizard.encoding, expected)
                chen = self._by_email("chen@example.tw")
                self.assertEqual(chen.name, "陳建國")
                self.assertEqual(chen.company_name, "泰達電子")
                self.assertEqual(chen.function, "董事長")
                self.assertTrue(chen.mobile.startswith("+86"))  # Phone 1 - Type
                savepoint.rollback()

    def test_csv_duplicates_errors_and_existing_partner(self):
        existing = self.env["res.partner"].create(
            {"name": "Wang Fang (already here)", "mobile": "139-1234-5678"}
        )
        wizard, _preview = self._import(GOOGLE_CSV)
        # row 2 completes the existing partner, row 6 is the same phone again,
        # row 4 is empty (ignored), row 5 has a bad e-mail
        self.assertEqual(wizard.updated_count, 1)
        self.assertEqual(wizard.created_count, 1)
        self.assertEqual(wizard.skipped_count, 1)
        self.assertEqual(wizard.error_count, 1)
        errors = base64.b64decode(wizard.error_file).decode("utf-8-sig")
        self.assertIn("5,", errors)
        self.assertIn("bad-address", errors)
        self.assertEqual(existing.email, "wang.fang@example.com")
        self.assertEqual(existing.name, "Wang Fang (already here)")  # kept

    def test_outlook_csv_names(self):
        wizard, _preview = self._import(OUTLOOK_CSV)
        self.assertIn("First Name → first_name", wizard.mapping)
        self.assertEqual(wizard.created_count, 2)
        self.assertTrue(self.env["res.partner"].search([("name", "=", "Sarah Miller")]))
        self.assertTrue(self.env["res.partner"].search([("name", "=", "陈建国")]))

    def test_unreadable_file(self):
        wizard = (
            self.env["customer.contact.import"]
            .with_user(self.rep)
            .create({"file": base64.b64encode(b"Foo,Bar\n1,2\n"), "filename": "x.csv"})
        )
        with self.assertRaisesRegex(UserError, "cannot be imported"):
            wizard.action_preview()

    def test_rep_cannot_import_for_another_owner(self):
        wizard = (
            self.env["customer.contact.import"]
            .with_user(self.rep)
            .create(
                {
                    "file": base64.b64encode(OUTLOOK_CSV.encode()),
                    "owner_id": self.other_rep.id,
                }
            )
        )
        wizard.action_preview()
        with self.assertRaisesRegex(UserError, "another owner"):
            wizard.action_import()
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Sarah Miller")])
        )
