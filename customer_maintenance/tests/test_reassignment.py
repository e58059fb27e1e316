from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.customer_maintenance.models.customer_reassignment_move import (
    CustomerReassignment,
)

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class ReassignmentCase(CustomerMaintenanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.departed = new_test_user(
            cls.env, "cm_departed", groups="customer_maintenance.group_user"
        )
        cls.targets = (
            cls.rep
            | cls.other_rep
            | new_test_user(
                cls.env, "cm_third_rep", groups="customer_maintenance.group_user"
            )
        )
        # the targets start from equal loads: one C customer each
        cls.env["res.partner"].search(
            [("maintenance_user_id", "in", cls.targets.ids)]
        ).maintenance_user_id = False
        cls.env["res.partner"].create(
            [
                {"name": f"Own {t.login}", "maintenance_user_id": t.id, "tier": "c"}
                for t in cls.targets
            ]
        )
        tiers = "a" * 4 + "b" * 7 + "c" * 11
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Departed customer {n}",
                    "maintenance_user_id": cls.departed.id,
                    "user_id": cls.departed.id if n % 2 else cls.manager.id,
                    "tier": tier,
                    "customer_rank": 1,
                }
                for n, tier in enumerate(tiers)
            ]
        )

    def _wizard(self, targets=None, **values):
        wizard = Form(
            self.env["customer.reassignment.wizard"]
            .with_user(self.manager)
            .with_context(active_model="res.users", active_id=self.departed.id)
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        for target in targets or self.targets:
            wizard.target_ids.add(target)
        return wizard.save()


@tagged("post_install", "-at_install")
class TestReassignmentBalance(ReassignmentCase):
    def test_balanced_by_tier(self):
        wizard = self._wizard()
        self.assertEqual(wizard.user_id, self.departed)
        wizard.action_preview()
        per_tier = {
            line.user_id: (line.tier_a_count, line.tier_b_count, line.tier_c_count)
            for line in wizard.line_ids
        }
        self.assertEqual(len(per_tier), 3)
        for index in range(3):
            counts = [tiers[index] for tiers in per_tier.values()]
            self.assertLessEqual(max(counts) - min(counts), 1, per_tier)
        self.assertEqual(sum(sum(t) for t in per_tier.values()), 22)
        # nothing moved at the preview
        self.assertEqual(self.customers.maintenance_user_id, self.departed)
        wizard.action_reassign()
        self.assertFalse(self.customers.maintenance_user_id & self.departed)
        for target in self.targets:
            mine = self.customers.filtered(
                lambda p, t=target: p.maintenance_user_id == t
            )
            self.assertEqual(
                (
                    len(mine.filtered(lambda p: p.tier == "a")),
                    len(mine.filtered(lambda p: p.tier == "b")),
                    len(mine.filtered(lambda p: p.tier == "c")),
                ),
                per_tier[target],
            )

    def test_by_load_and_filters(self):
        wizard = self._wizard(method="load", tier_filter="a", targets=self.rep)
        wizard.action_preview()
        self.assertEqual(wizard.customer_count, 4)
        wizard.action_reassign()
        moved = self.customers.filtered(lambda p: p.maintenance_user_id == self.rep)
        self.assertEqual(set(moved.mapped("tier")), {"a"})
        self.assertEqual(len(moved), 4)


@tagged("post_install", "-at_install")
class TestReassignmentMoves(ReassignmentCase):
    def test_every_record_type_moves_and_is_logged(self):
        customer = self.customers[1]  # salesperson: the departed user
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": customer.id}
        )
        followup = self.env["customer.followup"].create(
            {"partner_id": customer.id, "user_id": self.departed.id}
        )
        done = self.env["customer.followup"].create(
            {
                "partner_id": customer.id,
                "user_id": self.departed.id,
                "state": "done",
                "outcome": "ok",
            }
        )
        call = customer.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.departed.id
        )
        on_contact = contact.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.departed.id
        )
        someone_elses = customer.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.manager.id
        )
        log = (
            self.env["customer.reassignment"]
            .with_user(self.manager)
            ._reassign(self.departed, {customer: self.rep.id}, "Left the company")
        )
        target = self.rep
        self.assertEqual(customer.maintenance_user_id, target)
        self.assertEqual(contact.maintenance_user_id, target)
        self.assertEqual(customer.user_id, target)
        self.assertEqual(followup.user_id, target)
        self.assertEqual(followup.activity_ids.user_id, target)
        self.assertEqual(done.user_id, self.departed)  # history stays
        self.assertEqual((call | on_contact).user_id, target)
        self.assertEqual(someone_elses.user_id, self.manager)
        self.assertEqual(log.customer_count, 1)
        self.assertEqual(log.followup_count, 1)
        self.assertEqual(log.activity_count, 3)  # call, contact's, follow-up's
        self.assertEqual(log.line_ids.user_id, target)
        note = customer.message_ids.filtered(lambda m: "Left the company" in m.body)
        self.assertEqual(len(note), 1)
        self.assertIn(self.departed.name, note.body)
        # a salesperson other than the departed user stays
        other = self.customers[0]
        self.env["customer.reassignment"]._reassign(
            self.departed, {other: self.rep.id}, "Left"
        )
        self.assertEqual(other.user_id, self.manager)

    def test_optional_modules_are_detected(self):
        absent = [m for m in ("crm.lead", "sale.order") if m not in self.env]
        wizard = self._wizard()
        wizard.action_preview()
        for field, model in (("lead_count", "crm.lead"), ("order_count", "sale.order")):
            if model in absent:
                self.assertFalse(sum(wizard.line_ids.mapped(field)))
        log = self.env["customer.reassignment"]._reassign(
            self.departed, wizard._make_plan(), "Left"
        )
        self.assertEqual(log.customer_count, 22)

    def test_rerun_moves_nothing(self):
        self._wizard().action_reassign()
        with self.assertRaisesRegex(UserError, "owns no customer"):
            self._wizard().action_preview()

    def test_failure_mid_way_leaves_everything_as_it_was(self):
        followup = self.env["customer.followup"].create(
            {"partner_id": self.customers[0].id, "user_id": self.departed.id}
        )
        wizard = self._wizard()
        with (
            patch.object(
                CustomerReassignment,
                "_documents",  # after the owners, follow-ups and activities
                side_effect=RuntimeError("disk full"),
            ),
            self.assertRaises(RuntimeError),
            self.env.cr.savepoint(),
        ):
            wizard.action_reassign()
        self.env.invalidate_all()
        self.assertEqual(self.customers.maintenance_user_id, self.departed)
        self.assertEqual(followup.user_id, self.departed)
        self.assertFalse(self.env["customer.reassignment"].search([]))


@tagged("post_install", "-at_install")
class TestReassignmentGuards(ReassignmentCase):
    def test_archive_guard_and_archive_option(self):
        with self.assertRaisesRegex(UserError, "Reassign"):
            self.departed.action_archive()
        # archiving users takes the right to manage them
        self.manager.groups_id |= self.env.ref("base.group_erp_manager")
        self.assertTrue(self.departed.active)
        self._wizard(archive_user=True).action_reassign()
        self.assertFalse(self.departed.active)

    def test_reps_cannot_reassign(self):
        with self.assertRaises(AccessError):
            self.env["customer.reassignment.wizard"].with_user(self.rep).create(
                {"user_id": self.departed.id}
            )
        with self.assertRaises(AccessError):
            self.env["customer.reassignment"].with_user(self.rep)._reassign(
                self.departed, {self.customers[0]: self.rep.id}, "Mine now"
            )

    def test_bad_targets(self):
        for targets, message in (
            (self.departed, "their own"),
            (self.accountant, "Customer Maintenance user"),
        ):
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                self.env["customer.reassignment"]._reassign(
                    self.departed, {self.customers[0]: targets.id}, "x"
                )


@tagged("post_install", "-at_install")
class TestReassignmentPreviewIsTheMove(ReassignmentCase):
    """The preview counts what the move does, kind by kind and target by
    target, because both use one definition of what moves."""

    def _lines(self, lines):
        fields = (
            "tier_a_count",
            "tier_b_count",
            "tier_c_count",
            "followup_count",
            "feedback_count",
            "activity_count",
            "lead_count",
            "order_count",
        )
        return {line.user_id: tuple(line[f] for f in fields) for line in lines}

    def test_preview_equals_result(self):
        Followup = self.env["customer.followup"]
        for customer in self.customers[:6]:
            contact = self.env["res.partner"].create(
                {"name": f"Buyer of {customer.name}", "parent_id": customer.id}
            )
            contact.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.departed.id
            )
            mine = Followup.create(
                {"partner_id": customer.id, "user_id": self.departed.id}
            )
            mine.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.departed.id
            )
        # a follow-up a manager planned, with a reminder for the departed rep:
        # the move hands the reminder over, so the preview must count it (the
        # old preview counted activities on the departed rep's follow-ups only)
        managers = Followup.create(
            {"partner_id": self.customers[7].id, "user_id": self.manager.id}
        )
        managers.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.departed.id
        )
        # history and other people's work stay
        Followup.create(
            {
                "partner_id": self.customers[8].id,
                "user_id": self.departed.id,
                "state": "done",
                "outcome": "ok",
            }
        )
        self.customers[9].activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.manager.id
        )
        wizard = self._wizard()
        wizard.action_preview()
        preview = self._lines(wizard.line_ids)
        self.assertEqual(sum(v[5] for v in preview.values()), 6 + 6 + 6 + 1)
        log = wizard.action_reassign()
        result = self._lines(
            self.env["customer.reassignment"].browse(log["res_id"]).line_ids
        )
        self.assertEqual(preview, result)
        self.assertEqual(
            managers.activity_ids.user_id & self.departed, self.env["res.users"]
        )
