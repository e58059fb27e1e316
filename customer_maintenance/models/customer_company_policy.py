from odoo import api, fields, models
from odoo.tools import SQL


class CustomerCompanyPolicy(models.AbstractModel):
    """What the tier and credit policies share: one record per company, a
    nightly recomputation run one company per call, and figures written on the
    customers as company-dependent values in one SQL statement.

    A policy declares ``_FIGURES`` (company-dependent column of res.partner ->
    (column of its result query, SQL type)) and implements ``_recompute``.
    """

    _name = "customer.company.policy"
    _description = "Customer Policy of a Company"
    _rec_name = "company_id"
    _check_company_auto = True

    _FIGURES = {}

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
        policy = self.sudo().search([("company_id", "=", company.id)], limit=1)
        return policy or self.sudo().create({"company_id": company.id})

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

    def _write_figures(self, result, history, unchanging=(), figures=None):
        """Run ``result`` (a query of the new figures, with the stored ones as
        ``old_*``), write the figures that differ on the commercial partners
        and their contacts, run ``history`` (an INSERT ... RETURNING over
        ``result``) and return its rows. A change of the ``unchanging`` columns
        alone is not written. ``figures`` defaults to ``_FIGURES``."""
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
        self.last_computed = fields.Datetime.now()
        return rows

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_recompute(self):
        """Recompute one company per call; Odoo's cron calls again while some
        remain, committing after each, so a long run resumes where it stopped."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("active", "=", True)])
        policies = self.browse([self._get_for_company(c).id for c in companies])
        todo = policies.filtered(
            lambda p: (
                not p.last_computed
                or fields.Date.context_today(p, p.last_computed) < today
            )
        )
        if not todo:
            return
        todo[0].with_company(todo[0].company_id)._recompute(today)
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(todo) - 1)
