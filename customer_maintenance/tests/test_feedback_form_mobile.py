import base64
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser
from odoo.tools.misc import file_open

from .common_feedback_form import form_customer
from .common_screenshot import capture, keep

FORM_READY = (
    "document.readyState === 'complete'"
    " && !!document.querySelector('#customer_feedback_form')"
)
LOGO_SHOWN = " && document.querySelector('header img').complete"
# at phone width: the page fits the screen, shows the company, and the visitor
# fills the form with the keyboard and thumb, then reads the thank-you page
# (in a frame as wide as the screen, so that the test script survives it)
VISIT_ON_A_PHONE = """
(async () => {
    const fail = (message) => console.error(message);
    const html = document.documentElement;
    if (window.innerWidth !== 375) {
        return fail('not a phone-width page: ' + window.innerWidth);
    }
    if (html.scrollWidth > window.innerWidth) {
        return fail('page wider than the phone: ' + html.scrollWidth);
    }
    if (document.body.innerText.includes('<!DOCTYPE')) {
        return fail('doctype shown as text');
    }
    const logo = document.querySelector('header img[src^="/logo.png"]');
    if (!logo || !logo.complete || !logo.naturalWidth) {
        return fail('no company logo');
    }
    if (logo.getBoundingClientRect().right > window.innerWidth) {
        return fail('logo wider than the phone');
    }
    if (!document.body.innerText.includes('Harbour Trading')) {
        return fail('no company name');
    }
    const languages = document.querySelector('.js_language_selector');
    if (!languages || !languages.querySelector('a[href$="?lang=zh_CN"]')) {
        return fail('no language switch');
    }
    const button = document.querySelector('#feedback_submit');
    const box = button.getBoundingClientRect();
    if (box.left < 0 || box.right > window.innerWidth || box.width < 280) {
        return fail('send button does not fit: ' + JSON.stringify(box));
    }
    const form = document.querySelector('#customer_feedback_form');
    const frame = document.createElement('iframe');
    frame.name = 'feedback_result';
    frame.style.cssText = 'width: 100%; height: 600px; border: 0';
    document.body.appendChild(frame);
    form.target = 'feedback_result';
    form.querySelector('select[name=feedback_type]').value = 'after_sales';
    form.querySelector('textarea[name=description]').value =
        'The pump we bought in May leaks. Can someone come on Friday?';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
    button.click();
    await loaded;
    const page = frame.contentDocument;
    const owner = page.querySelector('#feedback_thanks_owner');
    if (!page.querySelector('#feedback_thanks') || !owner) {
        return fail('no thank-you page: ' + page.body.innerText);
    }
    if (!owner.innerText.includes('Your message reached Li Ming')) {
        return fail('thank-you page does not name the owner: ' + owner.innerText);
    }
    if (page.documentElement.scrollWidth > frame.clientWidth) {
        return fail('thank-you page wider than the phone');
    }
    console.log('test successful');
})()
"""
SCREENSHOT = "feedback_form_mobile.png"
# a phone as Chromium's device toolbar emulates it: headless Chromium keeps its
# window at least 500 px wide, so the page gets a 375 px mobile viewport instead
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}


def _as_phone(navigate_to):
    def navigate_to_on_phone(browser, url, wait_stop=False):
        browser._websocket_request("Emulation.setDeviceMetricsOverride", params=PHONE)
        browser._websocket_request(
            "Emulation.setTouchEmulationEnabled", params={"enabled": True}
        )
        return navigate_to(browser, url, wait_stop=wait_stop)

    return navigate_to_on_phone


@tagged("post_install", "-at_install")
class TestFeedbackFormMobile(HttpCase):
    """An anonymous customer sends feedback from a phone (375 px wide)."""

    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")  # shows the language switch
        with file_open("customer_maintenance/static/description/icon.png", "rb") as f:
            logo = base64.b64encode(f.read())
        cls.env.company.write({"name": "Harbour Trading Co.", "logo": logo})
        cls.rep, cls.customer, cls.path = form_customer(
            cls.env, "cm_mobile_rep", "Li Ming", "Emily Carter", "en_US"
        )
        cls.startClassPatcher(
            patch.object(
                ChromeBrowser, "navigate_to", _as_phone(ChromeBrowser.navigate_to)
            )
        )

    def test_visitor_on_a_phone(self):
        self.browser_js(self.path, VISIT_ON_A_PHONE, FORM_READY, login=None)
        feedback = self.env["customer.feedback"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(feedback.feedback_type, "after_sales")
        self.assertEqual(feedback.user_id, self.rep)

    def test_screenshot(self):
        """The form as a phone shows it (375 x 812 points at 2x); see
        ``common_screenshot.keep``."""
        data = capture(self, self.path, FORM_READY + LOGO_SHOWN)
        self.assertEqual(int.from_bytes(data[16:20], "big"), 750)  # 375 px at 2x
        keep("customer_maintenance", SCREENSHOT, data)
