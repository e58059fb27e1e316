from odoo import fields, models
from odoo.tools import SQL


class CustomerPaymentReport(models.Model):
    """The shipment and collection record (回款记录): what was invoiced to each
    customer and what was collected, one row per receivable item, so that a
    graph by month and kind shows both side by side."""

    _name = "customer.payment.report"
    _description = "Invoiced and Collected"
    _auto = False
    _order = "date desc"
    _depends = {
        "account.move.line": [
            "partner_id",
            "company_id",
            "account_id",
            "balance",
            "date",
            "parent_state",
        ],
        "account.move": ["move_type"],
    }

    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(readonly=True)
    kind = fields.Selection(
        [("invoiced", "Invoiced"), ("collected", "Collected")], readonly=True
    )
    amount = fields.Monetary(
        readonly=True,
        help="Invoices net of credit notes, and payments received, in company "
        "currency.",
    )
    maintenance_user_id = fields.Many2one(
        "res.users", string="Maintenance Owner", readonly=True
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id,
                   line.move_id,
                   line.partner_id,
                   line.company_id,
                   company.currency_id,
                   line.date,
                   CASE WHEN move.move_type = 'entry' THEN 'collected'
                        ELSE 'invoiced' END AS kind,
                   CASE WHEN move.move_type = 'entry' THEN -line.balance
                        ELSE line.balance END AS amount,
                   partner.maintenance_user_id
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN account_account account ON account.id = line.account_id
              JOIN res_company company ON company.id = line.company_id
              JOIN res_partner partner ON partner.id = line.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND line.parent_state = 'posted'
               AND (move.move_type IN ('out_invoice', 'out_refund', 'out_receipt')
                    OR (move.move_type = 'entry' AND line.balance < 0))
            """
        )
