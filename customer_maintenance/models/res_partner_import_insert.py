"""Creating the new partners of a contact import a batch at a time."""

import psycopg2

from odoo import api, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# what creating one bad contact raises: Odoo's checks and the database's
CREATE_ERRORS = (UserError, ValueError, psycopg2.Error)
# What a contact of the file sets on a new partner, and the stored fields Odoo
# computes from them: the fast path computes these per row and copies every
# other column of a new partner from the first partner of its batch, which the
# ORM creates (``test_contact_import_fast.py`` compares the two ways).
ROW_FIELDS = (
    *("name", "phone", "mobile", "email", "company_name", "function"),
    *("birthdate_date", "comment"),
)
ROW_COMPUTED = (
    "complete_name",
    "commercial_company_name",
    "email_normalized",
    "phone_sanitized",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _phone_contact_create(self, new, result):
        """Create a batch: its first partner through the ORM (defaults,
        checks, owner rule), the others like it in one statement
        (``_phone_contact_insert_like``) when nothing else than the contact's
        own fields differs. When it fails, retry row by row through the ORM so
        that one bad contact does not stop the others."""
        if not new:
            return
        Partner = self.with_context(tracking_disable=True, mail_create_nolog=True)
        # the defaults, once: create() would compute them per record, one
        # of them (account's invoice template flag) with a query each
        defaults = Partner.default_get(list(Partner._fields))
        Partner = Partner.with_context(phone_contact_defaults_given=True)
        batch = [(row, defaults | vals) for row, vals in new]
        try:
            with self.env.cr.savepoint():
                vals_list = [vals for _row, vals in batch]
                if Partner._phone_contact_insertable(vals_list):
                    first = Partner.create(vals_list[0])
                    first._phone_contact_insert_like(vals_list[1:])
                else:
                    Partner.create(vals_list)
            result["created"] += len(batch)
        except CREATE_ERRORS:
            for row, vals in batch:
                try:
                    with self.env.cr.savepoint():
                        Partner.create(vals)
                    result["created"] += 1
                except CREATE_ERRORS as error:
                    result["errors"].append((row, str(error).splitlines()[0]))
        self.env.invalidate_all()  # keeps the memory bounded

    @api.model
    def _phone_contact_insertable(self, vals_list):
        """Whether the partners of ``vals_list`` can be made like the first:
        they differ in ``ROW_FIELDS`` only, and no stored field of res.partner
        (of any installed module) is computed from those but ``ROW_COMPUTED``."""
        if len(vals_list) < 2:
            return False
        computed = {
            field.name
            for name in ROW_FIELDS
            for field in self.pool.get_dependent_fields(self._fields[name])
            if field.model_name == self._name and field.store
        }
        if not computed.issubset(ROW_COMPUTED):
            return False
        first = {
            key: value for key, value in vals_list[0].items() if key not in ROW_FIELDS
        }
        return all(
            {key: value for key, value in vals.items() if key not in ROW_FIELDS}
            == first
            for vals in vals_list
        )

    def _phone_contact_row_values(self, vals):
        """The values of ``ROW_FIELDS`` and ``ROW_COMPUTED`` of a top-level
        individual (no parent, not a company), as Odoo computes them."""
        company_name = vals.get("company_name") or None
        name = vals.get("name") or ""
        return {
            **{name: vals.get(name) for name in ROW_FIELDS},
            # res.partner's _get_complete_name and _compute_commercial_company_name
            "complete_name": (
                f"{company_name}, {name}" if company_name else name
            ).strip(),
            "commercial_company_name": company_name,
            # mail.thread.blacklist and mail.thread.phone (the numbers are E.164)
            "email_normalized": tools.email_normalize(vals.get("email"), strict=False)
            or None,
            "phone_sanitized": vals.get("mobile") or vals.get("phone") or None,
        }

    def _phone_contact_insert_like(self, vals_list):
        """Insert new partners like ``self`` in one statement: the columns of
        ``ROW_FIELDS`` and ``ROW_COMPUTED`` from ``vals_list``, every other
        column and many2many of ``self``; each is its own commercial partner.
        See ``_phone_contact_insertable`` for when this gives what create()
        gives."""
        self.ensure_one()
        if not vals_list:
            return
        self.flush_model()
        own = (*ROW_FIELDS, *ROW_COMPUTED)
        columns = {name: [] for name in own}
        for vals in vals_list:
            for name, value in self._phone_contact_row_values(vals).items():
                columns[name].append(
                    self._fields[name].convert_to_column_insert(value, self)
                )
        stored = [
            field
            for field in self._fields.values()
            if field.store and field.column_type and field.name != "id"
        ]
        copied = [field for field in stored if field.name not in own]
        self.env.cr.execute(
            SQL(
                """
                WITH contact AS (
                    SELECT nextval(%(sequence)s) AS id, *
                      FROM unnest(%(arrays)s) AS given(%(own)s)
                )
                INSERT INTO res_partner (id, %(own)s, %(copied)s)
                SELECT contact.id, %(from_row)s, %(from_first)s
                  FROM contact, res_partner template
                 WHERE template.id = %(first)s
             RETURNING id
                """,
                sequence=f"{self._table}_id_seq",
                arrays=SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        columns[name],
                        SQL(self._fields[name].column_type[1]),
                    )
                    for name in own
                ),
                own=SQL(", ").join(SQL.identifier(name) for name in own),
                copied=SQL(", ").join(SQL.identifier(f.name) for f in copied),
                from_row=SQL(", ").join(
                    SQL.identifier("contact", name) for name in own
                ),
                from_first=SQL(", ").join(
                    SQL("contact.id")
                    if field.name == "commercial_partner_id"
                    else SQL.identifier("template", field.name)
                    for field in copied
                ),
                first=self.id,
            )
        )
        ids = [partner_id for (partner_id,) in self.env.cr.fetchall()]
        for field in self._fields.values():
            if field.type == "many2many" and field.store:
                self.env.cr.execute(
                    SQL(
                        """
                        INSERT INTO %(table)s (%(mine)s, %(theirs)s)
                        SELECT new.id, rel.%(theirs)s
                          FROM unnest(%(ids)s::int[]) AS new(id), %(table)s rel
                         WHERE rel.%(mine)s = %(first)s
                        """,
                        table=SQL.identifier(field.relation),
                        mine=SQL.identifier(field.column1),
                        theirs=SQL.identifier(field.column2),
                        ids=ids,
                        first=self.id,
                    )
                )
        self.invalidate_model()
