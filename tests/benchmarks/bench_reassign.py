"""Benchmark: a departed rep's 10k customers and their open work, reassigned.

    python3 tests/benchmarks/bench_reassign.py [--customers 10000] [--targets 5]

Creates a database (``cm_bench_reassign``, dropped at the end unless --keep)
where one rep owns the customers (tiers 20% A, 30% B, 50% C), with a planned
follow-up per customer and its activity, plus one more open activity on each
customer (20k activities for 10k customers), all generated with set-based SQL;
then plans the move balanced by tier and reassigns everything in one
transaction, printing seconds, records moved, SQL statements and the peak RSS.

It asserts nothing about time: the figures are for people to read.
"""

import argparse
import sys

from common import Timer, fresh_database, peak_rss_mb


def generate(env, customers, target_count):
    group = env.ref("customer_maintenance.group_user")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Rep {n}",
                    "login": f"bench_rep_{n}",
                    "groups_id": [(6, 0, group.ids)],
                }
                for n in range(target_count + 1)
            ]
        )
    )
    departed, targets = users[0], users[1:]
    env.flush_all()
    followup_type = env.ref("customer_maintenance.mail_activity_type_followup")
    call_type = env.ref("mail.mail_activity_data_call")
    models = env["ir.model"]
    env.cr.execute(
        """
        INSERT INTO res_partner (name, active, is_company, type, customer_rank,
                                 supplier_rank, autopost_bills, maintenance_user_id,
                                 user_id, tier, create_date, write_date)
        SELECT 'Customer ' || n, TRUE, TRUE, 'contact', 1, 0, 'ask', %(departed)s,
               %(departed)s,
               jsonb_build_object(%(company)s::text,
                   CASE WHEN n %% 10 < 2 THEN 'a' WHEN n %% 10 < 5 THEN 'b'
                        ELSE 'c' END),
               NOW(), NOW()
          FROM generate_series(1, %(customers)s) n;
        UPDATE res_partner SET commercial_partner_id = id
         WHERE commercial_partner_id IS NULL;
        INSERT INTO customer_followup (name, partner_id, user_id, company_id, kind,
                                       planned_datetime, planned_date, state,
                                       create_date, write_date)
        SELECT 'Care Call - ' || name, id, %(departed)s, %(company)s, 'call',
               CURRENT_DATE + 3 + TIME '09:00', CURRENT_DATE + 3, 'planned',
               NOW(), NOW()
          FROM res_partner WHERE maintenance_user_id = %(departed)s;
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                   activity_type_id, user_id, date_deadline,
                                   active, create_date, write_date)
        SELECT %(followup_model)s, 'customer.followup', id, name,
               %(followup_type)s, %(departed)s, planned_date, TRUE, NOW(), NOW()
          FROM customer_followup
         UNION ALL
        SELECT %(partner_model)s, 'res.partner', id, name, %(call_type)s,
               %(departed)s, CURRENT_DATE + 1, TRUE, NOW(), NOW()
          FROM res_partner WHERE maintenance_user_id = %(departed)s;
        ANALYZE res_partner; ANALYZE customer_followup; ANALYZE mail_activity;
        """,
        {
            "departed": departed.id,
            "company": env.company.id,
            "customers": customers,
            "followup_model": models._get_id("customer.followup"),
            "partner_model": models._get_id("res.partner"),
            "followup_type": followup_type.id,
            "call_type": call_type.id,
        },
    )
    return departed, targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--targets", type=int, default=5)
    parser.add_argument("--database", default="cm_bench_reassign")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    with fresh_database(args.database, keep=args.keep) as env:
        departed, targets = generate(env, args.customers, args.targets)
        env.cr.commit()
        Reassignment = env["customer.reassignment"]
        with Timer(env.cr) as timer:
            customers = Reassignment._customers_of(departed)
            plan = Reassignment._plan(customers, targets, "tier")
            log = Reassignment._reassign(departed, plan, "Left the company")
            env.flush_all()
        env.cr.commit()
        print(
            f"reassigned {log.customer_count} customers, {log.followup_count} "
            f"follow-ups and {log.activity_count} activities to {len(targets)} reps "
            f"in {timer.seconds:.1f} s, one transaction, {timer.queries} SQL "
            "statements"
        )
        for line in log.line_ids:
            print(
                f"  {line.user_id.name}: A {line.tier_a_count}, B {line.tier_b_count}, "
                f"C {line.tier_c_count}, {line.followup_count} follow-ups, "
                f"{line.activity_count} activities"
            )
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
