import base64
from unittest.mock import patch

from odoo.tests import tagged

from ..models.res_partner_import_insert import ROW_FIELDS
from .common import CustomerMaintenanceCase

# every kind of row: all fields, a company, a note with a further number, a
# birthday; phone only; e-mail only; name only
CONTACTS = [
    {
        "name": "张伟",
        "mobile": "138 0013 8000",
        "phone": "020 8888 1234",
        "email": "Zhang.Wei@Example.com",
        "company": "华鑫贸易",
        "function": "采购经理",
        "birthday": "1980-05-04",
        "note": "Likes <green> tea",
        "other_phones": [("work", "021 5555 0101")],
    },
    {"name": "Emily Carter", "phone": "+1 503 555 0142", "other_phones": []},
    {"email": "only.mail@example.com", "other_phones": []},
    {"name": "周杰", "company": "Greenleaf", "other_phones": []},
]


@tagged("post_install", "-at_install")
class TestContactImportFastPath(CustomerMaintenanceCase):
    """The import inserts all but the first partner of a batch in one SQL
    statement, copying the columns it does not compute from the first one,
    which the ORM creates. This compares every stored field of partners made
    that way with partners the ORM creates from the same values: when Odoo or
    a module adds a field that depends on the row, this test fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        cls.tags = cls.env["res.partner.category"].create(
            [{"name": "Imported"}, {"name": "Family"}]
        )
        cls.source = cls.env["customer.source"].create({"name": "Phone Book"})

    def _create(self, fast):
        Partner = self.env["res.partner"].with_user(self.rep)
        region = "CN"
        batch_vals = Partner._phone_contact_batch_vals(self.rep, self.tags, self.source)
        # the first row again at the top: the ORM makes it in both cases
        new = [
            (row, Partner._phone_contact_vals(contact, region) | batch_vals)
            for row, contact in enumerate([CONTACTS[0], *CONTACTS], start=2)
        ]
        result = {"created": 0, "errors": []}
        inserted = self._inserted_rows()
        if fast:
            self.assertTrue(
                Partner._phone_contact_insertable([vals for _row, vals in new])
            )
            Partner._phone_contact_create(new, result)
        else:
            with patch.object(
                type(Partner), "_phone_contact_insertable", return_value=False
            ):
                Partner._phone_contact_create(new, result)
        self.assertEqual(result, {"created": 5, "errors": []})
        self.env.flush_all()
        after = self._inserted_rows()
        inserted = {
            table: count - inserted.get(table, 0)
            for table, count in after.items()
            if count != inserted.get(table, 0)
        }
        return Partner.search([], order="id desc", limit=4)[::-1], inserted

    def _inserted_rows(self):
        """{table: rows inserted in this transaction so far}"""
        self.env.cr.execute(
            """SELECT relname, n_tup_ins
                 FROM pg_stat_xact_user_tables
                WHERE n_tup_ins > 0"""
        )
        return dict(self.env.cr.fetchall())

    def _stored(self, partner):
        values = {}
        for name, field in partner._fields.items():
            # write_uid: a batched create() of Odoo ends with a recomputation as
            # the superuser, a single one not; the fast path keeps the importer
            if not field.store or name in ("id", "create_date", "write_date"):
                continue
            if name == "write_uid":
                continue
            if field.type in ("many2many", "one2many"):
                values[name] = set(partner[name].ids)
            elif name == "commercial_partner_id":
                values[name] = partner[name] == partner
            elif field.type == "many2one":
                values[name] = partner[name].id
            else:
                values[name] = partner[name]
        return values

    def test_fast_path_gives_what_create_gives(self):
        fast, fast_inserted = self._create(fast=True)
        orm, orm_inserted = self._create(fast=False)
        # what create() adds elsewhere (followers, messages, records of other
        # modules) the fast path would not: the same rows in the same tables
        self.assertEqual(fast_inserted, orm_inserted)
        self.assertEqual(fast_inserted.get("res_partner"), 5)
        fast = self.env["res.partner"].browse(fast.ids)
        orm = self.env["res.partner"].browse(orm.ids)
        self.env.invalidate_all()
        for by_sql, by_orm, contact in zip(fast, orm, CONTACTS, strict=True):
            with self.subTest(contact=contact.get("name") or contact.get("email")):
                self.assertNotEqual(by_sql, by_orm)
                sql_values, orm_values = self._stored(by_sql), self._stored(by_orm)
                self.assertEqual(
                    {
                        name: (value, orm_values[name])
                        for name, value in sql_values.items()
                        if value != orm_values[name]
                    },
                    {},
                    "fields the fast path sets otherwise than create()",
                )
        # what the tests of the import rely on, spelt out
        zhang = fast[0]
        self.assertEqual(zhang.complete_name, "华鑫贸易, 张伟")
        self.assertEqual(zhang.commercial_partner_id, zhang)
        self.assertEqual(zhang.email_normalized, "zhang.wei@example.com")
        self.assertEqual(zhang.phone_sanitized, "+8613800138000")
        self.assertEqual(zhang.maintenance_user_id, self.rep)
        self.assertEqual(zhang.category_id, self.tags)
        self.assertEqual(zhang.source_id, self.source)
        self.assertEqual((zhang.customer_rank, zhang.active), (1, True))
        self.assertIn("Work phone: +862155550101", zhang.comment)

    def test_row_fields_are_the_only_differences(self):
        Partner = self.env["res.partner"]
        vals = Partner._phone_contact_vals(CONTACTS[0], "CN")
        self.assertTrue(set(vals) <= set(ROW_FIELDS))
        other_owner = Partner._phone_contact_batch_vals(self.manager, None, None)
        self.assertFalse(
            Partner._phone_contact_insertable(
                [
                    vals | Partner._phone_contact_batch_vals(self.rep, None, None),
                    vals | other_owner,
                ]
            )
        )

    def test_note_numbers_match_on_reimport(self):
        # the work number goes to the notes: the home number is the phone
        first = self._import(
            "Name,Home Phone,Business Phone\n吴磊,020 8888 1234,021 5555 0101\n"
        )
        self.assertEqual(first.created_count, 1)
        wizard = self._import("Name,Business Phone\n吴磊,021 5555 0101\n")
        self.assertEqual((wizard.created_count, wizard.skipped_count), (0, 1))

    def _import(self, content):
        wizard = (
            self.env["customer.contact.import"]
            .with_user(self.rep)
            .create({"file": base64.b64encode(content.encode()), "filename": "c.csv"})
        )
        wizard.action_preview()
        wizard.action_import()
        return wizard
