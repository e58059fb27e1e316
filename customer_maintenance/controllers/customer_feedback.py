from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from ..models.customer_feedback import DESCRIPTION_MAX_CHARS

# what a body may weigh before Odoo parses it (the text itself: 10,000 chars)
MAX_FORM_BYTES = 200_000


class CustomerFeedbackController(http.Controller):
    """The public feedback form and the satisfaction links of the e-mails.

    Nobody is logged in: every read and write goes through ``sudo()`` on the
    one customer (or rating) the token designates, and nothing else.
    """

    def _customer_or_404(self, token):
        partner = request.env["res.partner"]._find_by_feedback_token(token)
        if not partner:
            raise NotFound()
        request.update_context(lang=partner.lang or request.env.lang)
        return partner

    def _feedback_types(self):
        Feedback = request.env["customer.feedback"]
        return Feedback._fields["feedback_type"]._description_selection(request.env)

    def _render_form(self, partner, token, error=None, values=None, status=200):
        return request.render(
            "customer_maintenance.customer_feedback_form_page",
            {
                "partner": partner,
                "token": token,
                "feedback_types": self._feedback_types(),
                "error": error,
                "values": values or {},
                "max_chars": DESCRIPTION_MAX_CHARS,
            },
            status=status,
        )

    @http.route(
        "/customer-feedback/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def feedback_form(self, token, **kwargs):
        partner = self._customer_or_404(token)
        return self._render_form(partner, token)

    @http.route(
        "/customer-feedback/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def feedback_submit(self, token, feedback_type=None, description=None, **kwargs):
        partner = self._customer_or_404(token)
        length = request.httprequest.content_length or 0
        values = {"feedback_type": feedback_type, "description": description or ""}
        try:
            if length > MAX_FORM_BYTES:
                raise ValidationError(
                    request.env._(
                        "Your message is too long: at most %(max)s characters.",
                        max=DESCRIPTION_MAX_CHARS,
                    )
                )
            with request.env.cr.savepoint():
                request.env["customer.feedback"].sudo()._submit_from_form(
                    partner, feedback_type, description
                )
        except ValidationError as error:
            return self._render_form(
                partner, token, error=error.args[0], values=values, status=400
            )
        return request.render(
            "customer_maintenance.customer_feedback_thanks_page",
            {"partner": partner},
        )

    @http.route(
        "/customer-feedback/rate/<string:token>/<int:score>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def feedback_rate(self, token, score, **kwargs):
        """Satisfaction score (1 to 5) from the link of the rating e-mail."""
        if score not in range(1, 6):
            raise NotFound()
        rating = (
            request.env["rating.rating"]
            .sudo()
            .search(
                [("access_token", "=", token), ("res_model", "=", "customer.feedback")],
                limit=1,
            )
        )
        feedback = (
            rating
            and request.env["customer.feedback"].sudo().browse(rating.res_id).exists()
        )
        if not feedback:
            raise NotFound()
        request.update_context(lang=rating.partner_id.lang or request.env.lang)
        feedback.rating_apply(
            score,
            rating=rating,
            feedback=request.env._("Satisfaction: %(score)s/5", score=score),
        )
        return request.render(
            "customer_maintenance.customer_feedback_rated_page",
            {"score": score, "feedback": feedback},
        )
