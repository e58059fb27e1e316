from odoo import models
from odoo.tools import SQL


class CustomerCreditPolicy(models.Model):
    _inherit = "customer.credit.policy"

    def _open_orders_query(self, partner_ids=None):
        """Confirmed sale orders of the company not invoiced yet: their untaxed
        amount still to invoice, in company currency, per commercial partner."""
        self.env["sale.order.line"].flush_model(
            ["order_id", "untaxed_amount_to_invoice"]
        )
        self.env["sale.order"].flush_model(
            ["partner_id", "company_id", "state", "currency_rate"]
        )
        return SQL(
            """
            SELECT partner.commercial_partner_id AS partner_id,
                   SUM(line.untaxed_amount_to_invoice
                       / COALESCE(NULLIF(sale.currency_rate, 0), 1)) AS amount
              FROM sale_order_line line
              JOIN sale_order sale ON sale.id = line.order_id
              JOIN res_partner partner ON partner.id = sale.partner_id
             WHERE sale.company_id = %(company_id)s
               AND sale.state = 'sale'
               AND line.untaxed_amount_to_invoice > 0
               AND %(partners)s
          GROUP BY partner.commercial_partner_id
            """,
            company_id=self.company_id.id,
            partners=SQL("partner.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL("TRUE"),
        )
