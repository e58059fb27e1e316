"""Benchmark: the nightly health score and lifecycle stage over 100k customers.

    python3 tests/benchmarks/bench_health.py [--customers 100000] [--lines 1000000]
        [--followups 2460000] [--feedback 100000]

Creates a database (``health_bench``, dropped at the end unless --keep),
generates customers and posted invoices (``bench_tiers.generate``), runs the
tier and credit runs so that the figures health is made of exist, adds
follow-ups and feedback with set-based SQL, then prints the seconds and SQL
statements of the health run: the first run (every customer gets a score,
a band and a stage) and a second run with nothing to change.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import sys
from datetime import date

from bench_tiers import generate
from common import Timer, fresh_database, peak_rss_mb


def generate_care(env, followups, feedback):
    """Follow-ups over the last year (80% done, 15% missed, the rest planned,
    some of them overdue) and feedback (a third complaints, most resolved,
    half rated), spread over the customers."""
    cr = env.cr
    company = env.company.id
    stage_new = env.ref("customer_maintenance.customer_feedback_stage_new").id
    stage_done = env.ref("customer_maintenance.customer_feedback_stage_resolved").id
    cr.execute(
        """
        CREATE TEMP TABLE bench_customer AS
        SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n
          FROM res_partner WHERE name LIKE 'Customer %%';
        CREATE UNIQUE INDEX ON bench_customer (n);
        INSERT INTO customer_followup (name, partner_id, user_id, company_id, kind,
                                       planned_datetime, planned_date, state,
                                       create_date, write_date)
        SELECT 'Care Call', c.id, 2, %(company)s, 'call', day + TIME '09:00', day,
               CASE WHEN r < 0.80 THEN 'done' WHEN r < 0.95 THEN 'missed'
                    ELSE 'planned' END,
               NOW(), NOW()
          FROM (SELECT 1 + (random() * (SELECT COUNT(*) - 1 FROM bench_customer))::int
                           AS n,
                       CURRENT_DATE - (random() * 365)::int AS day,
                       random() AS r
                  FROM generate_series(1, %(followups)s)) src
          JOIN bench_customer c ON c.n = src.n;
        INSERT INTO customer_feedback (name, partner_id, company_id, stage_id,
                                       is_resolved, channel, feedback_type,
                                       date_received, deadline, resolved_date,
                                       rating_last_value, create_date, write_date)
        SELECT 'Feedback', c.id, %(company)s,
               CASE WHEN r < 0.9 THEN %(done)s ELSE %(new)s END, r < 0.9, 'phone',
               CASE WHEN r2 < 0.33 THEN 'complaint' ELSE 'suggestion' END,
               received, received + INTERVAL '48 hours',
               CASE WHEN r < 0.9 THEN received + (r2 * 96) * INTERVAL '1 hour' END,
               CASE WHEN r2 < 0.5 THEN 1 + floor(r * 5) ELSE 0 END,
               NOW(), NOW()
          FROM (SELECT 1 + (random() * (SELECT COUNT(*) - 1 FROM bench_customer))::int
                           AS n,
                       NOW() - random() * INTERVAL '365 days' AS received,
                       random() AS r, random() AS r2
                  FROM generate_series(1, %(feedback)s)) src
          JOIN bench_customer c ON c.n = src.n;
        ANALYZE customer_followup;
        ANALYZE customer_feedback;
        """,
        {
            "company": company,
            "followups": followups,
            "feedback": feedback,
            "new": stage_new,
            "done": stage_done,
        },
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--followups", type=int, default=2_460_000)
    parser.add_argument("--feedback", type=int, default=100_000)
    parser.add_argument("--database", default="health_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    with fresh_database(args.database, keep=args.keep) as env:
        with Timer(env.cr) as timer:
            lines = generate(env, args.customers, args.lines)
            generate_care(env, args.followups, args.feedback)
        env.cr.commit()
        print(
            f"generated {args.customers} customers, {lines} invoice lines, "
            f"{args.followups} follow-ups and {args.feedback} feedback in "
            f"{timer.seconds:.1f} s"
        )
        today = date.today()
        company = env.company
        for model, run in (
            ("customer.tier.policy", "_recompute_tiers"),
            ("customer.credit.policy", "_recompute_ratings"),
        ):
            policy = env[model]._get_for_company(company)
            with Timer(env.cr) as timer:
                getattr(policy, run)(today)
            env.cr.commit()
            print(f"{model} run (the figures health reads): {timer.seconds:.1f} s")
        policy = env["customer.health.policy"]._get_for_company(company)
        for run in ("first run (every score new)", "second run (nothing changes)"):
            with Timer(env.cr) as timer:
                changed = policy._recompute_health(today)
            env.cr.commit()
            print(
                f"health and stage, {run}: {timer.seconds:.2f} s, {timer.queries} "
                f"SQL statements, {len(changed)} band or stage changes"
            )
        key = str(company.id)
        for column in ("health_band", "lifecycle_stage"):
            env.cr.execute(
                f"SELECT {column}->>%s, count(*) FROM res_partner"
                " WHERE id = commercial_partner_id AND customer_rank > 0"
                " GROUP BY 1 ORDER BY 1",
                [key],
            )
            print(f"customers per {column}:", dict(env.cr.fetchall()))
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
