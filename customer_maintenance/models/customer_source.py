from odoo import fields, models


class CustomerSource(models.Model):
    _name = "customer.source"
    _description = "Customer Source Channel"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    _sql_constraints = [
        (
            "name_uniq",
            "unique (name)",
            "A source channel with this name already exists.",
        ),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("source_id", "in", self.ids)], ["source_id"], ["__count"]
            )
        )
        for source in self:
            source.partner_count = counts.get(source, 0)

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_maintenance.res_partner_action_customer_file"
        )
        action["domain"] = [("source_id", "=", self.id)]
        action["context"] = {"default_source_id": self.id}
        return action
