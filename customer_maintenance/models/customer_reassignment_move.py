from collections import defaultdict

from odoo import models
from odoo.tools import SQL


class CustomerReassignment(models.Model):
    """What a reassignment moves, defined once: the preview counts it
    (``_count_moves``) and the move applies it (``_apply_moves``), so the
    preview is what happens."""

    _inherit = "customer.reassignment"

    # model, counter and what "open" means for the documents of crm and sale
    _DOCUMENTS = {
        "crm.lead": (
            "leads",
            [("type", "=", "opportunity"), ("probability", "<", 100)],
        ),
        "sale.order": ("orders", [("state", "in", ("draft", "sent"))]),
    }

    def _moves_sql(self, plan):
        return SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[]) AS move(partner_id, user_id)",
            [partner.id for partner in plan],
            list(plan.values()),
        )

    def _selections(self, departed, plan):
        """What the move of ``plan`` takes from ``departed``: per kind, the
        table and a query of ``(id, user_id)``, the record and its new user.

        - follow-ups: the planned ones of these customers that are his;
        - feedback: the open feedback of these customers he answers;
        - activities: his open activities on these customers, their contacts,
          their planned follow-ups and their open feedback.
        """
        moves = self._moves_sql(plan)
        params = {"departed": departed.id, "moves": moves}
        return {
            "followups": (
                "customer_followup",
                SQL(
                    """SELECT followup.id, move.user_id
                         FROM customer_followup followup
                         JOIN (%(moves)s) move ON move.partner_id = followup.partner_id
                        WHERE followup.state = 'planned'
                          AND followup.user_id = %(departed)s""",
                    **params,
                ),
            ),
            "feedback": (
                "customer_feedback",
                SQL(
                    """SELECT feedback.id, move.user_id
                         FROM customer_feedback feedback
                         JOIN (%(moves)s) move ON move.partner_id = feedback.partner_id
                        WHERE NOT COALESCE(feedback.is_resolved, FALSE)
                          AND feedback.user_id = %(departed)s""",
                    **params,
                ),
            ),
            "activities": (
                "mail_activity",
                SQL(
                    """
                    WITH targets AS (
                        SELECT 'res.partner' AS res_model, partner.id AS res_id,
                               move.user_id
                          FROM res_partner partner
                          JOIN (%(moves)s) move
                            ON move.partner_id = partner.commercial_partner_id
                         UNION ALL
                        SELECT 'customer.followup', followup.id, move.user_id
                          FROM customer_followup followup
                          JOIN (%(moves)s) move
                            ON move.partner_id = followup.partner_id
                         WHERE followup.state = 'planned'
                         UNION ALL
                        SELECT 'customer.feedback', feedback.id, move.user_id
                          FROM customer_feedback feedback
                          JOIN (%(moves)s) move
                            ON move.partner_id = feedback.partner_id
                         WHERE NOT COALESCE(feedback.is_resolved, FALSE)
                    )
                    SELECT activity.id, targets.user_id
                      FROM mail_activity activity
                      JOIN targets
                        ON activity.res_model = targets.res_model
                       AND activity.res_id = targets.res_id
                     WHERE activity.user_id = %(departed)s
                       AND activity.active
                    """,
                    **params,
                ),
            ),
        }

    def _documents(self, model, departed, plan):
        """Open opportunities (crm) or quotations (sale) of the customers of
        ``plan`` held by ``departed``, per target user; the modules are found
        at run time."""
        if model not in self.env:
            return {}
        _key, open_domain = self._DOCUMENTS[model]
        Model = self.env[model].sudo().with_context(active_test=True)
        records = Model.search(
            [
                ("user_id", "=", departed.id),
                ("partner_id.commercial_partner_id", "in", [p.id for p in plan]),
                *open_domain,
            ]
        )
        by_target = defaultdict(lambda: Model)
        for record in records:
            by_target[plan[record.partner_id.commercial_partner_id]] |= record
        return by_target

    def _count_moves(self, departed, plan):
        """``{target user id: {kind: count}}`` of what ``_reassign`` would move,
        moving nothing: the same selections, counted."""
        self.env.flush_all()
        counts = defaultdict(lambda: defaultdict(int))
        for key, (_table, selection) in self._selections(departed, plan).items():
            self._execute_counting(
                SQL(
                    "SELECT user_id, count(*) FROM (%s) selected GROUP BY user_id",
                    selection,
                ),
                counts,
                key,
            )
        for model, (key, _domain) in self._DOCUMENTS.items():
            for target_id, records in self._documents(model, departed, plan).items():
                counts[target_id][key] += len(records)
        return counts

    def _apply_moves(self, departed, plan):
        """Move what ``_selections`` and ``_documents`` select; return the
        counts, as ``_count_moves`` gives them."""
        self.env.flush_all()
        self._move_partners(departed, self._moves_sql(plan))
        counts = defaultdict(lambda: defaultdict(int))
        for key, (table, selection) in self._selections(departed, plan).items():
            self._execute_counting(
                SQL(
                    """
                    WITH moved AS (
                        UPDATE %(table)s record
                           SET user_id = selected.user_id
                          FROM (%(selection)s) selected
                         WHERE record.id = selected.id
                     RETURNING selected.user_id
                    )
                    SELECT user_id, count(*) FROM moved GROUP BY user_id
                    """,
                    table=SQL.identifier(table),
                    selection=selection,
                ),
                counts,
                key,
            )
        self.env.invalidate_all()
        for model, (key, _domain) in self._DOCUMENTS.items():
            for target_id, records in self._documents(model, departed, plan).items():
                records = records.with_context(tracking_disable=True, mail_notrack=True)
                records.write({"user_id": target_id})
                counts[target_id][key] += len(records)
                if model == "crm.lead":
                    body = self._reassign_body(departed, target_id)
                    records._message_log_batch(dict.fromkeys(records.ids, body))
        return counts

    def _execute_counting(self, query, counts, key):
        self.env.cr.execute(query)
        for user_id, count in self.env.cr.fetchall():
            counts[user_id][key] += count

    def _move_partners(self, departed, moves):
        """Owner of the customers and their contacts; salesperson where it was
        the departed user."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner partner
                   SET maintenance_user_id = move.user_id,
                       user_id = CASE WHEN partner.user_id = %(departed)s
                                      THEN move.user_id ELSE partner.user_id END
                  FROM (%(moves)s) move
                 WHERE partner.commercial_partner_id = move.partner_id
                   AND partner.maintenance_user_id = %(departed)s
                """,
                departed=departed.id,
                moves=moves,
            )
        )
