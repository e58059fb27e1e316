from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The default map, first match by sequence: (key, R min, R max, FM min, FM max),
# FM being the average of the F and M scores rounded half up. Every one of
# the 25 cells of R x FM falls in a segment.
DEFAULT_SEGMENTS = [
    ("champions", 4, 5, 4, 5),
    ("loyal", 3, 5, 3, 5),
    ("new", 5, 5, 1, 1),
    ("promising", 4, 4, 1, 1),
    ("potential_loyalists", 4, 5, 2, 2),
    ("need_attention", 3, 3, 2, 2),
    ("about_to_sleep", 2, 3, 1, 1),
    ("cant_lose_them", 1, 1, 4, 5),
    ("at_risk", 1, 2, 3, 5),
    ("hibernating", 1, 2, 2, 2),
    ("lost", 1, 1, 1, 1),
]


class CustomerRfmSegment(models.Model):
    """One row of a company's RFM map: the customers whose recency score and
    FM score (average of frequency and monetary, rounded half up) fall in its
    ranges belong to it, unless an earlier row (by sequence) matched."""

    _name = "customer.rfm.segment"
    _description = "RFM Segment"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
        index=True,
    )
    color = fields.Integer()
    r_min = fields.Integer(string="Recency From", default=1, required=True)
    r_max = fields.Integer(string="Recency To", default=5, required=True)
    fm_min = fields.Integer(
        string="Frequency-Monetary From",
        default=1,
        required=True,
        help="FM score: the average of the frequency and monetary scores, "
        "rounded half up.",
    )
    fm_max = fields.Integer(string="Frequency-Monetary To", default=5, required=True)
    description = fields.Text(translate=True)

    @api.constrains("r_min", "r_max", "fm_min", "fm_max")
    def _check_ranges(self):
        for segment in self:
            if not (
                1 <= segment.r_min <= segment.r_max <= 5
                and 1 <= segment.fm_min <= segment.fm_max <= 5
            ):
                raise ValidationError(
                    self.env._(
                        "The score ranges of %s must lie between 1 and 5, "
                        "lowest first.",
                        segment.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        segments = super().create(vals_list)
        if not self.env.context.get("rfm_no_recompute"):
            segments._recompute_companies()
        return segments

    def write(self, vals):
        res = super().write(vals)
        if {"r_min", "r_max", "fm_min", "fm_max", "sequence", "active"} & set(vals):
            self._recompute_companies()
        return res

    def unlink(self):
        companies = self.company_id
        res = super().unlink()
        self.env["customer.rfm.segment"]._recompute_companies(companies)
        return res

    def _recompute_companies(self, companies=None):
        """A changed map moves the customers of its companies at once."""
        companies = self.company_id if companies is None else companies
        policies = (
            self.env["customer.tier.policy"]
            .sudo()
            .search(
                [("company_id", "in", companies.ids), ("last_computed", "!=", False)]
            )
        )  # a policy never computed waits for the nightly run
        for policy in policies:
            policy.with_company(policy.company_id)._recompute_rfm()

    @api.model
    def _create_default_map(self, companies=None):
        """Give each company without a map the default one, copied from the
        main company's rows so that their translations come along."""
        companies = companies or self.env["res.company"].search([("id", "!=", 0)])
        templates = [
            (self.env.ref(f"customer_maintenance.customer_rfm_segment_{key}", False), r)
            for key, *r in DEFAULT_SEGMENTS
        ]
        with_map = set(
            self.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        for company in companies.filtered(lambda c: c.id not in with_map):
            for sequence, (template, (r_min, r_max, fm_min, fm_max)) in enumerate(
                templates, start=1
            ):
                if not template:
                    continue
                template.sudo().with_context(rfm_no_recompute=True).copy(
                    {
                        "company_id": company.id,
                        "sequence": sequence * 10,
                        "r_min": r_min,
                        "r_max": r_max,
                        "fm_min": fm_min,
                        "fm_max": fm_max,
                        "active": True,
                    }
                )


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["customer.rfm.segment"]._create_default_map(companies)
        return companies
