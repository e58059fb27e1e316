"""Benchmark: ABC tiers and value segments over 100k customers, 1M invoice lines.

    python3 tests/benchmarks/bench_tiers.py [--customers 100000] [--lines 1000000]

Creates a database (``cm_bench_tiers``, dropped at the end unless --keep),
generates customers and posted invoices over 24 months with set-based SQL,
then prints the seconds of:

- the bare SQL aggregate that sums the same revenue per customer;
- the full recomputation (first run: every customer gets a tier) and a second
  run with nothing to change;
- a naive per-customer ORM loop on a sample, to show the distance.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import sys
from datetime import date

from common import Timer, fresh_database, peak_rss_mb
from dateutil.relativedelta import relativedelta

LINES_PER_MOVE = 5  # four product lines and the receivable line


def generate(env, customers, lines):
    """Customers with a skewed revenue (a few buy a lot), 5% refunds."""
    cr = env.cr
    company = env.company
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    income = journal.default_account_id
    receivable = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "asset_receivable")],
        limit=1,
    )
    moves = lines // LINES_PER_MOVE
    today = date.today()
    cr.execute(
        """
        INSERT INTO res_partner (name, active, is_company, type, customer_rank,
                                 supplier_rank, autopost_bills, create_date, write_date)
        SELECT 'Customer ' || n, TRUE, TRUE, 'contact', 1, 0, 'ask', NOW(), NOW()
          FROM generate_series(1, %(customers)s) n;
        UPDATE res_partner SET commercial_partner_id = id
         WHERE commercial_partner_id IS NULL;
        CREATE TEMP TABLE bench_partner AS
        SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM res_partner WHERE name LIKE 'Customer %%';
        CREATE UNIQUE INDEX ON bench_partner (n);
        -- 90%% of the customers buy; customer n is picked with a weight that
        -- falls with n, so that revenue follows a Pareto-like curve
        INSERT INTO account_move (name, move_type, state, date, invoice_date,
                                  invoice_date_due, journal_id, company_id, currency_id,
                                  partner_id, commercial_partner_id, auto_post,
                                  amount_untaxed, amount_untaxed_signed, amount_total,
                                  amount_total_signed, amount_residual,
                                  amount_residual_signed, payment_state,
                                  create_date, write_date)
        SELECT 'BENCH/' || m, kind, 'posted', d, d, d + 30, %(journal)s,
               %(company)s, %(currency)s, p.id, p.id, 'no',
               amount, sign * amount, amount, sign * amount, amount, sign * amount,
               'not_paid', NOW(), NOW()
          FROM (
                SELECT m,
                       CASE WHEN random() < 0.05 THEN 'out_refund'
                            ELSE 'out_invoice' END AS kind,
                       %(today)s::date - (random() * 730)::int AS d,
                       1 + floor(power(random(), 3) * %(buyers)s)::int AS n,
                       round((50 + random() * 950)::numeric, 2) AS amount
                  FROM generate_series(1, %(moves)s) m
               ) src
          JOIN bench_partner p ON p.n = src.n
    CROSS JOIN LATERAL (SELECT CASE WHEN kind = 'out_refund' THEN -1 ELSE 1 END
                               AS sign) s;
        INSERT INTO account_move_line (move_id, journal_id, company_id, account_id,
                                       partner_id, date, parent_state, display_type,
                                       currency_id, company_currency_id, name,
                                       quantity, price_unit, price_subtotal,
                                       price_total, balance, amount_currency,
                                       debit, credit, amount_residual,
                                       amount_residual_currency,
                                       create_date, write_date)
        SELECT m.id, m.journal_id, m.company_id,
               CASE WHEN l = 0 THEN %(receivable)s ELSE %(income)s END,
               m.partner_id, m.date, 'posted',
               CASE WHEN l = 0 THEN 'payment_term' ELSE 'product' END,
               m.currency_id, m.currency_id, 'line ' || l, 1,
               m.amount_untaxed / 4, m.amount_untaxed / 4, m.amount_untaxed / 4,
               bal, bal, GREATEST(bal, 0), GREATEST(-bal, 0),
               CASE WHEN l = 0 THEN bal ELSE 0 END,
               CASE WHEN l = 0 THEN bal ELSE 0 END,
               NOW(), NOW()
          FROM account_move m
    CROSS JOIN generate_series(0, 4) l
    CROSS JOIN LATERAL (
               SELECT CASE WHEN l = 0 THEN m.amount_untaxed_signed
                           ELSE -m.amount_untaxed_signed / 4 END AS bal
               ) b
         WHERE m.name LIKE 'BENCH/%%';
        ANALYZE res_partner;
        ANALYZE account_move;
        ANALYZE account_move_line;
        """,
        {
            "customers": customers,
            "buyers": int(customers * 0.9),
            "moves": moves,
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "today": today,
            "income": income.id,
            "receivable": receivable.id,
        },
    )
    cr.execute(
        "SELECT count(*) FROM account_move_line WHERE move_id IN "
        "(SELECT id FROM account_move WHERE name LIKE 'BENCH/%%')"
    )
    return cr.fetchone()[0]


def bare_aggregates(env, policy, today):
    start = today - relativedelta(months=policy.window_months)
    params = {"company": env.company.id, "start": start, "today": today}
    on_moves = """
        SELECT commercial_partner_id, SUM(amount_untaxed_signed)
          FROM account_move
         WHERE company_id = %(company)s AND state = 'posted'
           AND move_type IN ('out_invoice', 'out_refund')
           AND invoice_date > %(start)s AND invoice_date <= %(today)s
      GROUP BY commercial_partner_id
    """
    on_lines = """
        SELECT move.commercial_partner_id, SUM(-line.balance)
          FROM account_move_line line
          JOIN account_move move ON move.id = line.move_id
         WHERE move.company_id = %(company)s AND move.state = 'posted'
           AND move.move_type IN ('out_invoice', 'out_refund')
           AND line.display_type = 'product'
           AND move.invoice_date > %(start)s AND move.invoice_date <= %(today)s
      GROUP BY move.commercial_partner_id
    """
    results = {}
    for label, query in (("moves", on_moves), ("lines", on_lines)):
        best = None
        for _ in range(3):  # warm cache, best of three
            with Timer(env.cr) as timer:
                env.cr.execute(query, params)
                rows = env.cr.fetchall()
            best = min(best or timer.seconds, timer.seconds)
        results[label] = (best, len(rows))
    return results


def naive_orm_loop(env, policy, today, sample):
    """What a straightforward implementation does: per customer, search its
    invoices, sum them, then write each tier with the ORM."""
    start = today - relativedelta(months=policy.window_months)
    partners = env["res.partner"].search(
        [("name", "=like", "Customer %")], limit=sample, order="id"
    )
    with Timer(env.cr) as timer:
        revenue = {}
        for partner in partners:
            invoices = env["account.move"].search(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">", start),
                    ("invoice_date", "<=", today),
                ]
            )
            revenue[partner] = sum(invoices.mapped("amount_untaxed_signed"))
        total = sum(max(r, 0) for r in revenue.values()) or 1
        before = 0
        for partner in sorted(partners, key=lambda p: (-revenue[p], p.id)):
            share = before * 100 / total
            tier = "a" if share < 80 else "b" if share < 95 else "c"
            partner.with_context(tracking_disable=True).write(
                {"tier": tier, "tier_revenue": revenue[partner]}
            )
            before += max(revenue[partner], 0)
        env.flush_all()
    return timer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=5_000)
    parser.add_argument("--database", default="cm_bench_tiers")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with fresh_database(args.database, keep=args.keep) as env:
        with Timer(env.cr) as timer:
            lines = generate(env, args.customers, args.lines)
        env.cr.commit()
        print(
            f"generated {args.customers} customers and {lines} invoice lines "
            f"in {timer.seconds:.1f} s"
        )
        policy = env["customer.tier.policy"]._get_for_company(env.company)
        today = date.today()
        bare = bare_aggregates(env, policy, today)
        for label, (seconds, rows) in bare.items():
            print(f"bare SQL aggregate on {label}: {seconds:.2f} s, {rows} customers")
        runs = []
        for run in ("first run (every tier new)", "second run (nothing changes)"):
            with Timer(env.cr) as timer:
                changed = policy._recompute_tiers(today)
            env.cr.commit()
            runs.append(timer)
            print(
                f"recompute, {run}: {timer.seconds:.2f} s, {timer.queries} SQL "
                f"statements, {len(changed)} tier changes, "
                f"{timer.seconds / bare['moves'][0]:.1f}x the bare aggregate on "
                f"moves, {timer.seconds / bare['lines'][0]:.1f}x on lines"
            )
        env.cr.execute(
            "SELECT tier->>%s, count(*) FROM res_partner"
            " WHERE id = commercial_partner_id AND tier IS NOT NULL"
            " GROUP BY 1 ORDER BY 1",
            [str(env.company.id)],
        )
        print("customers per tier:", dict(env.cr.fetchall()))
        if args.naive_sample:
            naive = naive_orm_loop(env, policy, today, args.naive_sample)
            env.cr.rollback()
            per_customer = naive.seconds / args.naive_sample
            print(
                f"naive ORM loop on {args.naive_sample} customers: "
                f"{naive.seconds:.1f} s, {naive.queries} SQL statements "
                f"(about {per_customer * args.customers:.0f} s for {args.customers})"
            )
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
