"""Benchmark: margin, cost to serve and profit over 100k customers, 1M lines.

    python3 tests/benchmarks/bench_margin.py [--customers 100000] [--lines 1000000]

Creates a database (``margin_bench``, dropped at the end unless --keep),
reuses the tier benchmark's generator (posted invoices over 24 months), gives
the product lines a cost at invoicing (2% of them uncosted) and adds the
records the cost to serve counts (follow-ups done, feedback resolved,
greetings), then prints the seconds of:

- the bare SQL aggregate of the same figures (revenue, cost and uncosted lines
  per customer from the lines, cost to serve per customer);
- the margin statement, first run (every customer new) and with nothing to
  change, with its number of SQL statements and its ratio to the bare one;
- the whole nightly run of the company (margin and cost to serve, RFM and
  loyalty, then the tiers), on the revenue basis and on the profit basis.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import os
import sys
import tempfile
from datetime import date

from bench_tiers import generate
from common import Timer, fresh_database, peak_rss_mb
from dateutil.relativedelta import relativedelta


def add_costs_and_service(env, followups, feedback, greetings):
    """Costs on the generated product lines, and the records of the cost to
    serve, spread over the last 24 months."""
    cr = env.cr
    cr.execute(
        """
        UPDATE account_move_line line
           SET customer_cost = CASE
                   WHEN random() < 0.02 THEN 0
                   ELSE ROUND(-balance * (0.5 + random() * 0.6)::numeric, 2)
               END
         WHERE display_type = 'product';
        UPDATE account_move_line
           SET customer_cost_missing = customer_cost = 0
         WHERE display_type = 'product';
        CREATE TEMP TABLE bench_customer AS
        SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM res_partner WHERE name LIKE 'Customer %%';
        CREATE UNIQUE INDEX ON bench_customer (n);
        INSERT INTO customer_followup (name, partner_id, user_id, company_id, kind,
                                       planned_datetime, planned_date, state,
                                       done_date, outcome, create_date, write_date)
        SELECT 'bench', p.id, %(uid)s, %(company)s,
               (ARRAY['call', 'visit', 'email', 'message', 'gift', 'event',
                      'after_sales'])[1 + (f %% 7)],
               d, d::date, 'done', d::date, 'done', NOW(), NOW()
          FROM (SELECT f, NOW() - random() * INTERVAL '730 days' AS d,
                       1 + floor(power(random(), 2) * %(customers)s)::int AS n
                  FROM generate_series(1, %(followups)s) f) src
          JOIN bench_customer p ON p.n = src.n;
        INSERT INTO customer_feedback (name, partner_id, company_id, channel,
                                       feedback_type, priority, stage_id,
                                       is_resolved, date_received, resolved_date,
                                       create_date, write_date)
        SELECT 'bench', p.id, %(company)s, 'phone', 'complaint', '1', %(stage)s,
               TRUE, d, d, NOW(), NOW()
          FROM (SELECT NOW() - random() * INTERVAL '730 days' AS d,
                       1 + floor(random() * %(customers)s)::int AS n
                  FROM generate_series(1, %(feedback)s)) src
          JOIN bench_customer p ON p.n = src.n;
        INSERT INTO customer_care_log (partner_id, occasion_id, period, date,
                                       channel, create_date, write_date)
        SELECT p.id, %(occasion)s, 'bench-' || g, (NOW() - random()
               * INTERVAL '730 days')::date, 'email', NOW(), NOW()
          FROM generate_series(1, %(greetings)s) g
          JOIN bench_customer p ON p.n = 1 + (g %% %(customers)s);
        ANALYZE account_move_line;
        ANALYZE customer_followup;
        ANALYZE customer_feedback;
        ANALYZE customer_care_log;
        """,
        {
            "uid": env.uid,
            "company": env.company.id,
            "customers": env["res.partner"].search_count([]),
            "followups": followups,
            "feedback": feedback,
            "greetings": greetings,
            "stage": env.ref(
                "customer_maintenance.customer_feedback_stage_resolved"
            ).id,
            "occasion": env["customer.care.occasion"].search([], limit=1).id,
        },
    )


def bare_aggregate(env, policy, today):
    """The figures the statement computes (revenue, cost and uncosted lines,
    cost to serve at the bench's unit costs), aggregated per customer without
    reading the stored figures, comparing or writing anything."""
    query = """
        WITH lines AS (
            SELECT move.commercial_partner_id AS partner_id,
                   SUM(-line.balance) AS revenue,
                   SUM(line.customer_cost) AS cost,
                   COUNT(*) FILTER (WHERE line.customer_cost_missing) AS uncosted
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
             WHERE line.company_id = %(company)s AND line.parent_state = 'posted'
               AND line.display_type = 'product'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.invoice_date > %(start)s AND move.invoice_date <= %(today)s
          GROUP BY 1
        ),
        serving AS (
            SELECT partner_id, SUM(cost) AS serve FROM (
                SELECT partner_id,
                       CASE kind WHEN 'call' THEN 15 WHEN 'visit' THEN 120
                                 WHEN 'email' THEN 1 ELSE 0 END AS cost
                  FROM customer_followup
                 WHERE company_id = %(company)s AND state = 'done'
                   AND done_date > %(start)s AND done_date <= %(today)s
                 UNION ALL
                SELECT partner.commercial_partner_id, 60
                  FROM customer_feedback feedback
                  JOIN res_partner partner ON partner.id = feedback.partner_id
                 WHERE feedback.company_id = %(company)s AND feedback.is_resolved
                   AND feedback.resolved_date > %(start)s
                   AND feedback.resolved_date <= %(today)s
                 UNION ALL
                SELECT partner.commercial_partner_id, 2
                  FROM customer_care_log log
                  JOIN res_partner partner ON partner.id = log.partner_id
                 WHERE log.date > %(start)s AND log.date <= %(today)s
            ) costs GROUP BY 1
        )
        -- every figure is used, so that PostgreSQL computes them all
        SELECT (SELECT COUNT(*) FROM lines WHERE revenue - cost <> uncosted),
               (SELECT COUNT(*) FROM serving WHERE serve > 0)
    """
    params = {
        "company": env.company.id,
        "start": today - relativedelta(months=policy.window_months),
        "today": today,
    }
    best = None
    for _ in range(3):  # warm cache, best of three
        with Timer(env.cr) as timer:
            env.cr.execute(query, params)
            rows = env.cr.fetchone()
        best = min(best or timer.seconds, timer.seconds)
    return best, rows


def existing_database(name):
    """An Odoo environment on a database kept by an earlier run (--keep), its
    computed figures cleared so that the first run is a first run again."""
    import contextlib

    from odoo_config import write_config

    import odoo
    from odoo import SUPERUSER_ID, api

    @contextlib.contextmanager
    def opened():
        odoo.tools.config.parse_config(["-c", write_config(tempfile.mkdtemp())])
        registry = odoo.modules.registry.Registry.new(name)
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                Policy = env["customer.tier.policy"]
                columns = [
                    *Policy._FIGURES,
                    *Policy._RFM_FIGURES,
                    *Policy._MARGIN_FIGURES,
                ]
                cr.execute(
                    "UPDATE res_partner SET "
                    + ", ".join(f"{column} = NULL" for column in columns)
                )
                cr.execute("DELETE FROM customer_tier_history")
                cr.execute("UPDATE customer_tier_policy SET tier_basis = 'revenue'")
                env.invalidate_all()
                yield env
        finally:
            odoo.modules.registry.Registry.delete(name)
            odoo.sql_db.close_all()

    return opened()


def timed_nightly(env, policy, today, label):
    """The nightly run of the company, part by part."""
    policy = policy.with_company(env.company)
    parts = [
        ("margin + cost to serve", lambda: policy._recompute_margin(today)),
        ("RFM + loyalty", lambda: policy._recompute_rfm(today)),
        ("tiers", lambda: policy._recompute_tiers(today)),
    ]
    seconds, queries = {}, {}
    for name, run in parts:
        with Timer(env.cr) as timer:
            run()
        env.cr.commit()
        seconds[name], queries[name] = timer.seconds, timer.queries
    value = seconds["margin + cost to serve"] + seconds["RFM + loyalty"]
    print(
        f"nightly run, {label}: "
        + ", ".join(f"{n} {seconds[n]:.2f} s ({queries[n]} SQL)" for n in seconds)
        + f"; RFM + margin + cost to serve + loyalty {value:.2f} s; with the "
        f"tiers {sum(seconds.values()):.2f} s in {sum(queries.values())} SQL "
        "statements"
    )
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--followups", type=int, default=300_000)
    parser.add_argument("--feedback", type=int, default=20_000)
    parser.add_argument("--greetings", type=int, default=100_000)
    parser.add_argument("--database", default="margin_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--reuse", action="store_true", help="rerun on a database kept by --keep"
    )
    args = parser.parse_args()

    opened = (
        existing_database(args.database)
        if args.reuse
        else fresh_database(args.database, keep=args.keep)
    )
    with opened as env:
        if not args.reuse:
            with Timer(env.cr) as timer:
                lines = generate(env, args.customers, args.lines)
                add_costs_and_service(
                    env, args.followups, args.feedback, args.greetings
                )
            env.cr.commit()
            print(
                f"generated {args.customers} customers, {lines} invoice lines, "
                f"{args.followups} follow-ups, {args.feedback} feedback and "
                f"{args.greetings} greetings in {timer.seconds:.1f} s"
            )
        print(f"load average before the runs: {os.getloadavg()}")
        policy = env["customer.tier.policy"]._get_for_company(env.company)
        policy.write({"cost_visit": 120.0, "cost_call": 15.0, "cost_feedback": 60.0})
        policy.write({"cost_email": 1.0, "cost_greeting": 2.0})
        today = date.today()
        bare, rows = bare_aggregate(env, policy, today)
        print(
            f"bare SQL aggregate of the same figures: {bare:.2f} s "
            f"({rows[0]} customers with lines, {rows[1]} served)"
        )
        timed_nightly(env, policy, today, "first (every customer new)")
        seconds = timed_nightly(env, policy, today, "nothing to change")
        margin = seconds["margin + cost to serve"]
        print(
            f"margin + cost to serve with nothing to change: {margin:.2f} s, "
            f"{margin / bare:.1f}x the bare aggregate ({bare:.2f} s)"
        )
        env.cr.execute(
            """SELECT COUNT(*) FILTER (WHERE (profit->>%(c)s)::numeric < 0),
                      COUNT(*) FILTER (WHERE (margin_uncosted_lines->>%(c)s)::int > 0)
                 FROM res_partner WHERE id = commercial_partner_id""",
            {"c": str(env.company.id)},
        )
        unprofitable, uncosted = env.cr.fetchone()
        print(
            f"unprofitable customers: {unprofitable}; with uncosted lines: {uncosted}"
        )
        with Timer(env.cr) as timer:
            policy.with_context(tier_basis_reason="bench").tier_basis = "profit"
            policy.with_company(env.company)._recompute(today)
        env.cr.commit()
        print(
            f"whole nightly run after switching the tiers to the profit basis "
            f"(the tiers of many customers change): {timer.seconds:.2f} s, "
            f"{timer.queries} SQL statements"
        )
        print(f"load average after the runs: {os.getloadavg()}")
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
