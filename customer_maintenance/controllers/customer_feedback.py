from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

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

    def _customer_or_404(self, token, lang=None):
        """The customer of ``token``, the page switched to their language, or
        to ``lang`` when the visitor chose another one of the installed
        languages with the switch (``?lang=``)."""
        partner = request.env["res.partner"]._find_by_feedback_token(token)
        if not partner:
            raise NotFound()
        request.update_context(lang=self._page_lang(partner, lang))
        return partner

    def _page_lang(self, partner, lang):
        installed = request.env["res.lang"]._get_frontend()
        if lang in installed:
            return lang
        return partner.lang if partner.lang in installed else request.env.lang

    def _layout_values(self, partner, path):
        """What ``web.frontend_layout`` (and the language switch that the
        ``portal`` module adds to its footer) needs on a page that is not a
        website page: the customer's company, the installed languages, and
        switch links that stay on this page with ``?lang=``."""
        lang = request.env.lang
        owner = partner.maintenance_user_id or (
            partner.commercial_partner_id.maintenance_user_id
        )
        company = partner.company_id or owner.company_id or request.env.company

        def url_localized(url=None, lang_code=None, **kwargs):
            return f"{url or path}?{url_encode({'lang': lang_code or lang})}"

        return {
            "res_company": company.sudo(),
            "lang": lang,
            "frontend_languages": request.env["res.lang"]._get_frontend(),
            "url_localized": url_localized,
            "html_data": {"lang": lang.replace("_", "-")},
            "owner": owner,
        }

    def _feedback_types(self):
        Feedback = request.env["customer.feedback"]
        return Feedback._fields["feedback_type"]._description_selection(request.env)

    def _render_form(self, partner, token, error=None, values=None, status=200):
        path = f"/customer-feedback/{token}"
        return request.render(
            "customer_maintenance.customer_feedback_form_page",
            {
                **self._layout_values(partner, path),
                "partner": partner,
                "action": f"{path}?{url_encode({'lang': request.env.lang})}",
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
    def feedback_form(self, token, lang=None, **kwargs):
        partner = self._customer_or_404(token, lang)
        return self._render_form(partner, token)

    @http.route(
        "/customer-feedback/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def feedback_submit(
        self, token, feedback_type=None, description=None, lang=None, **kwargs
    ):
        partner = self._customer_or_404(token, lang)
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
                feedback = (
                    request.env["customer.feedback"]
                    .sudo()
                    ._submit_from_form(partner, feedback_type, description)
                )
        except ValidationError as error:
            return self._render_form(
                partner, token, error=error.args[0], values=values, status=400
            )
        layout = self._layout_values(partner, f"/customer-feedback/{token}")
        return request.render(
            "customer_maintenance.customer_feedback_thanks_page",
            {
                **layout,
                "partner": partner,
                "owner": feedback.user_id or layout["owner"],
            },
        )

    @http.route(
        "/customer-feedback/rate/<string:token>/<int:score>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def feedback_rate(self, token, score, lang=None, **kwargs):
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
        partner = feedback.partner_id
        request.update_context(lang=self._page_lang(partner, lang))
        feedback.rating_apply(
            score,
            rating=rating,
            feedback=request.env._("Satisfaction: %(score)s/5", score=score),
        )
        return request.render(
            "customer_maintenance.customer_feedback_rated_page",
            {
                **self._layout_values(partner, request.httprequest.path),
                "score": score,
                "feedback": feedback,
            },
        )
