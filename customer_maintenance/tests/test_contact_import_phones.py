import base64

from odoo.tests import tagged

from ..tools.phone_contacts import parse_csv, parse_vcards
from .common import CustomerMaintenanceCase

MOBILE, HOME, WORK = "13800138000", "020 8888 1234", "021 5555 0101"
# (export, header, row) with the numbers MOBILE, HOME and WORK somewhere
TYPED_PHONES = [
    (
        "Google (old)",
        "Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
        "Phone 3 - Type,Phone 3 - Value,Phone 4 - Type,Phone 4 - Value",
        f"A,Work,{WORK},* Mobile,{MOBILE},Home,{HOME},Work Fax,021 5555 0102",
    ),
    (
        "Google",
        "First Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,"
        "Phone 3 - Label,Phone 3 - Value",
        f"A,Mobile,{MOBILE},Main,{HOME},Work,{WORK}",
    ),
    (
        "Outlook",
        "First Name,Business Phone,Home Phone,Mobile Phone,Business Fax,Pager",
        f"A,{WORK},{HOME},{MOBILE},021 5555 0102,123",
    ),
    (
        "Outlook zh_CN",
        "名,商务电话,住宅电话,移动电话,商务传真",
        f"A,{WORK},{HOME},{MOBILE},1",
    ),
    ("Outlook zh_TW", "名字,商務電話,住家電話,行動電話", f"A,{WORK},{HOME},{MOBILE}"),
    (
        "iPhone app",
        "First name,Last name,work,home,iPhone",
        f"A,B,{WORK},{HOME},{MOBILE}",
    ),
    ("iPhone app zh_CN", "名字,姓氏,工作,住宅,手机", f"A,B,{WORK},{HOME},{MOBILE}"),
    ("iPhone app zh_TW", "名字,姓氏,工作,住家,手機", f"A,B,{WORK},{HOME},{MOBILE}"),
]

IPHONE_VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:陈;建国;;;\r\nFN:陈建国\r\n"
    f"TEL;type=WORK;type=VOICE;type=pref:{WORK}\r\n"
    f"item1.TEL:{MOBILE}\r\nitem1.X-ABLabel:手机\r\n"
    f"TEL;type=HOME;type=VOICE:{HOME}\r\n"
    "TEL;type=WORK;type=FAX:021 5555 0102\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Laura Chen\r\n"
    "TEL;type=IPHONE;type=CELL;type=VOICE:+1 604 555 0199\r\n"
    "END:VCARD\r\n"
)


@tagged("post_install", "-at_install")
class TestContactImportPhoneTypes(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")

    def _import(self, content, filename="contacts.csv"):
        wizard = (
            self.env["customer.contact.import"]
            .with_user(self.rep)
            .create({"file": base64.b64encode(content.encode()), "filename": filename})
        )
        wizard.action_preview()
        wizard.action_import()
        return wizard

    def test_typed_phone_columns_of_every_export(self):
        for source, header, row in TYPED_PHONES:
            with self.subTest(source=source, header=header):
                _mapping, rows = parse_csv(f"{header}\n{row}\n")
                (_line, contact), *_rest = rows
                self.assertEqual(contact["mobile"], MOBILE)
                self.assertEqual(contact["phone"], HOME)
                self.assertEqual(contact["other_phones"], [("work", WORK)])

    def test_work_phone_is_the_phone_when_there_is_no_other(self):
        _mapping, rows = parse_csv(
            "Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n"
            f"A,Work,{WORK},Mobile,{MOBILE} ::: 13900139000\n"
        )
        (_line, contact), *_rest = rows
        self.assertEqual((contact["mobile"], contact["phone"]), (MOBILE, WORK))
        self.assertEqual(contact["other_phones"], [("mobile", "13900139000")])

    def test_mapping_names_the_type_column(self):
        mapping, _rows = parse_csv(
            "Name,Phone 1 - Type,Phone 1 - Value,Business Phone,Mobile Phone,Pager\n"
        )
        self.assertEqual(
            mapping,
            {
                "Name": "name",
                "Phone 1 - Value": "phone (Phone 1 - Type)",
                "Business Phone": "work phone",
                "Mobile Phone": "mobile",
            },
        )

    def test_iphone_vcard_labels(self):
        (_n, chen), (_m, laura) = parse_vcards(IPHONE_VCARD)
        self.assertEqual((chen["mobile"], chen["phone"]), (MOBILE, HOME))
        self.assertEqual(chen["other_phones"], [("work", WORK)])
        self.assertEqual((laura["mobile"], laura["phone"]), ("+1 604 555 0199", ""))

    def test_google_mobile_lands_in_mobile(self):
        self._import(
            "Name,Phone 1 - Type,Phone 1 - Value,E-mail 1 - Value\n"
            "王芳,Mobile,+86 139 1234 5678,wang.fang@example.com\n"
        )
        partner = self.env["res.partner"].search(
            [("email", "=", "wang.fang@example.com")]
        )
        self.assertEqual((partner.mobile, partner.phone), ("+8613912345678", False))

    def test_outlook_work_phone_kept_in_the_note(self):
        wizard = self._import(
            "First Name,Last Name,Mobile Phone,Home Phone,Business Phone\n"
            f"Sarah,Miller,{MOBILE},{HOME},{WORK}\n"
        )
        self.assertEqual(wizard.created_count, 1)
        sarah = self.env["res.partner"].search([("name", "=", "Sarah Miller")])
        self.assertEqual(sarah.mobile, "+8613800138000")
        self.assertEqual(sarah.phone, "+862088881234")
        self.assertIn("Work phone: +862155550101", sarah.comment)
        wizard = self._import(
            "First Name,Last Name,Mobile Phone,Home Phone,Business Phone\n"
            f"Sarah,Miller,{MOBILE},{HOME},{WORK}\n"
        )
        self.assertEqual((wizard.created_count, wizard.skipped_count), (0, 1))
