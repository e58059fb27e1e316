import base64
import os

from odoo.modules.module import get_module_path
from odoo.tests.common import ChromeBrowser


def capture(case, url, ready, login=None):
    """PNG bytes of ``url`` in Chromium once ``ready`` (JavaScript) is true,
    logged in as ``login`` (password = login) if given."""
    browser = ChromeBrowser(case)
    try:
        if login:
            case.authenticate(login, login, browser=browser)
        browser.navigate_to(case.base_url() + url)
        if not browser._wait_ready(ready):
            # a fresh database builds its assets on the first page: once more
            browser.navigate_to(case.base_url() + url)
            case.assertTrue(browser._wait_ready(ready), "the page never got ready")
        shot = browser._websocket_request(
            "Page.captureScreenshot", params={"format": "png"}, timeout=30
        )
    finally:
        browser.stop()
        case._wait_remaining_requests()
    data = base64.b64decode(shot["data"])
    case.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
    return data


def keep(module, name, data):
    """With CM_UPDATE_SCREENSHOT=1, write the picture under the module's
    static/description (run on a database with demo data for a telling one)."""
    if os.environ.get("CM_UPDATE_SCREENSHOT"):
        path = os.path.join(get_module_path(module), "static", "description", name)
        with open(path, "wb") as picture:
            picture.write(data)
