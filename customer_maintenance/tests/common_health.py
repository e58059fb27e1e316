from datetime import datetime, timedelta

from odoo.tools import SQL

from .common_tier import TODAY, TierCase


class HealthCase(TierCase):
    """Customers whose stored figures (tier, interval, rating, schedule) are
    set by hand, so that each part of the health score is known."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.health = cls.env["customer.health.policy"]._get_for_company(cls.company)
        cls.stage_new = cls.env.ref("customer_maintenance.customer_feedback_stage_new")
        cls.stage_resolved = cls.env.ref(
            "customer_maintenance.customer_feedback_stage_resolved"
        )

    @classmethod
    def _weights(cls, **weights):
        """Only the parts named count (the others weigh 0)."""
        cls.health.write(
            {
                f"weight_{part}": weights.get(part, 0.0)
                for part in ("value", "recency", "care", "service", "payment")
            }
        )

    def _store(self, partner, company=None, **values):
        """Store company-dependent figures as the nightly runs would."""
        company = company or self.company
        self.env["res.partner"].flush_model()
        for column, value in values.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET %(column)s = COALESCE(%(column)s, "
                    "'{}'::jsonb) || jsonb_build_object(%(company)s, %(value)s)"
                    " WHERE commercial_partner_id = %(id)s",
                    column=SQL.identifier(column),
                    company=str(company.id),
                    value=value,
                    id=partner.id,
                )
            )
        self.env["res.partner"].invalidate_model()

    def _run(self, today=TODAY, policy=None, partner_ids=None):
        policy = policy or self.health
        return policy.with_company(policy.company_id)._recompute_health(
            today, partner_ids
        )

    def _read(self, partner, company=None):
        partner = partner.with_company(company or self.company)
        return {
            "score": partner.health_score,
            "band": partner.health_band,
            "stage": partner.lifecycle_stage,
            "missing": partner.health_missing_parts or "",
        }

    def _followup(self, partner, days_ago, state, **values):
        when = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())
        return (
            self.env["customer.followup"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": self.rep.id,
                    "company_id": self.company.id,
                    "planned_datetime": when + timedelta(hours=9),
                    "state": state,
                    "outcome": "talked" if state == "done" else False,
                    **values,
                }
            )
        )

    def _feedback(self, partner, days_ago, stage, rating=0.0, late=False, **values):
        received = datetime.combine(
            TODAY - timedelta(days=days_ago), datetime.min.time()
        )
        feedback = (
            self.env["customer.feedback"]
            .with_company(self.company)
            .create(
                {
                    "name": "Feedback",
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "feedback_type": "complaint",
                    "date_received": received,
                    "stage_id": stage.id,
                    **values,
                }
            )
        )
        feedback.flush_recordset()
        # the deadline passed (late) or is far ahead, whatever the SLA table
        deadline = received + timedelta(days=1 if late else 3650)
        self.env.cr.execute(
            SQL(
                "UPDATE customer_feedback SET deadline = %s, rating_last_value = %s,"
                " resolved_date = CASE WHEN is_resolved THEN %s END WHERE id = %s",
                deadline,
                rating,
                received + timedelta(hours=2),
                feedback.id,
            )
        )
        feedback.invalidate_recordset()
        return feedback
