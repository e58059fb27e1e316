"""Reading the contacts a salesperson exports from a phone or a mail client.

vCard files (3.0 and 4.0, several contacts a file, folded lines,
quoted-printable) and CSV exports of iPhone apps, Android / Google Contacts and
Outlook, in UTF-8, GBK/GB18030 or Big5, become plain dicts with the keys of
``FIELDS``. Nothing here touches the database.
"""

import csv
import io
import re
import unicodedata
from datetime import date

import chardet
import vobject

try:
    import phonenumbers
except ImportError:  # the import still works, phones are only cleaned up
    phonenumbers = None

FIELDS = ("name", "phone", "mobile", "email", "company", "function", "birthday", "note")

# CSV headers of the usual exports, compared by ``normalize_name`` (English,
# zh_CN and zh_TW: Google Contacts, Outlook, iPhone and Android apps)
HEADERS = {
    "name": [
        "name",
        "full name",
        "display name",
        "姓名",
        "全名",
        "联系人",
        "聯絡人",
        "显示名称",
        "顯示名稱",
    ],
    "first_name": ["first name", "given name", "firstname", "名"],
    "middle_name": ["middle name", "additional name", "中间名", "中間名"],
    "last_name": ["last name", "family name", "surname", "lastname", "姓", "姓氏"],
    "phone": [
        "phone",
        "business phone",
        "home phone",
        "phone 1 - value",
        "primary phone",
        "company main phone",
        "电话",
        "電話",
        "办公电话",
        "辦公電話",
    ],
    "mobile": [
        "mobile",
        "mobile phone",
        "cell phone",
        "phone 2 - value",
        "手机",
        "手機",
    ],
    "email": [
        "email",
        "e-mail",
        "e-mail address",
        "email address",
        "e-mail 1 - value",
        "email 1 - value",
        "邮箱",
        "电子邮件",
        "電子郵件",
    ],
    "company": [
        "company",
        "organization",
        "organization 1 - name",
        "organization name",
        "公司",
        "单位",
        "單位",
    ],
    "function": [
        "job title",
        "title",
        "organization 1 - title",
        "职位",
        "職位",
        "职务",
        "職務",
    ],
    "birthday": ["birthday", "生日"],
    "note": ["notes", "note", "备注", "備註"],
}
_HEADER_INDEX = {alias: key for key, aliases in HEADERS.items() for alias in aliases}
# "名字" is the full name, or the given name beside a family name column
# (Outlook zh_TW, iPhone apps: 名字 / 姓氏)
NAME_OR_GIVEN = {"名字"}
# what a broken card raises (vobject's errors derive from VObjectError)
VCARD_ERRORS = (vobject.base.VObjectError, ValueError, TypeError, AttributeError)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ContactFileError(ValueError):
    """The file cannot be read at all (not one of the supported formats)."""


def decode(data):
    """Bytes to text: UTF-8 (with or without BOM) first, else what chardet
    recognises among the Chinese encodings. Returns (text, encoding)."""
    guess = ""
    if not _is_utf8(data):
        guess = (chardet.detect(data[:200_000]).get("encoding") or "").lower()
    if not guess:
        candidates = ("utf-8-sig",)
    elif guess in ("gb2312", "gbk", "gb18030", "hz-gb-2312"):
        candidates = ("gb18030", "big5hkscs")
    elif guess.startswith("big5"):
        candidates = ("big5hkscs", "gb18030")
    else:
        candidates = (guess, "gb18030", "big5hkscs")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except (UnicodeDecodeError, LookupError):
            continue
    raise ContactFileError("The file is neither UTF-8, GBK nor Big5 text.")


def _is_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff_format(text):
    return "vcard" if "BEGIN:VCARD" in text[:4096].upper() else "csv"


# ----------------------------------------------------------------------
# vCard
# ----------------------------------------------------------------------


def parse_vcards(text):
    """Yield (card number, contact dict or error message)."""
    for number, card in enumerate(_vcard_components(text), start=1):
        try:
            yield number, _vcard_contact(card)
        except VCARD_ERRORS as error:
            yield number, f"vCard {number}: {error}"


def _vcard_components(text):
    # vobject reads 3.0 and 4.0 and unfolds lines; it stops at a broken card,
    # so cards are split first and read one by one
    for chunk in re.split(r"(?im)^(?=BEGIN:VCARD)", text):
        if chunk.strip().upper().startswith("BEGIN:VCARD"):
            try:
                yield next(vobject.readComponents(chunk, allowQP=True), None)
            except VCARD_ERRORS as error:
                yield error


def _vcard_contact(card):
    if card is None:
        raise ValueError("empty card")
    if isinstance(card, Exception):
        raise card
    contact = {}
    contact["name"] = _value(card, "fn") or _name_from_n(card)
    phones = [_tel(t) for t in card.contents.get("tel", [])]
    mobiles = [v for kind, v in phones if kind == "mobile"]
    others = [v for kind, v in phones if kind != "mobile"]
    contact["mobile"] = (
        mobiles[0] if mobiles else (others[1] if len(others) > 1 else "")
    )
    contact["phone"] = others[0] if others else ""
    contact["email"] = _value(card, "email")
    org = card.contents.get("org")
    if org:
        value = org[0].value
        contact["company"] = value[0] if isinstance(value, list) else value
    contact["function"] = _value(card, "title")
    contact["birthday"] = _value(card, "bday")
    contact["note"] = _value(card, "note")
    return {key: (value or "").strip() for key, value in contact.items()}


def _value(card, key):
    lines = card.contents.get(key)
    value = lines[0].value if lines else ""
    return value if isinstance(value, str) else ""


def _name_from_n(card):
    lines = card.contents.get("n")
    if not lines or isinstance(lines[0].value, str):
        return ""
    n = lines[0].value
    return full_name(_text(n.given), _text(n.family), _text(n.additional))


def _text(value):
    # vobject gives a list when a component holds several comma-separated values
    return " ".join(value) if isinstance(value, list) else value or ""


def _tel(line):
    # "TYPE=CELL" (3.0, 4.0) or a bare "CELL" (2.1)
    types = {
        t.lower()
        for t in [*line.params.get("TYPE", []), *getattr(line, "singletonparams", [])]
    }
    kind = "mobile" if types & {"cell", "mobile", "iphone"} else "phone"
    value = line.value
    if value.lower().startswith("tel:"):  # vCard 4.0 URIs
        value = value[4:]
    return kind, value


# ----------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------


def parse_csv(text):
    """Return (mapping {column header: field}, iterator of (line, dict))."""
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ContactFileError("The file is empty.") from None
    mapping = _map_header(header)
    if not set(mapping.values()) & {
        "name",
        "first_name",
        "last_name",
        "phone",
        "mobile",
        "email",
    }:
        raise ContactFileError(
            f"No name, phone or e-mail column found in the header: {', '.join(header)}"
        )
    columns = {header[index]: key for index, key in mapping.items()}
    return columns, _csv_rows(reader, mapping)


def _map_header(header):
    """{column index: field} for the first column of each field."""
    names = [normalize_name(column) for column in header]
    has_family = any(_HEADER_INDEX.get(name) == "last_name" for name in names)
    mapping = {}
    for index, name in enumerate(names):
        if name in NAME_OR_GIVEN:
            key = "first_name" if has_family else "name"
        else:
            key = _HEADER_INDEX.get(name)
        if key and key not in mapping.values():
            mapping[index] = key
    return mapping


def _csv_rows(reader, mapping):
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {
            key: row[index].strip()
            for index, key in mapping.items()
            if index < len(row)
        }
        if not values.get("name"):
            values["name"] = full_name(
                values.get("first_name"),
                values.get("last_name"),
                values.get("middle_name"),
            )
        yield line, {key: values.get(key, "") for key in FIELDS}


# Han (with extensions and compatibility ideographs), kana and hangul: the
# scripts whose names are written family name first, without spaces
EAST_ASIAN_RE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f]"
)


def full_name(given, family, middle=""):
    """A full name as a person of that script writes it.

    A family name in Chinese, Japanese or Korean characters comes first:
    '张' + '伟' is '张伟' (no space between two East Asian parts, one
    between an East Asian and a Latin part: '陈 Emily'). Otherwise the given
    name comes first: 'Emily' + 'Carter' is 'Emily Carter'. A middle name
    stays beside the given name."""
    given, family, middle = (
        " ".join((part or "").split()) for part in (given, family, middle)
    )
    east_asian = EAST_ASIAN_RE.search(family or given or middle)
    parts = [family, middle, given] if east_asian else [given, middle, family]
    name = ""
    for part in filter(None, parts):
        if name and not (EAST_ASIAN_RE.search(name[-1]) and EAST_ASIAN_RE.match(part)):
            name += " "
        name += part
    return name


# ----------------------------------------------------------------------
# Cleaning
# ----------------------------------------------------------------------


def normalize_phone(number, region):
    """E.164 ('+8613800138000'), or None when it is not a phone number."""
    number = (number or "").strip()
    if not number:
        return None
    if phonenumbers is None:
        digits = re.sub(r"[^\d+]", "", number)
        return digits if len(digits.lstrip("+")) >= 5 else None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_name(name):
    """The one key names are compared by: NFKC (full-width letters and spaces
    become plain ones), case-folded, whitespace collapsed to single spaces.
    'EMILY' in full-width letters and 'emily' are the same name."""
    text = unicodedata.normalize("NFKC", name or "")
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def normalize_email(email):
    email = (email or "").strip()
    return email.casefold() if EMAIL_RE.match(email) else None


def parse_birthday(value):
    """'1985-03-05', '19850305', '--0305' (no year): a date or None."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 8:
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None
    return None
