"""Benchmark: importing phone contacts (CSV and vCard), 2,000 and 100,000 rows.

    python3 tests/benchmarks/bench_import.py [--sizes 2000 100000]

Creates a database (``cm_bench_import``, dropped at the end unless --keep),
then for each size writes a Google Contacts CSV (GBK) and a vCard file with
5% of the rows repeated and 1% of bad phone numbers, and imports each twice
(the second import finds everything already there). Prints seconds, rows per
second, created / updated / skipped / errors, SQL statements and the peak RSS,
then the floor: one plain batched ``create`` of the same new partners.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import sys

from common import Timer, fresh_database, peak_rss_mb

HEADER = "Name,Phone 1 - Value,E-mail 1 - Value,Organization 1 - Name\n"


def make_rows(size, prefix):
    rows = []
    for n in range(size):
        if n % 20 == 19:
            rows.append(rows[n - 7])  # a duplicate in the file
            continue
        phone = "not a phone" if n % 100 == 42 else f"139{prefix}{n:07d}"
        rows.append((f"客户 {prefix}-{n}", phone, f"c{prefix}{n}@example.com", "公司"))
    return rows


def as_csv(rows):
    lines = [HEADER] + [",".join(row) + "\n" for row in rows]
    return "".join(lines).encode("gbk")


def as_vcard(rows):
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL;TYPE=CELL:{phone}\r\n"
        f"EMAIL:{email}\r\nORG:{company}\r\nEND:VCARD\r\n"
        for name, phone, email, company in rows
    ]
    return "".join(cards).encode("utf-8")


def run(env, data, filename):
    import base64

    wizard = env["customer.contact.import"].create(
        {
            "file": base64.b64encode(data),
            "filename": filename,
            "owner_id": env.ref("base.user_admin").id,
        }
    )
    with Timer(env.cr) as timer:
        wizard.action_preview()
        wizard.action_import()
        env.flush_all()
    env.cr.commit()
    return timer, wizard


def bare_create(env, rows):
    """Seconds of one plain batched ``create`` of the new partners of the file
    (what Odoo's ORM costs without reading, matching or cleaning), rolled back."""
    Partner = env["res.partner"].with_context(
        tracking_disable=True, mail_create_nolog=True
    )
    vals = [
        {"name": name, "mobile": f"+86{phone}", "email": email, "company_name": org}
        for name, phone, email, org in dict.fromkeys(rows)
        if phone.isdigit()
    ]
    with Timer(env.cr) as timer:
        for start in range(0, len(vals), 1000):
            Partner.create(vals[start : start + 1000])
            env.flush_all()
            env.invalidate_all()
    env.cr.rollback()
    return timer.seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 100_000])
    parser.add_argument("--database", default="cm_bench_import")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    with fresh_database(args.database, keep=args.keep) as env:
        env.company.country_id = env.ref("base.cn")
        for index, size in enumerate(args.sizes):
            rows = make_rows(size, index + 1)
            for kind, make, name in (
                ("CSV (GBK)", as_csv, "contacts.csv"),
                ("vCard", as_vcard, "contacts.vcf"),
            ):
                data = make(rows)  # one file at a time in memory
                for attempt in ("first import", "same file again"):
                    timer, wizard = run(env, data, name)
                    env.invalidate_all()  # the wizard's file leaves the cache
                    print(
                        f"{size} rows, {kind}, {attempt}: {timer.seconds:.1f} s, "
                        f"{size / timer.seconds:.0f} rows/s, "
                        f"created {wizard.created_count}, updated "
                        f"{wizard.updated_count}, skipped {wizard.skipped_count}, "
                        f"errors {wizard.error_count}, {timer.queries} SQL statements, "
                        f"peak RSS {peak_rss_mb():.0f} MB"
                    )
            print(f"{size} rows, floor: {bare_create(env, rows):.1f} s")
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
