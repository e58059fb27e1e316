import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from ..models.customer_followup import QUIET

DEMO_OUTCOMES = [
    ("Called about the next order; they want samples.", "positive"),
    ("Visited the shop, checked the stock together.", "positive"),
    ("Sent the new catalogue, no answer yet.", "neutral"),
    ("Complained about a late delivery, promised a fix.", "negative"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _demo_create_invoice_history(self, partner_sizes, months=18):
        """Post customer invoices over the last ``months`` and pay most of them.

        ``partner_sizes`` holds ``(partner_id, size)`` pairs: the size sets how
        often and how much a customer buys, so that a few customers make most of
        the revenue. Every fourth customer buys less and less, every seventh
        stopped buying half a year ago, every fifth pays late; a few invoices
        stay unpaid or half paid.
        """
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.env.company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal:  # no chart of accounts: nothing to invoice with
            return
        rnd = random.Random(18)
        invoice_vals, delays = [], []
        for index, (partner_id, size) in enumerate(partner_sizes):
            for vals in self._demo_invoice_vals(rnd, index, partner_id, size, months):
                invoice_vals.append({**vals, "journal_id": journal.id})
                delays.append(25 if index % 5 == 4 else 3)
        invoices = self.env["account.move"].create(invoice_vals)
        invoices.action_post()
        for invoice, delay in zip(invoices, delays, strict=True):
            self._demo_pay_invoice(rnd, invoice, delay)

    @api.model
    def _demo_invoice_vals(self, rnd, index, partner_id, size, months):
        if not size:
            return
        today = fields.Date.context_today(self)
        every = 1 if size >= 10 else 2 if size >= 3 else 5
        declining, stopped = index % 4 == 3, index % 7 == 6
        date = today - relativedelta(months=months, days=-rnd.randint(0, 25))
        while date < today:
            if stopped and date > today - relativedelta(months=6):
                return
            trend = 0.5 + (today - date).days / 30 / months if declining else 1.0
            yield {
                "move_type": "out_invoice",
                "partner_id": partner_id,
                "invoice_date": date,
                "invoice_date_due": date + timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": self.env._("Maintenance supplies"),
                            "quantity": 1,
                            "price_unit": round(
                                size * 1000 * trend * rnd.uniform(0.6, 1.4), -1
                            ),
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
            date += relativedelta(months=every, days=rnd.randint(-5, 5))

    @api.model
    def _demo_pay_invoice(self, rnd, invoice, delay):
        today = fields.Date.context_today(self)
        paid_on = invoice.invoice_date_due + timedelta(days=round(rnd.gauss(delay, 6)))
        if paid_on >= today or rnd.random() < 0.05:
            return  # not paid yet
        ratio = 0.5 if rnd.random() < 0.05 else 1.0
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "payment_date": max(paid_on, invoice.invoice_date),
                "amount": invoice.amount_residual * ratio,
            }
        )._create_payments()


class CustomerTierPolicy(models.Model):
    _inherit = "customer.tier.policy"

    @api.model
    def _demo_compute_tiers(self, months_ago=6):
        """Compute the tiers as they were ``months_ago``, then as of today, so
        that the demo shows tier changes in the history and the chatter."""
        policy = self._get_for_company(self.env.company)
        today = fields.Date.context_today(self)
        policy._recompute_tiers(today - relativedelta(months=months_ago))
        policy._recompute_tiers(today)


class CustomerFollowup(models.Model):
    _inherit = "customer.followup"

    @api.model
    def _demo_create_history(self):
        """Three months of follow-ups of the demo customers, most done with an
        outcome and a reaction, some late, a few missed; then today's plan."""
        rnd = random.Random(4)
        today = fields.Date.context_today(self)
        policy = self.env["customer.tier.policy"]._get_for_company(self.env.company)
        customers = (
            self.env["res.partner"]
            .search(
                self.env["res.partner"]._customers_of_company_domain(policy.company_id)
            )
            ._followup_plannable(policy.company_id)
        )
        vals_list = []
        for customer in customers:
            days = customer._followup_days(policy)
            day = today - timedelta(days=90 - rnd.randint(0, days))
            while day < today - timedelta(days=3):
                outcome, reaction = rnd.choice(DEMO_OUTCOMES)
                state = "missed" if rnd.random() < 0.1 else "done"
                late = rnd.choice([0, 0, 0, 1, 3])
                vals_list.append(
                    {
                        "partner_id": customer.id,
                        "user_id": customer.maintenance_user_id.id,
                        "kind": rnd.choice(["call", "call", "visit", "message"]),
                        "planned_datetime": self._planned_datetime_for(
                            day, customer.maintenance_user_id
                        ),
                        "state": state,
                        "done_date": state == "done" and day + timedelta(days=late),
                        "outcome": state == "done" and outcome,
                        "reaction": state == "done" and reaction,
                        "satisfaction": state == "done" and rnd.choice("345"),
                    }
                )
                day += timedelta(days=days)
        self.with_context(**QUIET).create(vals_list)
        customers._update_followup_dates()
        partners = self.env["res.partner"]
        partners._refresh_followup_schedule(policy)
        partners._plan_due_followups(policy)


# (customer, contact or None, type, channel, stage, hours ago, subject, text,
#  resolution or None, satisfaction score or None, root cause or None)
_DEMO_FEEDBACK_ROWS = [
    (
        "partner_huaxin_trading",
        "partner_huaxin_trading_contact",
        "complaint",
        "phone",
        "resolved",
        60,
        "Broken cartons in the March delivery",
        "Twelve cartons arrived crushed; the goods inside are scratched.",
        "Replaced the goods and changed the packaging supplier.",
        4,
        "delivery",
    ),
    (
        "partner_huaxin_trading",
        "partner_huaxin_trading_contact",
        "suggestion",
        "visit",
        "closed",
        400,
        "Monthly stock report",
        "A monthly report of what they still have in our warehouse would help.",
        "Report sent on the 1st of every month; the customer got a voucher.",
        5,
        None,
    ),
    (
        "partner_pacific_foods",
        "partner_pacific_foods_contact",
        "after_sales",
        "email",
        "in_progress",
        30,
        "Cold-chain logger shows a gap",
        "The temperature logger of container 7 shows a 3-hour gap.",
        None,
        None,
        None,
    ),
    (
        "partner_pacific_foods",
        None,
        "question",
        "form",
        "new",
        2,
        "Question: organic certificates",
        "Can you send the organic certificates for the new products?",
        None,
        None,
        None,
    ),
    (
        "partner_longmen_hotel",
        "partner_longmen_hotel_contact",
        "complaint",
        "phone",
        "waiting",
        80,
        "Invoice sent twice",
        "The February invoice was sent twice with different numbers.",
        None,
        None,
        None,
    ),
    (
        "partner_taida_electronics",
        None,
        "complaint",
        "social",
        "new",
        50,
        "Rude answer on the hotline",
        "The hotline answered rudely when they asked about a delay.",
        None,
        None,
        None,
    ),
    (
        "partner_nordic_design",
        None,
        "praise",
        "email",
        "closed",
        300,
        "Thanks for the quick installation",
        "The team installed everything in one day, very professional.",
        "Thanked the team and the customer.",
        5,
        None,
    ),
    (
        "partner_greenleaf_market",
        None,
        "complaint",
        "phone",
        "resolved",
        200,
        "Price increase without notice",
        "The new price list was applied without any notice.",
        "Kept the old prices for one more month and explained the increase.",
        2,
        "price",
    ),
    (
        "partner_jinhai_restaurant",
        "partner_jinhai_restaurant_contact",
        "after_sales",
        "visit",
        "in_progress",
        10,
        "Dishwasher repair",
        "The dishwasher we delivered last month leaks.",
        None,
        None,
        None,
    ),
    (
        "partner_bluewave_clinic",
        None,
        "suggestion",
        "survey",
        "new",
        5,
        "Online ordering",
        "They would like to order online rather than by phone.",
        None,
        None,
        None,
    ),
]
DEMO_FEEDBACK = [
    dict(
        zip(
            (
                "customer",
                "contact",
                "feedback_type",
                "channel",
                "stage",
                "hours",
                "subject",
                "text",
                "resolution",
                "score",
                "cause",
            ),
            row,
            strict=True,
        )
    )
    for row in _DEMO_FEEDBACK_ROWS
]
# (customer, reason, root cause)
DEMO_LOST = [
    (
        "partner_silverline_auto",
        "Chose a competitor who delivers within 24 hours.",
        "competitor",
    ),
    (
        "partner_coral_bay_resort",
        "Budget cut after the season; prices too high.",
        "price",
    ),
]


class CustomerFeedback(models.Model):
    _inherit = "customer.feedback"

    @api.model
    def _demo_create_feedback(self):
        """Feedback in every stage, some rated, a rewarded suggestion, two
        lost customers and a few personal feedback links."""
        now = fields.Datetime.now()
        for row in DEMO_FEEDBACK:
            self._demo_create_one_feedback(now, row)
        ref = self.env.ref
        for customer, reason, cause in DEMO_LOST:
            ref(f"customer_maintenance.{customer}")._mark_lost(
                reason, ref(f"customer_maintenance.customer_feedback_cause_{cause}")
            )
        for customer in ("partner_huaxin_trading", "partner_pacific_foods"):
            ref(f"customer_maintenance.{customer}")._get_feedback_url()

    @api.model
    def _demo_create_one_feedback(self, now, row):
        def ref(name):
            return self.env.ref(f"customer_maintenance.{name}")

        received = now - timedelta(hours=row["hours"])
        suggestion_rewarded = row["feedback_type"] == "suggestion" and row["score"]
        feedback = self.with_context(mail_create_nolog=True).create(
            {
                "name": row["subject"],
                "partner_id": ref(row["customer"]).id,
                "contact_id": row["contact"] and ref(row["contact"]).id,
                "feedback_type": row["feedback_type"],
                "channel": row["channel"],
                "date_received": received,
                "description": row["text"],
                "stage_id": ref(f"customer_feedback_stage_{row['stage']}").id,
                "resolution": row["resolution"],
                "cause_id": row["cause"]
                and ref(f"customer_feedback_cause_{row['cause']}").id,
                "is_rewarded": bool(suggestion_rewarded),
                "reward_note": suggestion_rewarded and "Voucher of 500",
            }
        )
        if row["resolution"]:
            feedback.resolved_date = received + timedelta(hours=row["hours"] // 3)
        else:
            feedback._schedule_answer_activity()
        if row["score"]:
            feedback.rating_apply(
                row["score"], token=feedback._rating_get_access_token()
            )
        return feedback
