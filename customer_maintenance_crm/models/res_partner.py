from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sales_stage_id = fields.Many2one(
        "crm.stage",
        compute="_compute_sales_stage_id",
        help="The furthest stage of CRM's pipeline among the customer's open "
        "opportunities (its own and its contacts'): consultation, first contact, "
        "needs, negotiation... as the stages are named in CRM.",
    )

    @api.depends_context("company")
    def _compute_sales_stage_id(self):
        customers = self.commercial_partner_id
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("type", "=", "opportunity"),
                    ("partner_id", "child_of", customers.ids),
                    ("stage_id.is_won", "=", False),
                    ("company_id", "in", [False, self.env.company.id]),
                ],
                ["partner_id", "stage_id"],
            )
        )
        furthest = {}
        for partner, stage in groups:
            customer = partner.commercial_partner_id
            known = furthest.get(customer)
            if not known or (stage.sequence, stage.id) > (known.sequence, known.id):
                furthest[customer] = stage
        for partner in self:
            stage = furthest.get(partner.commercial_partner_id)
            partner.sales_stage_id = stage.with_env(self.env) if stage else False
