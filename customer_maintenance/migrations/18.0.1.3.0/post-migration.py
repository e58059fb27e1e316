"""Customer margins: the product lines of the customer invoices and refunds
posted before the upgrade get a cost, their product's current cost in the
invoice's company (the cost at invoicing was not kept); lines without one
are flagged uncosted. One statement, whatever the number of lines."""


def migrate(cr, version):
    cr.execute(
        """
        WITH costs AS (
            SELECT line.id,
                   (product.standard_price->>line.company_id::text)::numeric
                       * product_uom.factor / NULLIF(line_uom.factor, 0) AS unit,
                   CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                       AS sign
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
         LEFT JOIN product_product product ON product.id = line.product_id
         LEFT JOIN product_template template
                ON template.id = product.product_tmpl_id
         LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
         LEFT JOIN uom_uom line_uom
                ON line_uom.id = COALESCE(line.product_uom_id, template.uom_id)
             WHERE line.customer_cost IS NULL
               AND line.display_type = 'product'
               AND move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
        )
        UPDATE account_move_line line
           SET customer_cost = ROUND(
                   costs.sign * line.quantity * COALESCE(costs.unit, 0), 2),
               customer_cost_missing = COALESCE(costs.unit, 0) = 0
          FROM costs
         WHERE costs.id = line.id
        """
    )
