from odoo import api, fields, models
from odoo.tools import SQL


class CustomerStateHistoryMixin(models.AbstractModel):
    """The history of a customer's state in a company (its ABC tier, its
    credit rating): who changed it from what to what, when, why, and the
    figure it came from; and the one way such changes are logged.

    A history model declares the columns it keeps (``_old_field``,
    ``_new_field``, ``_figure_field``) and the partner fields they follow
    (``_partner_state_field``, ``_partner_figure_field``,
    ``_partner_reason_field``). Changes are logged by:

    - ``_insert_changes_sql``: a nightly recomputation's history, inside its
      one SQL statement;
    - ``_log_manual_changes``: a state a manager sets by hand;
    - ``_note_changes``: one chatter note per customer whose state really
      moved (from a previous state), in one ``_message_log_batch``.
    """

    _name = "customer.state.history.mixin"
    _description = "Customer State Change"
    _order = "date desc, id desc"
    _check_company_auto = True

    _old_field = None
    _new_field = None
    _figure_field = None
    _partner_state_field = None
    _partner_figure_field = None
    _partner_reason_field = None

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Char()
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user
    )

    @api.model
    def _insert_changes_sql(self, company, today, state, figure, extra=None):
        """SQL: insert the history of the rows of a ``result`` query whose
        ``state`` column differs from its ``old_<state>`` one (a new state
        NULL is no change), returning ``(partner_id, old, new, figure)``.
        ``extra`` maps more history columns to their SQL values."""
        old = SQL.identifier(f"old_{state}")
        new = SQL.identifier(state)
        extra = extra or {}
        extra_columns = SQL("").join(
            SQL(", %s", SQL.identifier(column)) for column in extra
        )
        extra_values = SQL("").join(SQL(", %s", value) for value in extra.values())
        return SQL(
            """
            INSERT INTO %(table)s
                   (partner_id, company_id, date, %(old_field)s, %(new_field)s,
                    %(figure_field)s%(extra_columns)s, user_id, create_uid,
                    create_date, write_uid, write_date)
            SELECT id, %(company_id)s, %(today)s, %(old)s, %(new)s,
                   %(figure)s%(extra_values)s, %(uid)s,
                   %(uid)s, NOW() AT TIME ZONE 'UTC',
                   %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM result
             WHERE %(new)s IS NOT NULL
               AND %(old)s IS DISTINCT FROM %(new)s
         RETURNING partner_id, %(old_field)s, %(new_field)s, %(figure_field)s
            """,
            table=SQL.identifier(self._table),
            old_field=SQL.identifier(self._old_field),
            new_field=SQL.identifier(self._new_field),
            figure_field=SQL.identifier(self._figure_field),
            company_id=company.id,
            today=today,
            old=old,
            new=new,
            figure=SQL.identifier(figure),
            extra_columns=extra_columns,
            extra_values=extra_values,
            uid=self.env.uid,
        )

    @api.model
    def _log_manual_changes(self, partners, vals):
        """Keep the history of the state a user sets by hand in ``vals`` on
        ``partners`` (commercial entities only: contacts follow them), in the
        current company. The field's tracking notes it in the chatter."""
        new = vals[self._partner_state_field]
        state = self._partner_state_field
        changed = partners.filtered(lambda p: p[state] != new and not p.parent_id)
        if not (new and changed):
            return self.browse()
        reason = self._partner_reason_field
        return self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    self._old_field: partner[state],
                    self._new_field: new,
                    self._figure_field: partner.sudo()[self._partner_figure_field],
                    "reason": vals.get(reason) or partner.sudo()[reason],
                }
                for partner in changed
            ]
        )

    @api.model
    def _note_changes(self, changes, describe):
        """One chatter note per customer of ``changes`` (rows of
        ``_insert_changes_sql``) whose state moved from a previous one (the
        first state is not noted), with the body ``describe(old, new, figure)``.
        """
        bodies = {
            partner_id: describe(old, new, figure)
            for partner_id, old, new, figure in changes
            if old
        }
        if bodies:
            self.env["res.partner"].browse(list(bodies))._message_log_batch(bodies)
