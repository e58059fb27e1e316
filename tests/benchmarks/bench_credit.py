"""Benchmark: credit and payments over 100k customers, 1M invoice lines.

    python3 tests/benchmarks/bench_credit.py [--customers 100000] [--lines 1000000]

Creates a database (``cm_bench_credit``, dropped at the end unless --keep),
generates customers and posted invoices over 24 months (as bench_tiers does),
pays about 70% of the invoices (a payment entry, its receivable line and the
partial reconciliation each), gives 10% of the customers a credit limit, then
prints the seconds and SQL statements of:

- the bare SQL aggregate of the open receivable items per customer;
- the nightly rating, first run (every customer rated) and second run;
- *Rate Now* on one customer: the one with the most invoices, and a typical
  one;
- what the accountant's *Credit & Payments* list does: a page of 80 customers
  with every column, and the filters *Over Credit Limit*, *Overdue More Than
  30 Days*, *Rating C or D*, grouped by rating;
- the export of every customer's credit figures, read in batches of 1,000;
- the invoiced-versus-collected graph of one customer and of everyone.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import sys
from datetime import date

from bench_tiers import generate
from common import Timer, fresh_database, peak_rss_mb

LIST_FIELDS = [
    "complete_name",
    "maintenance_user_id",
    "credit_limit",
    "credit_receivable",
    "credit_overdue",
    "credit_overdue_days",
    "credit_aging_not_due",
    "credit_aging_1_30",
    "credit_aging_31_60",
    "credit_aging_61_90",
    "credit_aging_90_plus",
    "credit_utilisation",
    "payment_avg_days",
    "payment_on_time_ratio",
    "credit_rating",
    "credit_hold",
]


def pay(env, share=0.7):
    """Pay ``share`` of the invoices 0 to 60 days after their date (due after
    30): one entry per payment, its receivable line reconciled with the
    invoice's. Returns the number of payments."""
    cr = env.cr
    company = env.company
    bank = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    receivable = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "asset_receivable")],
        limit=1,
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_paid AS
        SELECT line.id AS line_id, move.partner_id, move.journal_id,
               line.balance AS amount,
               LEAST(move.invoice_date + (random() * 60)::int, %(today)s::date)
                   AS paid_date
          FROM account_move move
          JOIN account_move_line line
            ON line.move_id = move.id AND line.account_id = %(receivable)s
         WHERE move.name LIKE 'BENCH/%%'
           AND move.move_type = 'out_invoice'
           AND random() < %(share)s;
        INSERT INTO account_move (name, move_type, state, date, journal_id,
                                  company_id, currency_id, partner_id,
                                  commercial_partner_id, auto_post, amount_total,
                                  amount_total_signed, create_date, write_date)
        SELECT 'BPAY/' || line_id, 'entry', 'posted', paid_date, %(bank)s,
               %(company)s, %(currency)s, partner_id, partner_id, 'no', amount,
               amount, NOW(), NOW()
          FROM bench_paid;
        CREATE TEMP TABLE bench_payment AS
        SELECT paid.*, move.id AS move_id
          FROM bench_paid paid
          JOIN account_move move ON move.name = 'BPAY/' || paid.line_id;
        INSERT INTO account_move_line (move_id, journal_id, company_id, account_id,
                                       partner_id, date, parent_state, display_type,
                                       currency_id, company_currency_id, name,
                                       balance, amount_currency, debit, credit,
                                       amount_residual, amount_residual_currency,
                                       reconciled, create_date, write_date)
        SELECT payment.move_id, %(bank)s, %(company)s,
               CASE WHEN l = 0 THEN %(receivable)s ELSE %(outstanding)s END,
               payment.partner_id, payment.paid_date, 'posted', 'product',
               %(currency)s, %(currency)s, 'payment',
               bal, bal, GREATEST(bal, 0), GREATEST(-bal, 0), 0, 0, l = 0,
               NOW(), NOW()
          FROM bench_payment payment
    CROSS JOIN generate_series(0, 1) l
    CROSS JOIN LATERAL (SELECT CASE WHEN l = 0 THEN -payment.amount
                                    ELSE payment.amount END AS bal) b;
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
                                               debit_amount_currency,
                                               credit_amount_currency, company_id,
                                               debit_currency_id, credit_currency_id,
                                               max_date, create_date, write_date)
        SELECT payment.line_id, credit.id, payment.amount, payment.amount,
               payment.amount, %(company)s, %(currency)s, %(currency)s,
               payment.paid_date, NOW(), NOW()
          FROM bench_payment payment
          JOIN account_move_line credit
            ON credit.move_id = payment.move_id AND credit.account_id = %(receivable)s;
        UPDATE account_move_line line
           SET amount_residual = 0, amount_residual_currency = 0, reconciled = TRUE
          FROM bench_paid paid
         WHERE line.id = paid.line_id;
        -- one customer in ten has a credit limit around its yearly purchases
        UPDATE res_partner partner
           SET credit_limit = jsonb_build_object(%(company_key)s,
                                                 (500 + random() * 20000)::int)
          FROM bench_partner bench
         WHERE bench.id = partner.id AND bench.n %% 10 = 0;
        ANALYZE account_move;
        ANALYZE account_move_line;
        ANALYZE account_partial_reconcile;
        ANALYZE res_partner;
        """,
        {
            "today": date.today(),
            "receivable": receivable.id,
            "outstanding": bank.default_account_id.id,
            "bank": bank.id,
            "company": company.id,
            "company_key": str(company.id),
            "currency": company.currency_id.id,
            "share": share,
        },
    )
    cr.execute("SELECT count(*) FROM bench_payment")
    return cr.fetchone()[0]


def best_of(env, function, times=3):
    """Best of ``times`` runs (a warm cache), with its statements; the ORM
    cache is emptied before each run."""
    best = None
    for _ in range(times):
        env.invalidate_all()
        with Timer(env.cr) as timer:
            result = function()
        if best is None or timer.seconds < best[0].seconds:
            best = (timer, result)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--database", default="cm_bench_credit")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with fresh_database(args.database, keep=args.keep) as env:
        with Timer(env.cr) as timer:
            lines = generate(env, args.customers, args.lines)
            payments = pay(env)
        env.cr.commit()
        print(
            f"generated {args.customers} customers, {lines} invoice lines and "
            f"{payments} payments in {timer.seconds:.1f} s"
        )
        today = date.today()
        policy = env["customer.credit.policy"]._get_for_company(env.company)

        bare, rows = best_of(
            env,
            lambda: env.execute_query(policy._open_items_query(today)),
        )
        print(
            f"bare SQL aggregate of the open items: {bare.seconds:.2f} s, "
            f"{len(rows)} customers with open items"
        )
        for run in ("first run (every customer rated)", "second run (no change)"):
            with Timer(env.cr) as timer:
                changed = policy._recompute_ratings(today)
            env.cr.commit()
            print(
                f"nightly rating, {run}: {timer.seconds:.2f} s, {timer.queries} SQL "
                f"statements, {len(changed)} rating changes"
            )
        env.cr.execute(
            "SELECT partner_id FROM account_move WHERE name LIKE 'BENCH/%%'"
            " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )
        (biggest,) = env.cr.fetchone()
        env.cr.execute(
            "SELECT id FROM res_partner WHERE customer_rank > 0"
            " ORDER BY id LIMIT 1 OFFSET %s",
            [args.customers // 2],
        )
        (typical,) = env.cr.fetchone()
        for label, partner_id in (("the biggest", biggest), ("a typical", typical)):
            customer = env["res.partner"].browse(partner_id)
            timer, _result = best_of(env, customer.action_recompute_credit_rating)
            env.cr.commit()
            print(
                f"Rate Now on one customer ({label}): {timer.seconds:.3f} s, "
                f"{timer.queries} SQL statements"
            )
        env.cr.execute(
            "SELECT credit_rating->>%s, count(*) FROM res_partner"
            " WHERE id = commercial_partner_id AND credit_rating IS NOT NULL"
            " GROUP BY 1 ORDER BY 1",
            [str(env.company.id)],
        )
        ratings = {rating or "not rated": count for rating, count in env.cr.fetchall()}
        print("customers per rating:", ratings)

        Partner = env["res.partner"].with_context(res_partner_search_mode="customer")
        base = [("parent_id", "=", False), ("customer_rank", ">", 0)]
        screens = {
            "list page (80 customers, every column)": lambda: Partner.web_search_read(
                base, {name: {} for name in LIST_FIELDS}, limit=80
            )["length"],
            "filter Over Credit Limit": lambda: Partner.search_count(
                [*base, ("credit_over_limit", "=", True)]
            ),
            "filter Overdue More Than 30 Days": lambda: Partner.search_count(
                [*base, ("credit_overdue_days", ">", 30)]
            ),
            "filter Rating C or D": lambda: Partner.search_count(
                [*base, ("credit_rating", "in", ("c", "d"))]
            ),
            "group by rating": lambda: len(
                Partner.read_group(base, ["credit_rating"], ["credit_rating"])
            ),
        }
        for label, screen in screens.items():
            timer, count = best_of(env, screen)
            print(f"{label}: {timer.seconds:.3f} s, {timer.queries} SQL, {count}")

        def export():
            ids = Partner.search(base, order="id").ids
            for start in range(0, len(ids), 1000):
                Partner.browse(ids[start : start + 1000]).read(LIST_FIELDS)
                env.invalidate_all()
            return len(ids)

        timer, count = best_of(env, export, times=1)
        print(
            f"export of {count} customers' credit figures: {timer.seconds:.1f} s, "
            f"{timer.queries} SQL"
        )

        Report = env["customer.payment.report"]
        graphs = {
            "invoiced and collected of the biggest customer": [
                ("partner_id", "=", biggest)
            ],
            "invoiced and collected of everyone": [],
        }
        for label, domain in graphs.items():
            timer, groups = best_of(
                env,
                lambda domain=domain: Report.read_group(
                    domain, ["amount:sum"], ["date:month", "kind"], lazy=False
                ),
            )
            print(f"{label}: {timer.seconds:.3f} s, {len(groups)} month-kind groups")
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
