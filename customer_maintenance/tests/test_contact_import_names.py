import base64

from odoo.tests import TransactionCase, tagged

from ..tools.phone_contacts import full_name, parse_csv, parse_vcards

# (format, header, row, expected full name)
SPLIT_NAMES = [
    ("Google (old)", "Name,Given Name,Additional Name,Family Name", ",伟,,张", "张伟"),
    ("Google (old)", "Name,Given Name,Family Name", ",Emily,Carter", "Emily Carter"),
    ("Google", "First Name,Middle Name,Last Name", "Mary,Ann,Smith", "Mary Ann Smith"),
    ("Google", "First Name,Middle Name,Last Name", "建國,,陳", "陳建國"),
    ("Outlook", "First Name,Middle Name,Last Name", "Emily,,Carter", "Emily Carter"),
    ("Outlook zh_CN", "名,中间名,姓", "伟,,张", "张伟"),
    ("Outlook zh_TW", "名字,中間名,姓氏", "建國,,陳", "陳建國"),
    ("Outlook zh_TW", "名字,中間名,姓氏", "Emily,,Carter", "Emily Carter"),
    ("iPhone app zh_CN", "姓氏,名字,手机", "王,芳,", "王芳"),
    ("iPhone app", "First name,Last name", "Laura,Chen", "Laura Chen"),
    ("Android", "Given name,Family name", "민준,김", "김민준"),
    ("Full name only", "名字", "张伟", "张伟"),
    ("Full name only", "姓名", "陳建國", "陳建國"),
    ("Mixed scripts", "First Name,Last Name", "Emily,陈", "陈 Emily"),
    (
        "Full-width header",
        "\uff26\uff49\uff52\uff53\uff54 Name,LAST  NAME",
        "A,B",
        "A B",
    ),
]

VCARD_WITHOUT_FN = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:张;伟;;;\r\nTEL:13800138000\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Carter;Emily;Jane;Dr.;\r\nEND:VCARD\r\n"
)


@tagged("post_install", "-at_install")
class TestContactImportNames(TransactionCase):
    def test_full_name_by_script(self):
        self.assertEqual(full_name("伟", "张"), "张伟")
        self.assertEqual(full_name("太郎", "山田"), "山田太郎")
        self.assertEqual(full_name(" Emily ", "Carter"), "Emily Carter")
        self.assertEqual(full_name("", "王"), "王")
        self.assertEqual(full_name(None, None), "")

    def test_split_name_columns_of_every_export(self):
        for source, header, row, expected in SPLIT_NAMES:
            with self.subTest(source=source, header=header, row=row):
                _mapping, rows = parse_csv(f"{header}\n{row}\n")
                (_line, contact), *_rest = rows
                self.assertEqual(contact["name"], expected)

    def test_given_name_column_is_named_in_the_mapping(self):
        mapping, _rows = parse_csv("名字,姓氏\n伟,张\n")
        self.assertEqual(mapping, {"名字": "first_name", "姓氏": "last_name"})
        mapping, _rows = parse_csv("名字,手机\n张伟,13800138000\n")
        self.assertEqual(mapping["名字"], "name")

    def test_vcard_name_without_fn(self):
        names = [contact["name"] for _n, contact in parse_vcards(VCARD_WITHOUT_FN)]
        self.assertEqual(names, ["张伟", "Emily Jane Carter"])

    def test_import_keeps_the_full_name(self):
        content = "名字,姓氏,电子邮件\n伟,张,zw@example.com\n"
        wizard = self.env["customer.contact.import"].create(
            {
                "file": base64.b64encode(content.encode("gb18030")),
                "filename": "c.csv",
                "owner_id": self.env.ref("base.user_admin").id,
            }
        )
        wizard.action_preview()
        self.assertIn("张伟", wizard.preview)
        wizard.action_import()
        partner = self.env["res.partner"].search([("email", "=", "zw@example.com")])
        self.assertEqual(partner.name, "张伟")
        # Odoo's defaults, given once per batch, are all there
        self.assertEqual(
            (partner.type, partner.active, partner.lang, partner.customer_rank),
            ("contact", True, "en_US", 1),
        )
        self.assertTrue(partner.property_account_receivable_id)
