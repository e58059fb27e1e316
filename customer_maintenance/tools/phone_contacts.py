"""Reading the contacts a salesperson exports from a phone or a mail client.

vCard files (3.0 and 4.0, several contacts a file, folded lines,
quoted-printable) and CSV exports of iPhone apps, Android / Google Contacts and
Outlook, in UTF-8, GBK/GB18030 or Big5, become plain dicts with the keys of
``FIELDS``. Nothing here touches the database.
"""

import csv
import functools
import io
import re
import unicodedata
from collections import defaultdict
from datetime import date

import chardet
import vobject

try:
    import phonenumbers
except ImportError:  # the import still works, phones are only cleaned up
    phonenumbers = None

FIELDS = ("name", "phone", "mobile", "email", "company", "function", "birthday", "note")
# what a phone number is, from its column header or its type label: Google's
# "Phone 1 - Type" values (with "* " on the primary one), Outlook's columns,
# the labels of iPhone (also "_$!<Mobile>!$_" in vCards) and Android
PHONE_KINDS = {
    "mobile": [
        "mobile",
        "cell",
        "cellular",
        "iphone",
        "car",
        "手机",
        "手機",
        "移动",
        "移動",
        "行动",
        "行動",
        "移动电话",
        "行動電話",
        "手提",
    ],
    "work": [
        "work",
        "business",
        "company",
        "company main",
        "office",
        "工作",
        "单位",
        "單位",
        "公司",
        "商务",
        "商務",
        "办公",
        "辦公",
        "公司主要",
        "单位主要",
        "公司代表線",
    ],
    "phone": [
        "phone",
        "telephone",
        "tel",
        "voice",
        "home",
        "main",
        "primary",
        "other",
        "住宅",
        "住家",
        "家庭",
        "家",
        "主要",
        "其他",
        "电话",
        "電話",
    ],
    # not the customer's phone: not imported
    "skip": [
        "fax",
        "work fax",
        "home fax",
        "other fax",
        "business fax",
        "pager",
        "homefax",
        "workfax",
        "otherfax",
        "assistant",
        "assistant's",
        "callback",
        "radio",
        "telex",
        "tty/tdd",
        "isdn",
        "传真",
        "傳真",
        "商务传真",
        "商務傳真",
        "住宅传真",
        "住家傳真",
        "寻呼机",
        "呼叫器",
        "助理",
    ],
}
_PHONE_KIND_INDEX = {
    label: kind for kind, labels in PHONE_KINDS.items() for label in labels
}
PHONE_LABELS = {"mobile": "mobile", "phone": "phone", "work": "work phone"}
# Google's numbered pairs: "Phone 1 - Type" (old export) or "Phone 1 - Label"
# (new export) beside "Phone 1 - Value"
PHONE_PAIR_RE = re.compile(r"^(?:phone|电话|電話)\s*(\d+)\s*-?\s*(type|label|value)$")
# "Business Phone 2", "商务电话", "手机号码": a label followed by a phone word
PHONE_WORD_RE = re.compile(r"^(.*?)\s*(?:phone|number|电话|電話|号码|號碼)$")
# headers that are a phone column by their label alone (iPhone and Android
# apps name the columns after the labels)
PHONE_HEADER_LABELS = {
    "phone",
    "telephone",
    "电话",
    "電話",
    "公司代表線",
    "mobile",
    "cell",
    "iphone",
    "work",
    "home",
    "main",
    "手机",
    "手機",
    "移动电话",
    "行動電話",
    "工作",
    "住宅",
    "住家",
    "主要",
}

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
        "电子邮件地址",
        "電子郵件地址",
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
        "organization title",
        "职位",
        "职称",
        "職稱",
        "職位",
        "职务",
        "職務",
    ],
    "birthday": ["birthday", "生日"],
    "note": ["notes", "note", "备注", "備註", "附註", "記事"],
}
_HEADER_INDEX = {alias: key for key, aliases in HEADERS.items() for alias in aliases}
# "名字" is the full name, or the given name beside a family name column
# (Outlook zh_TW, iPhone apps: 名字 / 姓氏)
NAME_OR_GIVEN = {"名字"}
# what a broken card raises (vobject's errors derive from VObjectError)
VCARD_ERRORS = (vobject.base.VObjectError, ValueError, TypeError, AttributeError)
VCARD_START_RE = re.compile(r"(?im)^BEGIN:VCARD")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ContactFileError(ValueError):
    """The file cannot be read at all (not one of the supported formats)."""


def decode(data, known=None):
    """Bytes to text: the ``known`` encoding (found by an earlier call), else
    UTF-8 (with or without BOM), else what chardet recognises among the
    Chinese encodings in the first 64 kB. Returns (text, encoding)."""
    guess = ""
    if known:
        guess = "utf-8-sig" if known == "utf-8" else known
    elif not _is_utf8(data):
        guess = (chardet.detect(data[:65_536]).get("encoding") or "").lower()
    if not guess or guess == "utf-8-sig":
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
    # (one card at a time: a list of every card would double the memory)
    starts = [match.start() for match in VCARD_START_RE.finditer(text)]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[start:end]
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
    labels = {  # iPhone: "item1.TEL:..." and "item1.X-ABLabel:_$!<Mobile>!$_"
        line.group.lower(): line.value
        for line in card.contents.get("x-ablabel", [])
        if line.group and isinstance(line.value, str)
    }
    phones = [_tel(line, labels) for line in card.contents.get("tel", [])]
    contact["mobile"], contact["phone"], others = assign_phones(phones)
    contact["email"] = _value(card, "email")
    org = card.contents.get("org")
    if org:
        value = org[0].value
        contact["company"] = value[0] if isinstance(value, list) else value
    contact["function"] = _value(card, "title")
    contact["birthday"] = _value(card, "bday")
    contact["note"] = _value(card, "note")
    contact = {key: (value or "").strip() for key, value in contact.items()}
    contact["other_phones"] = others
    return contact


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


def _tel(line, labels):
    """(kind, number): the iPhone label of the line's group, else its types
    ("TYPE=CELL" in 3.0 and 4.0, a bare "CELL" in 2.1)."""
    value = line.value if isinstance(line.value, str) else ""
    if value.lower().startswith("tel:"):  # vCard 4.0 URIs
        value = value[4:]
    label = labels.get((line.group or "").lower())
    kind = label and phone_kind(label)
    if kind:
        return kind, value
    types = {
        t.lower()
        for t in [*line.params.get("TYPE", []), *getattr(line, "singletonparams", [])]
        for t in t.split(",")
    }
    if types & {"cell", "mobile", "iphone"}:
        return "mobile", value
    if types & {"fax", "pager"}:
        return "skip", value
    return ("work" if "work" in types else "phone"), value


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
    mapping, phones = _map_header(header)
    if not phones and not set(mapping.values()) & {
        "name",
        "first_name",
        "last_name",
        "email",
    }:
        raise ContactFileError(
            f"No name, phone or e-mail column found in the header: {', '.join(header)}"
        )
    columns = {header[index]: key for index, key in mapping.items()}
    for value, kind, type_column in phones:
        if kind:
            columns[header[value]] = PHONE_LABELS[kind]
        elif type_column is None:
            columns[header[value]] = PHONE_LABELS["phone"]
        else:
            columns[header[value]] = f"{PHONE_LABELS['phone']} ({header[type_column]})"
    return columns, _csv_rows(reader, mapping, phones)


def _map_header(header):
    """({column index: field} for the first column of each field,
    [(value column, kind or None, type column or None)] of the phones)."""
    names = [normalize_name(column) for column in header]
    has_family = any(_HEADER_INDEX.get(name) == "last_name" for name in names)
    mapping, phones, pairs = {}, [], defaultdict(dict)
    for index, name in enumerate(names):
        if name in NAME_OR_GIVEN:
            key = "first_name" if has_family else "name"
        else:
            key = _HEADER_INDEX.get(name)
        if key:
            if key not in mapping.values():
                mapping[index] = key
        elif pair := PHONE_PAIR_RE.match(name):
            part = "value" if pair[2] == "value" else "type"
            pairs[pair[1]].setdefault(part, index)
        elif kind := _phone_header_kind(name):
            phones.append((index, kind, None))
    for pair in pairs.values():
        if "value" in pair:
            phones.append((pair["value"], None, pair.get("type")))
    phones.sort()
    return mapping, [phone for phone in phones if phone[1] != "skip"]


def _phone_header_kind(name):
    """The kind of the phone column of that (normalized) header, or None
    when it is not a phone column."""
    if name in PHONE_HEADER_LABELS:
        return _PHONE_KIND_INDEX[name]
    words = PHONE_WORD_RE.match(re.sub(r"\s*\d$", "", name))
    return words and _PHONE_KIND_INDEX.get(words[1])


def phone_kind(label):
    """'mobile', 'work', 'phone' or 'skip' (fax, pager...) for a phone type
    label: Google's "* Mobile", iPhone's "_$!<Work>!$_", "手机". An unknown
    (custom) label is a phone."""
    label = normalize_name(label).removeprefix("* ")
    if label.startswith("_$!<") and label.endswith(">!$_"):
        label = label[4:-4]
    if label in _PHONE_KIND_INDEX:
        return _PHONE_KIND_INDEX[label]
    words = PHONE_WORD_RE.match(label)
    return (words and _PHONE_KIND_INDEX.get(words[1])) or "phone"


def assign_phones(phones):
    """Place the ``(kind, number)`` of a contact, in file order:
    (mobile, phone, other numbers as [(kind, number)]).

    The first mobile number is the mobile; the first home / main / other
    number is the phone, or else the first work number. Every further number
    (a work number beside a home one, a second mobile) is returned with its
    kind, for the notes. Faxes and pagers are dropped."""
    placed, seen = [], set()
    for kind, number in phones:
        number = (number or "").strip()
        if kind == "skip" or not number or number in seen:
            continue
        seen.add(number)
        placed.append((kind, number))
    mobile = next((p for p in placed if p[0] == "mobile"), None)
    phone = next((p for p in placed if p[0] == "phone"), None) or next(
        (p for p in placed if p[0] == "work"), None
    )
    others = [p for p in placed if p is not mobile and p is not phone]
    return (mobile or ("", ""))[1], (phone or ("", ""))[1], others


def _csv_rows(reader, mapping, phone_columns):
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
        contact = {key: values.get(key, "") for key in FIELDS}
        phones = []
        for value, kind, type_column in phone_columns:
            numbers = row[value] if value < len(row) else ""
            if not numbers.strip():
                continue
            if not kind:
                has_type = type_column is not None and type_column < len(row)
                kind = phone_kind(row[type_column] if has_type else "")
            # Google writes several numbers of one type as "a ::: b"
            phones += [(kind, number) for number in numbers.split(":::")]
        contact["mobile"], contact["phone"], contact["other_phones"] = assign_phones(
            phones
        )
        yield line, contact


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


E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")


@functools.lru_cache(maxsize=4096)  # a row's numbers are cleaned up several times
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
