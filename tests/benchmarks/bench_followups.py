"""Benchmark: the daily follow-up planning over 100k customers.

    python3 tests/benchmarks/bench_followups.py [--sizes 10000 100000]

For each size, creates a database (``cm_bench_followups_<size>``, dropped
at the end unless --keep) with one rep per 2,000 customers, tiers (20% A, 30% B, 50% C)
and a year of done follow-ups generated with set-based SQL, then runs the daily
scheduled action (mark missed, refresh the schedule, plan the due customers,
send the digests) twice, then once more with the company's day mark cleared,
and prints seconds, SQL statements (also per 1,000
customers), follow-ups and activities created, and the peak RSS.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import sys

from common import Timer, fresh_database, peak_rss_mb

CUSTOMERS_PER_REP = 2000


def generate(env, customers):
    cr = env.cr
    company = env.company
    group = env.ref("customer_maintenance.group_user")
    reps = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Rep {n}",
                    "login": f"bench_rep_{n}",
                    "email": f"rep{n}@example.com",
                    "groups_id": [(6, 0, group.ids)],
                }
                for n in range(max(customers // CUSTOMERS_PER_REP, 1))
            ]
        )
    )
    env.ref("customer_maintenance.group_manager").users.email = "boss@example.com"
    env.flush_all()
    cr.execute(
        """
        CREATE TEMP TABLE bench_rep AS
        SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS n
          FROM res_users WHERE id = ANY(%(reps)s);
        INSERT INTO res_partner (name, active, is_company, type, customer_rank,
                                 supplier_rank, autopost_bills, maintenance_user_id,
                                 tier, create_date, write_date)
        SELECT 'Customer ' || c.n, TRUE, TRUE, 'contact', 1, 0, 'ask', rep.id,
               jsonb_build_object(%(company)s::text,
                   CASE WHEN c.n %% 10 < 2 THEN 'a' WHEN c.n %% 10 < 5 THEN 'b'
                        ELSE 'c' END),
               NOW(), NOW()
          FROM generate_series(1, %(customers)s) c(n)
          JOIN bench_rep rep ON rep.n = c.n %% %(rep_count)s;
        UPDATE res_partner SET commercial_partner_id = id
         WHERE commercial_partner_id IS NULL;
        -- a year of done follow-ups at each tier's pace, the last one a random
        -- number of days ago (so that some customers are due, some not)
        INSERT INTO customer_followup (name, partner_id, user_id, company_id, kind,
                                       planned_datetime, planned_date, state,
                                       done_date, outcome, create_date, write_date)
        SELECT 'Care Call - ' || partner.name, partner.id,
               partner.maintenance_user_id, %(company)s, 'call',
               day + TIME '09:00', day, 'done', day, 'Called', NOW(), NOW()
          FROM res_partner partner
    CROSS JOIN LATERAL (
               SELECT CASE partner.tier->>%(company)s::text WHEN 'a' THEN 7
                           WHEN 'b' THEN 15 ELSE 30 END AS pace
               ) f
    CROSS JOIN LATERAL generate_series(0, 364 / f.pace) k
    CROSS JOIN LATERAL (
               SELECT CURRENT_DATE - (partner.id %% (f.pace * 3 / 2))
                      - k * f.pace AS day
               ) d
         WHERE partner.name LIKE 'Customer %%';
        UPDATE res_partner partner
           SET last_followup_date = jsonb_build_object(%(company)s::text, last.day)
          FROM (SELECT partner_id, MAX(done_date) AS day
                  FROM customer_followup GROUP BY partner_id) last
         WHERE last.partner_id = partner.id;
        ANALYZE res_partner;
        ANALYZE customer_followup;
        """,
        {
            "reps": reps.ids,
            "rep_count": len(reps),
            "customers": customers,
            "company": company.id,
        },
    )
    cr.execute("SELECT count(*) FROM customer_followup")
    return len(reps), cr.fetchone()[0]


def counts(env):
    env.cr.execute(
        """SELECT (SELECT count(*) FROM customer_followup WHERE state = 'planned'),
                  (SELECT count(*) FROM mail_activity
                    WHERE res_model = 'customer.followup'),
                  (SELECT count(*) FROM mail_mail)"""
    )
    return env.cr.fetchone()


def bench(size, database, keep):
    with fresh_database(database, keep=keep) as env:
        with Timer(env.cr) as timer:
            reps, history = generate(env, size)
        env.cr.commit()
        print(
            f"{size} customers, {reps} reps, {history} done follow-ups "
            f"generated in {timer.seconds:.1f} s"
        )
        Followup = env["customer.followup"]
        for run in ("first run", "second run (same day)", "forced rerun"):
            if run == "forced rerun":
                # the companies are done for the day: clear the mark to time
                # the planning when there is nothing left to plan
                env["customer.tier.policy"].search([]).followup_run_date = False
            before = counts(env)
            with Timer(env.cr) as timer:
                Followup._cron_daily()
                env.flush_all()
            env.cr.commit()
            after = counts(env)
            print(
                f"  daily planning, {run}: {timer.seconds:.1f} s, "
                f"{timer.queries} SQL statements "
                f"({timer.queries * 1000 / size:.1f} per 1k customers), "
                f"{after[0] - before[0]} follow-ups and {after[1] - before[1]} "
                f"activities created, {after[2] - before[2]} digests"
            )
        print(f"  peak RSS of this process: {peak_rss_mb():.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database", default="cm_bench_followups")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, f"{args.database}_{size}", args.keep)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
