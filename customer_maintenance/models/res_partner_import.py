from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from ..tools.phone_contacts import (
    E164_RE,
    normalize_email,
    normalize_name,
    normalize_phone,
    parse_birthday,
)

IMPORT_BATCH_SIZE = 1000
# E.164 numbers written in a partner's notes (the import keeps the numbers
# that are neither its phone nor its mobile there): matched like its phone
NOTE_NUMBER_SQL = r"(?:^|[^0-9+])(\+[1-9][0-9]{6,14})(?![0-9])"


class _NameIndex:
    """Who a contact without phone or e-mail can be: the partners of the
    current company (read on the first such contact) and the contacts created
    from the file, by normalized name and company name.

    Such a contact matches the one partner of that name and company when that
    partner has no phone or e-mail either, is the same contact again when the
    file already had it, and is an error when the name belongs to a partner
    (or a contact of the file) with a phone or e-mail, or to several. It is
    created only when nobody has that name."""

    def __init__(self, partners):
        self.partners = partners
        # key: [(("partner", id) or ("new", position), has phone or e-mail)]
        self.entries = defaultdict(list)
        self.loaded = False

    @staticmethod
    def key(contact):
        # the hash only: a 100k-row file keeps one int per contact, not strings
        return hash(
            (
                normalize_name(contact.get("name")),
                normalize_name(contact.get("company")),
            )
        )

    def add(self, contact, position, has_keys):
        entries = self.entries[self.key(contact)]
        if len(entries) < 2:  # two already make the name ambiguous
            entries.append((("new", position), has_keys))

    def match(self, contact):
        """(match or None, error message or None)"""
        if not self.loaded:
            for key, found in self.partners._phone_contact_names().items():
                self.entries[hash(key)][:0] = [
                    (("partner", partner_id), has_keys)
                    for partner_id, has_keys in found
                ]
            self.loaded = True
        entries = self.entries.get(self.key(contact), [])
        env = self.partners.env
        if len(entries) > 1:
            return None, env._(
                "No phone or e-mail, and several customers are named %(name)s: "
                "add a phone or e-mail to this row.",
                name=contact["name"],
            )
        if entries and entries[0][1]:
            return None, env._(
                "No phone or e-mail, and the customer named %(name)s has one: "
                "add it to this row.",
                name=contact["name"],
            )
        return (entries[0][0] if entries else None), None


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def default_get(self, fields_list):
        # the import passes every default in the values (read once per batch):
        # what create() asks for per record afterwards has none
        if self.env.context.get("phone_contact_defaults_given"):
            return {}
        return super().default_get(fields_list)

    @api.model
    def _import_phone_contacts(self, contacts, owner, categories=None, source=None):
        """Create or complete customers from phone contacts.

        ``contacts`` yields ``(row, contact dict or error message)``. A contact
        whose phone (E.164, the company's country as default region) or e-mail
        (case-folded) matches an existing partner only fills that partner's
        empty fields; a second contact matching the same keys in the file is a
        duplicate. Returns the counts and the ``(row, reason)`` errors.
        """
        region = self.env.company.country_id.code or None
        result = {"created": 0, "updated": 0, "skipped": 0, "errors": []}
        batch_vals = self._phone_contact_batch_vals(owner, categories, source)
        new, fills = [], {}
        for match, row, vals in self._phone_contact_sort(contacts, region, result):
            # created and filled a batch at a time, so that the memory stays
            # bounded whatever the size of the file
            if match is None:
                new.append((row, vals | batch_vals))
                if len(new) == IMPORT_BATCH_SIZE:
                    self._phone_contact_create(new, result)
                    new = []
            else:
                fills[match] = vals
                if len(fills) == IMPORT_BATCH_SIZE:
                    self._phone_contact_fill(fills, result)
                    fills = {}
        self._phone_contact_create(new, result)
        self._phone_contact_fill(fills, result)
        result["errors"].sort()
        return result

    @api.model
    def _phone_contact_sort(self, contacts, region, result):
        """Yield ``(None, row, vals)`` for a new partner and ``(partner id,
        row, vals)`` for a fill of an existing one; errors and duplicates go
        to ``result``.

        A contact without phone or e-mail is matched by its normalized name and
        company name (``_NameIndex``)."""
        index = self._phone_contact_index(region)
        names = _NameIndex(self)
        new_count, filled = 0, set()
        for row, contact in contacts:
            if isinstance(contact, str):
                result["errors"].append((row, contact))
                continue
            keys, error = self._phone_contact_keys(contact, region)
            if error:
                result["errors"].append((row, error))
                continue
            if keys:
                match = next((index[key] for key in keys if key in index), None)
            else:
                match, error = names.match(contact)
                if error:
                    result["errors"].append((row, error))
                    continue
            if match is None:
                for key in keys:
                    index[key] = ("new", new_count)
                names.add(contact, new_count, has_keys=bool(keys))
                new_count += 1
                yield None, row, self._phone_contact_vals(contact, region)
            elif match[0] == "new" or match[1] in filled:
                result["skipped"] += 1  # twice in the file
            else:
                filled.add(match[1])
                yield match[1], row, self._phone_contact_vals(contact, region)

    @api.model
    def _phone_contact_index(self, region):
        """{('phone', e164) | ('email', address): ('partner', id)} of the
        partners of the current company, read in one query: their phone,
        mobile and e-mail, then the E.164 numbers of their notes (where the
        import keeps a contact's further numbers)."""
        self.flush_model(
            ["phone", "mobile", "email_normalized", "company_id", "comment", "active"]
        )
        index, noted = {}, {}
        self.env.cr.execute(
            """
            SELECT id, phone, mobile, email_normalized,
                   CASE WHEN comment LIKE '%%+%%' THEN ARRAY(
                       SELECT found[1]
                         FROM regexp_matches(comment, %s, 'g') found
                   ) END
              FROM res_partner
             WHERE active
               AND (company_id IS NULL OR company_id = %s)
               AND (phone IS NOT NULL OR mobile IS NOT NULL
                    OR email_normalized IS NOT NULL OR comment LIKE '%%+%%')
          ORDER BY id DESC
            """,
            [NOTE_NUMBER_SQL, self.env.company.id],
        )
        for partner_id, phone, mobile, email, numbers in self.env.cr.fetchall():
            for number in (phone, mobile):
                # what an import stored is E.164 already: parse only the others
                e164 = number if number and E164_RE.match(number) else None
                e164 = e164 or normalize_phone(number, region)
                if e164:
                    index[("phone", e164)] = ("partner", partner_id)
            if email:
                index[("email", email.casefold())] = ("partner", partner_id)
            for number in numbers or ():
                noted[("phone", number)] = ("partner", partner_id)
        # a number that is someone's phone or mobile is theirs
        return noted | index

    @api.model
    def _phone_contact_names(self):
        """{(normalized name, normalized company name): [(id, has phone or
        e-mail), ...]} of the partners of the current company, at most two
        per key (two already make the name ambiguous)."""
        self.flush_model(
            [
                *("name", "phone", "mobile", "email", "company_id", "is_company"),
                *("commercial_company_name", "active"),
            ]
        )
        self.env.cr.execute(
            """
            SELECT id, name,
                   CASE WHEN NOT is_company THEN commercial_company_name END,
                   COALESCE(phone, '') <> '' OR COALESCE(mobile, '') <> ''
                   OR COALESCE(email, '') <> ''
              FROM res_partner
             WHERE active AND name IS NOT NULL
               AND (company_id IS NULL OR company_id = %s)
          ORDER BY id
            """,
            [self.env.company.id],
        )
        names = defaultdict(list)
        for partner_id, name, company, has_keys in self.env.cr.fetchall():
            entries = names[(normalize_name(name), normalize_name(company))]
            if len(entries) < 2:
                entries.append((partner_id, has_keys))
        return names

    @api.model
    def _phone_contact_keys(self, contact, region):
        keys = []
        for field in ("mobile", "phone"):
            if contact.get(field):
                e164 = normalize_phone(contact[field], region)
                if not e164:
                    return None, self.env._(
                        "%(value)s is not a phone number.", value=contact[field]
                    )
                keys.append(("phone", e164))
        for _kind, number in contact.get("other_phones", ()):
            e164 = normalize_phone(number, region)
            if e164:  # finds a partner that has it as phone or mobile
                keys.append(("phone", e164))
        if contact.get("email"):
            email = normalize_email(contact["email"])
            if not email:
                return None, self.env._(
                    "%(value)s is not an e-mail address.", value=contact["email"]
                )
            keys.append(("email", email))
        if not keys and not contact.get("name"):
            return None, self.env._("No name, phone or e-mail.")
        return keys, None

    @api.model
    def _phone_contact_vals(self, contact, region):
        phone = normalize_phone(contact.get("phone"), region)
        mobile = normalize_phone(contact.get("mobile"), region)
        birthday = parse_birthday(contact.get("birthday"))
        if birthday and birthday > fields.Date.context_today(self):
            birthday = None
        vals = {
            "name": contact.get("name") or mobile or phone or contact.get("email"),
            "phone": phone,
            "mobile": mobile,
            "email": (contact.get("email") or "").strip() or None,
            "company_name": contact.get("company") or None,
            "function": contact.get("function") or None,
            "birthdate_date": birthday,
            "comment": self._phone_contact_note(contact, region, {phone, mobile}),
        }
        return {key: value for key, value in vals.items() if value}

    @api.model
    def _phone_contact_note(self, contact, region, placed):
        """The contact's note, then one line per number that is neither the
        phone nor the mobile ("Work phone: +862155550101")."""
        labels = {
            "mobile": self.env._("Mobile"),
            "phone": self.env._("Phone"),
            "work": self.env._("Work phone"),
        }
        lines = [contact["note"]] if contact.get("note") else []
        for kind, number in contact.get("other_phones", ()):
            e164 = normalize_phone(number, region)
            if not e164 or e164 not in placed:
                lines.append(f"{labels[kind]}: {e164 or number}")
                placed.add(e164)
        return Markup("").join(Markup("<p>%s</p>") % line for line in lines) or None

    @api.model
    def _phone_contact_batch_vals(self, owner, categories, source):
        vals = {"customer_rank": 1, "maintenance_user_id": owner.id}
        if categories:
            vals["category_id"] = [(6, 0, categories.ids)]
        if source:
            vals["source_id"] = source.id
        return vals

    @api.model
    def _phone_contact_fill(self, fills, result):
        """Fill the empty fields of the matched partners (a batch): updated
        when they got something, skipped otherwise."""
        if not fills:
            return
        partners = self.browse(list(fills))
        partners.fetch(["phone", "mobile", "email", "function", "birthdate_date"])
        for partner in partners:
            vals = {
                key: value
                for key, value in fills[partner.id].items()
                if key in ("phone", "mobile", "email", "function", "birthdate_date")
                and not partner[key]
                and (key != "birthdate_date" or partner.can_edit_maintenance)
            }
            if vals:
                partner.with_context(tracking_disable=True).write(vals)
                result["updated"] += 1
            else:
                result["skipped"] += 1
        self.env.flush_all()
        self.env.invalidate_all()  # keeps the memory bounded
