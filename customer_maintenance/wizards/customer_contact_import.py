import base64
import csv
import io

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import phone_contacts

PREVIEW_ROWS = 5


class CustomerContactImport(models.TransientModel):
    _name = "customer.contact.import"
    _description = "Import Phone Contacts"

    file = fields.Binary(string="Contacts File", required=True)
    filename = fields.Char()
    owner_id = fields.Many2one(
        "res.users",
        string="Maintenance Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    category_ids = fields.Many2many("res.partner.category", string="Tags")
    source_id = fields.Many2one("customer.source", string="Source Channel")
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")],
        default="upload",
    )
    file_format = fields.Char(string="Format", readonly=True)
    encoding = fields.Char(readonly=True)
    mapping = fields.Text(string="Columns", readonly=True)
    preview = fields.Html(readonly=True, sanitize=False)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Duplicates Skipped", readonly=True)
    error_count = fields.Integer(string="Errors", readonly=True)
    error_file = fields.Binary(string="Errors (CSV)", readonly=True)
    error_filename = fields.Char(readonly=True)

    def _read(self):
        """(format, encoding, column mapping, iterator of (row, contact))."""
        self.ensure_one()
        try:
            text, encoding = phone_contacts.decode(
                base64.b64decode(self.file or b""), self.encoding
            )
            file_format = phone_contacts.sniff_format(text)
            if file_format == "vcard":
                return file_format, encoding, {}, phone_contacts.parse_vcards(text)
            mapping, rows = phone_contacts.parse_csv(text)
        except phone_contacts.ContactFileError as error:
            raise UserError(
                self.env._("This file cannot be imported: %s", error)
            ) from error
        return file_format, encoding, mapping, rows

    def action_preview(self):
        self.ensure_one()
        file_format, encoding, mapping, rows = self._read()
        first = []
        for row, contact in rows:
            first.append((row, contact))
            if len(first) == PREVIEW_ROWS:
                break
        self.write(
            {
                "state": "preview",
                "file_format": "vCard" if file_format == "vcard" else "CSV",
                "encoding": encoding,
                "mapping": "\n".join(
                    f"{column} → {field}" for column, field in mapping.items()
                ),
                "preview": self._preview_table(first),
            }
        )
        return self._reopen()

    @api.model
    def _preview_table(self, rows):
        labels = [
            self.env._("Row"),
            self.env._("Name"),
            self.env._("Mobile"),
            self.env._("Phone"),
            self.env._("E-mail"),
            self.env._("Company"),
            self.env._("Other Phones"),
        ]
        head = Markup("").join(Markup("<th>%s</th>") % label for label in labels)
        body = Markup("")
        for row, contact in rows:
            if isinstance(contact, str):
                cells = [row, contact, "", "", "", "", ""]
            else:
                cells = [
                    row,
                    *(
                        contact.get(key, "")
                        for key in ("name", "mobile", "phone", "email", "company")
                    ),
                    ", ".join(number for _kind, number in contact["other_phones"]),
                ]
            body += Markup("<tr>%s</tr>") % Markup("").join(
                Markup("<td>%s</td>") % escape(cell) for cell in cells
            )
        return Markup(
            '<table class="table table-sm o_list_table"><thead><tr>%s</tr></thead>'
            "<tbody>%s</tbody></table>"
        ) % (head, body)

    def action_import(self):
        self.ensure_one()
        if self.owner_id != self.env.user and not self.env.user._has_group(
            "customer_maintenance.group_manager"
        ):
            raise UserError(
                self.env._(
                    "Only Customer Maintenance managers can import contacts for "
                    "another owner than themselves."
                )
            )
        _format, _encoding, _mapping, rows = self._read()
        result = self.env["res.partner"]._import_phone_contacts(
            rows, self.owner_id, self.category_ids, self.source_id
        )
        self.write(
            {
                "state": "done",
                "created_count": result["created"],
                "updated_count": result["updated"],
                "skipped_count": result["skipped"],
                "error_count": len(result["errors"]),
                "error_file": result["errors"] and self._errors_csv(result["errors"]),
                "error_filename": result["errors"]
                and f"{(self.filename or 'contacts').rsplit('.', 1)[0]}-errors.csv",
            }
        )
        return self._reopen()

    @api.model
    def _errors_csv(self, errors):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([self.env._("Row"), self.env._("Reason")])
        writer.writerows(errors)
        return base64.b64encode(out.getvalue().encode("utf-8-sig"))

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Phone Contacts"),
        }
