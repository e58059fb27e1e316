from odoo import api, fields, models
from odoo.tools import SQL


class CustomerCompanyPolicy(models.AbstractModel):
    """What the tier and credit policies share: one record per company, a
    nightly recomputation run one company per call, and figures written on the
    customers as company-dependent values in one SQL statement.

    A policy declares ``_FIGURES`` (company-dependent column of res.partner ->
    (column of its result query, SQL type)) and ``_HISTORY_MODEL`` (a
    ``customer.state.history.mixin`` keeping the changes of one of the
    figures), and implements ``_recompute`` and ``_change_note``.
    """

    _name = "customer.company.policy"
    _description = "Customer Policy of a Company"
    _rec_name = "company_id"
    _check_company_auto = True

    _FIGURES = {}
    _HISTORY_MODEL = None

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
        index=True,
    )
    last_computed = fields.Datetime(readonly=True, copy=False)

    @api.model
    def _get_for_company(self, company):
        """The company's policy, created on first use. In a read-only
        transaction (a request Odoo serves from a read replica) a company
        without one gets the defaults, unsaved."""
        policy = self.sudo().search([("company_id", "=", company.id)], limit=1)
        if policy:
            return policy
        if self.env.cr.readonly:
            return self.sudo().new({"company_id": company.id})
        return self.sudo().create({"company_id": company.id})

    @api.model
    def action_open_current(self):
        policy = self._get_for_company(self.env.company)
        return {
            "type": "ir.actions.act_window",
            "name": self.env["ir.model"]._get(self._name).name,
            "res_model": self._name,
            "res_id": policy.id,
            "view_mode": "form",
            "target": "current",
        }

    def _recompute(self, today):
        """Recompute the figures of the policy's company as of ``today``."""
        raise NotImplementedError

    def _history_extra_sql(self):
        """More columns of the history rows of a recomputation:
        {history column: SQL value over ``result``}."""
        return {}

    def _change_note(self, old, new, figure):
        """The chatter note of a customer whose state moved from ``old`` to
        ``new`` with ``figure`` (see ``_HISTORY_MODEL``)."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # Writing the figures
    # ------------------------------------------------------------------

    def _stored_figures_sql(self, figures=None):
        """SQL: the stored figures of ``partner``, as ``old_<result column>``."""
        figures = self._FIGURES if figures is None else figures
        company = str(self.company_id.id)
        return SQL(", ").join(
            SQL(
                "(partner.%s->>%s)::%s AS %s",
                SQL.identifier(column),
                company,
                SQL(sql_type),
                SQL.identifier(f"old_{source}"),
            )
            for column, (source, sql_type) in figures.items()
        )

    def _write_figures(self, result, today, unchanging=(), complete=True):
        """Run ``result`` (a query of the new figures, with the stored ones as
        ``old_*``), write the figures that differ on the commercial partners
        and their contacts and keep the history of the state that changed, in
        one statement; note each change in the chatter. A change of the
        ``unchanging`` columns alone is not written. A run over some customers
        only (not ``complete``) leaves the company's last computation date
        alone.

        Returns ``[(partner_id, old, new, figure)]`` for the customers whose
        state changed."""
        self.ensure_one()
        History = self.env[self._HISTORY_MODEL]
        history = History._insert_changes_sql(
            self.company_id,
            today,
            state=self._FIGURES[History._partner_state_field][0],
            figure=self._FIGURES[History._partner_figure_field][0],
            extra=self._history_extra_sql(),
        )
        rows = self._update_figures(result, history, unchanging)
        if complete:
            self.last_computed = fields.Datetime.now()
        History._note_changes(rows, self._change_note)
        return rows

    def _update_figures(self, result, history, unchanging=(), figures=None):
        """The statement under ``_write_figures``: run ``result``, write the
        ``figures`` (default ``_FIGURES``) that differ on the commercial
        partners and their contacts, run ``history`` (a query over ``result``
        and ``updated``) and return its rows."""
        self.ensure_one()
        figures = self._FIGURES if figures is None else figures
        company = str(self.company_id.id)
        assignments = SQL(", ").join(
            SQL(
                "%(column)s = COALESCE(partner.%(column)s, '{}'::jsonb)"
                " || jsonb_build_object(%(company)s, result.%(source)s)",
                column=SQL.identifier(column),
                company=company,
                source=SQL.identifier(source),
            )
            for column, (source, _type) in figures.items()
        )
        differences = SQL(" OR ").join(
            SQL(
                "result.%s IS DISTINCT FROM result.%s",
                SQL.identifier(f"old_{source}"),
                SQL.identifier(source),
            )
            for column, (source, _type) in figures.items()
            if column not in unchanging
        )
        Partner = self.env["res.partner"]
        Partner.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH result AS (%(result)s),
                updated AS (
                    UPDATE res_partner partner
                       SET %(assignments)s
                      FROM result
                     WHERE partner.commercial_partner_id = result.id
                       AND (%(differences)s)
                 RETURNING partner.id
                ),
                history AS (%(history)s)
                SELECT * FROM history
                """,
                result=result,
                assignments=assignments,
                differences=differences,
                history=history,
            )
        )
        rows = self.env.cr.fetchall()
        Partner.invalidate_model()
        return rows

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_recompute(self):
        """Recompute one company per call (see ``_cron_one_company``)."""
        self._cron_one_company(
            "last_computed", lambda policy, today: policy._recompute(today)
        )

    @api.model
    def _cron_one_company(self, stamp, run):
        """The shape of our scheduled work: call ``run(policy, today)`` for the
        first active company whose policy's ``stamp`` (a Date or Datetime
        field) is not today yet, stamp it, and report the progress. Odoo's
        cron calls again while some remain and commits after each call, so a
        failure loses one company's work and the next run resumes with the
        companies not done today. Returns how many companies remain."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("active", "=", True)])
        # every company's, whoever calls: the scheduled action runs as superuser
        policies = self.sudo().browse([self._get_for_company(c).id for c in companies])
        todo = policies.filtered(lambda p: not p[stamp] or p._stamp_day(stamp) < today)
        if not todo:
            return 0
        policy = todo[0].with_company(todo[0].company_id)
        run(policy, today)
        field = self._fields[stamp]
        policy[stamp] = fields.Datetime.now() if field.type == "datetime" else today
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(todo) - 1)
        return len(todo) - 1

    def _stamp_day(self, stamp):
        value = self[stamp]
        if self._fields[stamp].type == "datetime":
            return fields.Date.context_today(self, value)
        return value
