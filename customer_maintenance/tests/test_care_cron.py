from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.customer_maintenance.models.customer_care_occasion import (
    CustomerCareOccasion,
)

from .common import CustomerMaintenanceCase


@tagged("post_install", "-at_install")
class TestCareCron(CustomerMaintenanceCase):
    """Greetings are sent one company per scheduled call, as the nightly
    recomputations are: a failure loses one batch, a rerun completes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Occasion = cls.env["customer.care.occasion"]
        cls.birthday = cls.env.ref("customer_maintenance.care_occasion_birthday")
        (cls.Occasion.search([]) - cls.birthday).active = False
        cls.env["res.partner"].search([("customer_rank", ">", 0)]).customer_rank = 0
        cls.company_2 = cls.env["res.company"].create({"name": "Second Company"})
        values = {
            "customer_rank": 1,
            "tz": "UTC",
            "tier": "c",
            "birthdate_date": date(1980, 3, 5),
        }
        Partner = cls.env["res.partner"]
        cls.first = Partner.create(
            dict(
                values,
                name="First",
                email="first@example.com",
                company_id=cls.company.id,
            )
        )
        cls.second = Partner.create(
            dict(
                values,
                name="Second",
                email="second@example.com",
                company_id=cls.company_2.id,
            )
        )
        cls.cron = cls.env.ref("customer_maintenance.ir_cron_care_greetings")

    def _call(self):
        """One call as Odoo's cron runner makes it, with its progress record;
        a failure rolls the call back."""
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.cron.id, "done": 0, "remaining": 0}
        )
        with self.env.cr.savepoint():
            self.Occasion.with_context(
                ir_cron_progress_id=progress.id
            )._cron_send_greetings()
        return progress.done, progress.remaining

    def _logs(self):
        return self.env["customer.care.log"].search(
            [("partner_id", "in", (self.first | self.second).ids)]
        )

    def test_failure_in_the_second_company_keeps_the_first(self):
        greet = CustomerCareOccasion._greet

        def failing_greet(occasion, partner, day):
            if partner == self.second:
                raise RuntimeError("mail server down")
            return greet(occasion, partner, day)

        with freeze_time(datetime(2026, 3, 5, 9)):
            self.assertEqual(self._call(), (1, 1))  # the first company
            self.assertEqual(self._logs().partner_id, self.first)
            with (
                patch.object(CustomerCareOccasion, "_greet", failing_greet),
                self.assertRaises(RuntimeError),
            ):
                self._call()
            # the first company's greeting is kept, the second one is not sent
            self.assertEqual(self._logs().partner_id, self.first)
            # the rerun greets the second company's customer only
            self.assertEqual(self._call(), (1, 0))
            self.assertEqual(self._call(), (0, 0))
        logs = self._logs()
        self.assertEqual(len(logs), 2)
        self.assertEqual(logs.partner_id, self.first | self.second)
        for partner in self.first | self.second:
            comments = partner.message_ids.filtered(
                lambda m: m.message_type == "comment"
            )
            self.assertEqual(len(comments), 1)

    def test_bounded_batch(self):
        self.first.copy({"name": "First bis", "customer_rank": 1})
        with (
            freeze_time(datetime(2026, 3, 5, 9)),
            patch.object(CustomerCareOccasion, "_GREETING_BATCH", 1),
        ):
            self.assertEqual(self._call(), (1, 2))
            self.assertEqual(self._call(), (1, 1))
            self.assertEqual(self._call(), (1, 0))
            self.assertEqual(self._call(), (0, 0))
        self.assertEqual(len(self._logs()), 2)
