import re

from odoo.tests import HttpCase, new_test_user, tagged

FORM_READY = (
    "document.readyState === 'complete'"
    " && !!document.querySelector('#customer_feedback_form')"
)
# fills the public form like a visitor and submits it natively into a frame,
# then reports what the answer page says
SUBMIT_IN_BROWSER = """
(async () => {
    const form = document.querySelector('#customer_feedback_form');
    const frame = document.createElement('iframe');
    frame.name = 'feedback_result';
    document.body.appendChild(frame);
    form.target = 'feedback_result';
    form.querySelector('select[name=feedback_type]').value = 'suggestion';
    form.querySelector('textarea[name=description]').value =
        'Please add a night delivery slot.\\nOur shop opens at 22:00.';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
    form.querySelector('#feedback_submit').click();
    await loaded;
    if (frame.contentDocument.querySelector('#feedback_thanks')) {
        console.log('test successful');
    } else {
        console.error('no thank-you page: ' + frame.contentDocument.body.innerText);
    }
})()
"""


@tagged("post_install", "-at_install")
class TestFeedbackForm(HttpCase):
    """The public feedback form, as an anonymous visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, "cm_form_rep", groups="customer_maintenance.group_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Form Customer 华鑫", "maintenance_user_id": cls.rep.id}
        )
        cls.url = cls.customer._get_feedback_url()
        cls.path = "/customer-feedback/" + cls.customer.feedback_token

    def _feedback(self):
        return self.env["customer.feedback"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def _csrf_token(self):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, **data):
        data.setdefault("csrf_token", self._csrf_token())
        return self.url_open(self.path, data=data)

    def test_visitor_submits_in_browser(self):
        self.browser_js(self.path, SUBMIT_IN_BROWSER, FORM_READY, login=None)
        feedback = self._feedback()
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.channel, "form")
        self.assertEqual(feedback.feedback_type, "suggestion")
        self.assertEqual(feedback.user_id, self.rep)
        self.assertIn("night delivery slot", feedback.description)
        activity = feedback.activity_ids
        self.assertEqual(activity.user_id, self.rep)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("customer_maintenance.mail_activity_type_feedback"),
        )

    def test_unknown_revoked_or_archived_is_404(self):
        for path in (
            "/customer-feedback/not-a-real-token-at-all-0123456789",
            "/customer-feedback/x",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path).status_code, 404)
        self.customer.action_archive()
        response = self.url_open(self.path)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Form Customer", response.text)
        self.customer.action_unarchive()
        self.assertEqual(self.url_open(self.path).status_code, 200)
        self.customer.action_revoke_feedback_token()
        self.assertEqual(self.url_open(self.path).status_code, 404)

    def test_csrf_is_required(self):
        response = self._post(
            csrf_token="forged", feedback_type="complaint", description="Hello"
        )
        self.assertEqual(response.status_code, 400)
        response = self.url_open(
            self.path, data={"feedback_type": "complaint", "description": "Hello"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._feedback())

    def test_bad_input_stores_nothing(self):
        cases = [
            (
                {"feedback_type": "complaint", "description": "   "},
                "write your feedback",
            ),
            (
                {"feedback_type": "complaint", "description": "<p><br></p>"},
                "write your feedback",
            ),
            ({"feedback_type": "blackmail", "description": "Hi"}, "type of feedback"),
            (
                {"feedback_type": "complaint", "description": "x" * 10001},
                "too long",
            ),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                response = self._post(**data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertFalse(self._feedback())

    def test_message_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        response = self._post(feedback_type="complaint", description=" ")
        self.assertEqual(response.status_code, 400)
        self.assertIn("请填写您的反馈内容", response.text)
        self.assertFalse(self._feedback())

    def test_html_is_sanitized(self):
        response = self._post(
            feedback_type="complaint",
            description='<script>alert(1)</script><b onclick="x()">Late</b> again',
        )
        self.assertEqual(response.status_code, 200)
        feedback = self._feedback()
        self.assertNotIn("<script", feedback.description)
        self.assertNotIn("onclick", feedback.description)
        self.assertIn("Late", feedback.description)

    def test_rate_limit_per_token(self):
        for index in range(5):
            response = self._post(feedback_type="question", description=f"Q{index}")
            self.assertEqual(response.status_code, 200)
        response = self._post(feedback_type="question", description="One more")
        self.assertEqual(response.status_code, 400)
        self.assertIn("try again later", response.text)
        self.assertEqual(len(self._feedback()), 5)

    def test_rating_link(self):
        self.customer.email = "form@customer.example"
        feedback = self.env["customer.feedback"].create(
            {"name": "Broken", "partner_id": self.customer.id}
        )
        token = feedback._rating_get_access_token()
        self.assertEqual(
            self.url_open(f"/customer-feedback/rate/{token}/7").status_code, 404
        )
        self.assertEqual(
            self.url_open("/customer-feedback/rate/nope/5").status_code, 404
        )
        response = self.url_open(f"/customer-feedback/rate/{token}/5")
        self.assertEqual(response.status_code, 200)
        feedback.invalidate_recordset()
        self.assertEqual(feedback.rating_last_value, 5)
        self.assertEqual(self.customer.satisfaction_avg, 5)
