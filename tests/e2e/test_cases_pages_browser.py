"""Every page of the cases app, in a real browser on the demo nodes: axe-core finds no WCAG 2 A/AA
violation and nothing is wider than a 375 px phone screen. Includes the hit/no-hit form showing a
refusal, the LA officer's view of a request quoting a hit (the record shown to its holder only), and
pages in Lao. Screenshots go to tests/artifacts/cases-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page

from liaison.demo.cases import demo_uid

from .browser import chromium, logged_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}


def _page(browser: Browser, url: str, username: str, language: str) -> Page:
    return logged_in(browser, url, username, width=PHONE["width"], language=language)


def _check(page: Page, name: str, artifacts: Path) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide at {PHONE['width']} px"
    page.screenshot(path=str(artifacts / f"cases-{name}.png"), full_page=True)


def test_cases_pages_pass_axe_and_fit_a_phone(two_nodes, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    case, query, request = demo_uid("case"), demo_uid("hit-query"), demo_uid("request")
    with chromium() as browser:
        vn = _page(browser, vn_node.url, "vn.duty", "en")
        for name, path in [
            ("dashboard", "/"),
            ("list", "/cases/"),
            ("case", f"/cases/{case}/"),
            ("hit-form", f"/cases/hit/?case={case}"),
            ("hit-result", f"/cases/hit/{query}/"),
            ("requests", "/cases/requests/"),
            ("request", f"/cases/requests/{request}/"),
            ("request-form", f"/cases/requests/new/?case={case}"),
            ("case-form", "/cases/new/"),
        ]:
            response = vn.goto(f"{vn_node.url}{path}")
            assert response is not None and response.status == 200, path
            _check(vn, f"vn-{name}", artifacts_dir)
        # A refused query shows its reason on the form.
        vn.goto(f"{vn_node.url}/cases/hit/")
        vn.select_option("#id_to_party", "LA")
        vn.fill("#id_names", "A" * 300)
        vn.click("#hit-form button[type=submit]")
        assert "too long: 300 characters" in vn.inner_text("#form-error")
        _check(vn, "vn-hit-refused", artifacts_dir)

        admin = _page(browser, vn_node.url, "vn.admin", "vi")
        admin.goto(f"{vn_node.url}/cases/queries/daily/")
        _check(admin, "vn-figures-vi", artifacts_dir)

        # The requested side: LA's officer sees the record behind the quoted reference, in Lao.
        la = _page(browser, la_node.url, "la.duty", "lo")
        la.goto(f"{la_node.url}/cases/requests/{request}/")
        assert "ບຸນເລີດ ພົມມະຈັນ" in la.inner_text("#hit-record")
        _check(la, "la-request-lo", artifacts_dir)
        la.goto(f"{la_node.url}/cases/{case}/")
        _check(la, "la-case-lo", artifacts_dir)
