from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_tier import TODAY, TierCase


class RfmCase(TierCase):
    """Five customers whose R, F and M ranks are all different, so that their
    quintile scores are their ranks (1 to 5), plus one who bought before the
    window and one who never bought."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new, cls.champion, cls.loyal, cls.at_risk, cls.cant_lose = cls._customers(
            "New", "Champion", "Loyal", "At risk", "Can't lose"
        )
        cls.old, cls.never = cls._customers("Old", "Never")
        d = date
        cls._invoices(
            [
                # last 20 June (R5), 1 invoice (F1), 100 (M1): FM 1 -> New
                (cls.new, d(2026, 6, 20), 100),
                # last 20 May (R4), 5 invoices (F5), 5500 - 500 refunded (M5)
                *((cls.champion, d(2026, m, 20), 1100) for m in (1, 2, 3, 4, 5)),
                (cls.champion, d(2026, 6, 1), 500, "out_refund"),
                # last 20 April (R3), 2 invoices (F2), 3000 (M3): FM 3 -> Loyal
                (cls.loyal, d(2026, 3, 20), 1500),
                (cls.loyal, d(2026, 4, 20), 1500),
                # last 20 March (R2), 3 invoices (F3), 2000 (M2): FM 3 -> At risk
                (cls.at_risk, d(2026, 1, 20), 700),
                (cls.at_risk, d(2026, 2, 20), 700),
                (cls.at_risk, d(2026, 3, 20), 600),
                # last 20 Feb (R1), 4 invoices (F4), 4000 (M4): FM 4 -> Can't lose
                *((cls.cant_lose, d(2025, m, 20), 1000) for m in (9, 10, 11)),
                (cls.cant_lose, d(2026, 2, 20), 1000),
                # before the 12-month window: no score
                (cls.old, d(2025, 1, 10), 9000),
            ]
        )
        cls.five = cls.new | cls.champion | cls.loyal | cls.at_risk | cls.cant_lose

    def _recompute(self, today=TODAY):
        # the nightly run: RFM and loyalty, then the tiers
        return self.policy.with_company(self.company)._recompute(today)

    def _rfm(self, partner, company=None):
        partner = partner.with_company(company or self.company)
        return (
            partner.rfm_recency,
            partner.rfm_frequency,
            partner.rfm_monetary,
            partner.rfm_segment_id.name or False,
        )

    def _segment(self, key, company=None):
        return self.env["customer.rfm.segment"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("name", "=", self.env.ref(f"customer_maintenance.{key}").sudo().name),
            ]
        )


@tagged("post_install", "-at_install")
class TestRfm(RfmCase):
    def test_scores_and_segments(self):
        self._recompute()
        self.assertEqual(self._rfm(self.new), (5, 1, 1, "New"))
        self.assertEqual(self._rfm(self.champion), (4, 5, 5, "Champions"))
        self.assertEqual(self._rfm(self.loyal), (3, 2, 3, "Loyal"))
        self.assertEqual(self._rfm(self.at_risk), (2, 3, 2, "At risk"))
        self.assertEqual(self._rfm(self.cant_lose), (1, 4, 4, "Can't lose them"))
        self.assertEqual(self._rfm(self.old), (0, 0, 0, False))
        self.assertEqual(self._rfm(self.never), (0, 0, 0, False))

    def test_ties_share_a_score(self):
        # a sixth customer with the same last date, count and revenue as "Loyal"
        twin = self._customers("Twin")
        self._invoices(
            [(twin, date(2026, 3, 20), 1500), (twin, date(2026, 4, 20), 1500)]
        )
        self._recompute()
        # recency: both rank 3 of 6, 1 + floor(5 * 2 / 6) = 2; frequency: rank
        # 2, 1 + floor(5 * 1 / 6) = 1; monetary: rank 3 -> 2; FM 2 -> Hibernating
        self.assertEqual(self._rfm(twin), (2, 1, 2, "Hibernating"))
        self.assertEqual(self._rfm(twin), self._rfm(self.loyal))
        # "New": 5 customers below it in recency: 1 + floor(5 * 5 / 6) = 5
        self.assertEqual(self._rfm(self.new)[:3], (5, 1, 1))

    def test_recompute_now_and_nightly_run_compute_rfm(self):
        self.policy.with_user(self.manager).action_recompute()
        self.assertEqual(self._rfm(self.champion)[3], "Champions")
        self.env["res.partner"].invalidate_model()
        self.env.cr.execute(
            "UPDATE res_partner SET rfm_segment_id = NULL, loyalty = NULL"
            " WHERE id IN %s",
            [tuple(self.five.ids)],
        )
        self.env["res.partner"].invalidate_model()
        self.policy.with_company(self.company)._recompute(TODAY)
        self.assertEqual(self._rfm(self.champion)[3], "Champions")
        self.assertEqual(self.champion.with_company(self.company).loyalty, "loyal")

    def test_nothing_to_change_writes_nothing(self):
        policy = self.policy.with_company(self.company)
        self.assertGreater(policy._recompute_rfm(TODAY), 0)
        self.assertEqual(policy._recompute_rfm(TODAY), 0)

    def test_contacts_share_the_figures(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.champion.id}
        )
        self._recompute()
        self.assertEqual(self._rfm(contact), (4, 5, 5, "Champions"))
        late = self.env["res.partner"].create(
            {"name": "Late buyer", "parent_id": self.champion.id}
        )
        self.assertEqual(self._rfm(late), (4, 5, 5, "Champions"))

    @freeze_time(TODAY)
    def test_changed_map_moves_customers(self):
        self._recompute()
        champions = self._segment("customer_rfm_segment_champions")
        # Champions only with R 5: the champion (R4 FM5) becomes Loyal at once
        champions.with_user(self.manager).r_min = 5
        self.assertEqual(self._rfm(self.champion)[3], "Loyal")
        champions.with_user(self.manager).r_min = 4
        self.assertEqual(self._rfm(self.champion)[3], "Champions")
        # a deleted segment: its customers fall to the next matching row
        champions.with_user(self.manager).unlink()
        self.assertEqual(self._rfm(self.champion)[3], "Loyal")

    def test_map_ranges_are_checked_and_reps_cannot_edit(self):
        segment = self._segment("customer_rfm_segment_lost")
        with self.assertRaises(ValidationError):
            segment.with_user(self.manager).r_max = 6
        with self.assertRaises(ValidationError):
            segment.with_user(self.manager).write({"fm_min": 3, "fm_max": 2})
        with self.assertRaises(AccessError):
            segment.with_user(self.rep).name = "Gone"
        self.assertEqual(segment.with_user(self.rep).name, "Lost")

    def test_group_by_segment_and_scores(self):
        self._recompute()
        Partner = self.env["res.partner"].with_company(self.company)
        groups = Partner._read_group(
            [("id", "in", self.five.ids)], ["rfm_segment_id"], ["__count"]
        )
        self.assertEqual(
            sorted((seg.name, count) for seg, count in groups),
            [
                ("At risk", 1),
                ("Can't lose them", 1),
                ("Champions", 1),
                ("Loyal", 1),
                ("New", 1),
            ],
        )
        groups = Partner._read_group(
            [("id", "in", self.five.ids)],
            ["rfm_recency", "rfm_frequency"],
            ["__count"],
        )
        self.assertEqual(
            sorted(groups), [(1, 4, 1), (2, 3, 1), (3, 2, 1), (4, 5, 1), (5, 1, 1)]
        )


@tagged("post_install", "-at_install")
class TestRfmPerCompany(RfmCase):
    def test_shared_customer_has_a_state_per_company(self):
        other = self.setup_other_company(name="Other RFM Co")["company"]
        self.assertEqual(
            len(
                self.env["customer.rfm.segment"].search([("company_id", "=", other.id)])
            ),
            11,
        )
        # in the other company, "New" is the big, frequent, recent buyer and
        # "Champion" bought once, long ago and little
        self.env["account.move"].with_company(other).create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "x", "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
                for partner, day, amount in (
                    (self.new, date(2026, 6, 1), 900),
                    (self.new, date(2026, 6, 25), 900),
                    (self.champion, date(2025, 8, 1), 10),
                )
            ]
        ).action_post()
        self._recompute()
        policy = self.env["customer.tier.policy"]._get_for_company(other)
        policy.with_company(other)._recompute_rfm(TODAY)
        self.assertEqual(self._rfm(self.new), (5, 1, 1, "New"))
        self.assertEqual(self._rfm(self.champion), (4, 5, 5, "Champions"))
        # two customers in the other company: ranks 0 and 1 of 2 -> 1 and 3
        self.assertEqual(self._rfm(self.new, other)[:3], (3, 3, 3))
        self.assertEqual(self._rfm(self.new, other)[3], "Loyal")
        self.assertEqual(self._rfm(self.champion, other), (1, 1, 1, "Lost"))
        self.assertEqual(
            self._rfm(self.new, other)[3],
            self._segment("customer_rfm_segment_loyal", other).name,
        )


@tagged("post_install", "-at_install")
class TestRfmTranslations(RfmCase):
    def test_segment_names_are_translated_per_company(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_maintenance"], ["zh_CN"], overwrite=True
        )
        template = self.env.ref(
            "customer_maintenance.customer_rfm_segment_champions"
        ).sudo()
        self.assertEqual(template.with_context(lang="zh_CN").name, "冠军客户")
        # a company created later gets a map with the translated names
        other = self.setup_other_company(name="Later Co")["company"]
        self.env["account.move"].with_company(other).create(
            {
                "move_type": "out_invoice",
                "partner_id": self.champion.id,
                "invoice_date": date(2026, 6, 1),
                "invoice_line_ids": [
                    Command.create({"name": "x", "price_unit": 10, "tax_ids": []})
                ],
            }
        ).action_post()
        policy = self.env["customer.tier.policy"]._get_for_company(other)
        policy.with_company(other)._recompute_rfm(TODAY)
        champion = self.champion.with_company(other)
        self.assertEqual(champion.rfm_segment_id.name, "Lost")
        self.assertEqual(
            champion.with_context(lang="zh_CN").rfm_segment_id.name, "已流失"
        )
