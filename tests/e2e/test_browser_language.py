"""A duty officer logs in with a real browser, switches to Lao and reads the dashboard in Lao."""

from __future__ import annotations

import pytest

from liaison.demo.core_data import DEMO_PASSWORD

from .browser import chromium

pytestmark = pytest.mark.e2e


def test_login_switch_to_lao_and_see_the_dashboard_in_lao(two_nodes, artifacts_dir):  # type: ignore[no-untyped-def]
    node = two_nodes.nodes["VN"]
    with chromium() as browser:
        context = browser.new_context(
            ignore_https_errors=True, locale="en-GB", viewport={"width": 1280, "height": 860}
        )
        page = context.new_page()
        page.goto(f"{node.url}/login/")
        page.fill("#id_username", "vn.duty")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{node.url}/")
        page.select_option("#lang-select", "lo")
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "lang") == "lo"
        heading = page.inner_text("main h1")
        assert heading == "ໜ້າຫຼັກ", heading  # "Dashboard" in Lao
        assert "ອອກຈາກລະບົບ" in page.inner_text("header")  # "Log out"
        # The Lao glyphs are drawn with a Lao font, not as empty boxes: a Lao font is installed and used.
        uses_lao_font = page.evaluate("document.fonts.check('16px \"Noto Sans Lao\"', 'ໜ້າຫຼັກ')")
        assert uses_lao_font
        page.screenshot(path=str(artifacts_dir / "dashboard-lo.png"), full_page=True)
        # The preference sticks: a new session of the same officer opens in Lao.
        page.goto(f"{node.url}/directory/units/")
        assert page.get_attribute("html", "lang") == "lo"
        context.close()
