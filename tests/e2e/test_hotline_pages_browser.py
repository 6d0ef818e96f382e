"""Every page of the hotline, in a real browser on the demo nodes: axe-core finds no WCAG 2 A/AA
violation and nothing is wider than a 375 px phone screen (duty officers work at border posts), in
the officer's own language on each side. Screenshots go to tests/artifacts/hotline-page-*.png."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .browser import axe_violations, chromium, logged_in, too_wide

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}


def _page(browser: Browser, url: str, username: str, language: str) -> Page:
    # The language is chosen, not assumed: other tests of the session switch these officers' own.
    return logged_in(browser, url, username, width=PHONE["width"], language=language)


def _check(page: Page, url: str, name: str, artifacts: Path) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.screenshot(path=str(artifacts / f"hotline-page-{name}.png"), full_page=True)
    assert axe_violations(page) == [], name
    assert too_wide(page, url, widths=(PHONE["width"],)) == [], name


def test_hotline_pages_pass_axe_and_fit_a_phone(two_nodes, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    with chromium() as browser:
        vn = _page(browser, vn_node.url, "vn.duty", "vi")
        for name, path in [
            ("vn-index", "/hotline/"),
            ("vn-new", "/hotline/alerts/new/"),
            ("vn-roster", "/hotline/roster/"),
            ("vn-figures", "/hotline/figures/"),
        ]:
            _check(vn, f"{vn_node.url}{path}", name, artifacts_dir)
        # The roster's demo chain says it is illustrative, with its contacts, on the phone too.
        vn.goto(f"{vn_node.url}/hotline/roster/")
        assert vn.locator("#chain-contacts dd").count() == 2
        assert vn.locator("#chain li").count() == 3
        assert vn.locator("h2 .tag.illustrative").count() == 1

        vn.goto(f"{vn_node.url}/hotline/alerts/new/")
        vn.select_option("#id_to_unit", index=1)
        vn.select_option("#id_kind", "missing_person")
        vn.fill("#id_subject", f"Page check {uuid.uuid4().hex[:6]} (test data)")
        vn.fill("#id_details", "A long description that must wrap on a phone. " * 12)
        vn.click("#alert-form button[type=submit]")
        vn.wait_for_selector("#alert-live")
        _check(vn, vn.url, "vn-alert", artifacts_dir)

        la = _page(browser, la_node.url, "la.duty", "lo")
        for name, path in [("la-index", "/hotline/"), ("la-roster", "/hotline/roster/")]:
            _check(la, f"{la_node.url}{path}", name, artifacts_dir)
