import re

from odoo.tests import HttpCase, tagged

from .common_feedback_form import form_customer


@tagged("post_install", "-at_install")
class TestFeedbackFormLayout(HttpCase):
    """The public feedback pages look like the company's own page: Odoo's
    frontend layout, in the customer's language, naming their contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["web", "portal", "customer_maintenance"], ["zh_CN"], overwrite=True
        )
        cls.company = cls.env.company
        cls.company.name = "Layout Trading 华鑫贸易"
        cls.rep, cls.customer, cls.path = form_customer(
            cls.env, "cm_layout_rep", "Wang Fang", "Layout Customer", "zh_CN"
        )

    def _post(self, path=None, **data):
        page = self.url_open(path or self.path)
        data["csrf_token"] = re.search(
            r'name="csrf_token" value="([^"]+)"', page.text
        ).group(1)
        return self.url_open(path or self.path, data=data)

    def test_doctype_once_and_not_as_text(self):
        pages = [self.url_open(self.path)]
        pages.append(self._post(feedback_type="question", description="Open?"))
        pages.append(self._post(feedback_type="question", description=" "))
        for page in pages:
            with self.subTest(status=page.status_code):
                self.assertTrue(page.text.startswith("<!DOCTYPE html>"), page.text[:80])
                self.assertEqual(page.text.upper().count("<!DOCTYPE"), 1)
                self.assertNotIn("&lt;!DOCTYPE", page.text)

    def test_company_layout(self):
        page = self.url_open(self.path).text
        self.assertIn(f'src="/logo.png?company={self.company.id}"', page)
        self.assertIn("Layout Trading 华鑫贸易", page)
        self.assertIn('name="viewport"', page)
        self.assertIn("/web/assets/", page)  # web.assets_frontend: Bootstrap
        self.assertIn('class="form-select"', page)
        self.assertIn("o_customer_feedback", page)  # hides the "Sign in" link

    def test_customers_language_and_switch(self):
        page = self.url_open(self.path).text
        self.assertIn('lang="zh-CN"', page)
        self.assertIn("您的反馈", page)
        # the footer's language switch stays on this page
        self.assertIn(f'href="{self.path}?lang=en_US"', page)
        self.assertIn(f'href="{self.path}?lang=zh_CN"', page)
        english = self.url_open(self.path + "?lang=en_US").text
        self.assertIn('lang="en-US"', english)
        self.assertIn("Your feedback", english)
        self.assertNotIn("您的反馈", english)
        # the chosen language goes on with the form; an unknown one is ignored
        self.assertIn(f'action="{self.path}?lang=en_US"', english)
        self.assertIn("您的反馈", self.url_open(self.path + "?lang=xx_XX").text)
        answer = self._post(
            self.path + "?lang=en_US", feedback_type="question", description=" "
        )
        self.assertIn("write your feedback", answer.text)

    def test_thanks_page_names_the_owner(self):
        answer = self._post(
            self.path + "?lang=en_US", feedback_type="praise", description="Great"
        )
        self.assertEqual(answer.status_code, 200)
        self.assertIn("Your message reached <strong>Wang Fang</strong>", answer.text)
        answer = self._post(feedback_type="praise", description="很好")
        self.assertIn("您的留言已送达 <strong>Wang Fang</strong>", answer.text)
        self.assertIn('lang="zh-CN"', answer.text)
