"""Health score and lifecycle stage of a customer, per company: the figures
the nightly run stores (``customer.health.policy``), why the score is what it
is, *Recompute* for one customer, and the stage a manager sets and locks by
hand (its history)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .customer_health_policy import HEALTH_BANDS, HEALTH_PARTS, LIFECYCLE_STAGES


class ResPartner(models.Model):
    _inherit = "res.partner"

    _LIFECYCLE_MANAGER_FIELDS = frozenset(
        {"lifecycle_stage", "lifecycle_stage_locked", "lifecycle_stage_lock_reason"}
    )

    # Health, per company: stored by the nightly run
    health_score = fields.Float(
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="0 to 100, weighted from value, recency, care, service and payment "
        "(see Why This Score). Recomputed every night.",
    )
    health_band = fields.Selection(
        HEALTH_BANDS,
        company_dependent=True,
        readonly=True,
        help="Healthy, watch or at risk, from the score and the thresholds of the "
        "company's health policy.",
    )
    health_value_points = fields.Float(
        string="Value Points", company_dependent=True, readonly=True, digits=(16, 1)
    )
    health_recency_points = fields.Float(
        string="Recency Points", company_dependent=True, readonly=True, digits=(16, 1)
    )
    health_care_points = fields.Float(
        string="Care Points", company_dependent=True, readonly=True, digits=(16, 1)
    )
    health_service_points = fields.Float(
        string="Service Points", company_dependent=True, readonly=True, digits=(16, 1)
    )
    health_payment_points = fields.Float(
        string="Payment Points", company_dependent=True, readonly=True, digits=(16, 1)
    )
    health_missing_parts = fields.Char(
        string="Parts Without Data", company_dependent=True, readonly=True
    )
    health_reason = fields.Text(
        string="Why This Score", compute="_compute_health_reason"
    )

    # Lifecycle stage, per company: named by the nightly run, or set by hand
    lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        company_dependent=True,
        tracking=True,
        help="Named every night: prospect (never invoiced), new (first invoice "
        "recent), active, at risk (band at risk or silent too long), dormant "
        "(frozen segment), lost (marked lost), won back (invoicing again after "
        "dormant or lost). Managers can set and lock it.",
    )
    lifecycle_stage_since = fields.Date(
        string="Stage Since", company_dependent=True, readonly=True
    )
    lifecycle_stage_locked = fields.Boolean(
        string="Stage Locked",
        company_dependent=True,
        tracking=True,
        help="A locked stage is kept by the nightly run, which still updates the "
        "score.",
    )
    lifecycle_stage_lock_reason = fields.Char(
        string="Stage Lock Reason", company_dependent=True, tracking=True
    )
    health_history_ids = fields.One2many("customer.health.history", "partner_id")

    @api.depends_context("company")
    def _compute_health_reason(self):
        policy = self.env["customer.health.policy"]._get_for_company(self.env.company)
        for partner in self:
            partner.health_reason = partner._health_explanation(policy)

    def _health_explanation(self, policy):
        """Each part of the score with its points and weight, in words."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.health_band:
            return "\n".join(
                [
                    self.env._("Not scored: no data yet in any part."),
                    *partner._lifecycle_lock_lines(),
                ]
            )
        labels = {
            "value": self.env._("Value (tier and trend)"),
            "recency": self.env._("Recency (last invoice)"),
            "care": self.env._("Care (follow-ups)"),
            "service": self.env._("Service (feedback)"),
            "payment": self.env._("Payment (credit)"),
        }
        missing = set(filter(None, (partner.health_missing_parts or "").split(",")))
        weights = policy._weights()
        total = sum(weights[part] for part in HEALTH_PARTS if part not in missing)
        lines = []
        for part in HEALTH_PARTS:
            if part in missing:
                lines.append(
                    self.env._(
                        "%(part)s: no data, scored on the other parts.",
                        part=labels[part],
                    )
                )
                continue
            lines.append(
                self.env._(
                    "%(part)s → %(points)s points, weight %(weight)s%%",
                    part=labels[part],
                    points=round(partner[f"health_{part}_points"]),
                    weight=round(weights[part] * 100 / (total or 1)),
                )
            )
        bands = dict(HEALTH_BANDS)
        lines.append(
            self.env._(
                "Score %(score)s (%(band)s): healthy from %(healthy)s, watch from "
                "%(watch)s.",
                score=round(partner.health_score),
                band=bands[partner.health_band],
                healthy=policy.band_healthy,
                watch=policy.band_watch,
            )
        )
        return "\n".join(lines + partner._lifecycle_lock_lines())

    def _lifecycle_lock_lines(self):
        if not self.lifecycle_stage_locked:
            return []
        return [
            self.env._(
                "Stage set by hand and locked: %s",
                self.lifecycle_stage_lock_reason or "",
            )
        ]

    @api.constrains("lifecycle_stage_locked", "lifecycle_stage_lock_reason")
    def _check_lifecycle_stage_lock_reason(self):
        for partner in self:
            if (
                partner.lifecycle_stage_locked
                and not (partner.lifecycle_stage_lock_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the lifecycle stage of %s is locked.",
                        partner.display_name,
                    )
                )

    def write(self, vals):
        if self._LIFECYCLE_MANAGER_FIELDS.intersection(vals):
            self._check_lifecycle_manager()
            if "lifecycle_stage" in vals:
                self.env["customer.health.history"]._log_manual_stage(self, vals)
                # a stage set by hand starts today (contacts copy their company's)
                vals = {
                    "lifecycle_stage_since": fields.Date.context_today(self),
                    **vals,
                }
        return super().write(vals)

    def _check_lifecycle_manager(self):
        if self._is_maintenance_manager():
            return
        raise AccessError(
            self.env._(
                "Only Customer Maintenance managers can set the lifecycle stage (%s).",
                ", ".join(self.mapped("display_name")),
            )
        )

    def _commercial_fields(self):
        # a company's contacts share its health and stage
        return [
            *super()._commercial_fields(),
            *self.env["customer.health.policy"]._FIGURES,
            "lifecycle_stage_locked",
            "lifecycle_stage_lock_reason",
        ]

    def action_view_health_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.customer_health_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_recompute_health(self):
        """Score these customers (their commercial entities) now, and no one
        else."""
        policy = self.env["customer.health.policy"]._get_for_company(self.env.company)
        policy.with_company(self.env.company)._recompute_health(
            partner_ids=self.commercial_partner_id.ids
        )
        return True
