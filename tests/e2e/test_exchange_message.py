"""Composing and reading a message across two real nodes (DemoRunner: HTTPS, peered, workers).

Quang Tri's duty officer (VN) writes an AMBER message in Vietnamese with their own Lao translation
and a PDF attachment to Savannakhet (LA); Savannakhet's duty officer reads it on the LA node in Lao
(code-listed fields in Lao, the text as written, tagged Vietnamese, and the sender's translation)
and opens the attachment; the VN thread then shows the delivery and read receipts. Both pages pass
axe-core's WCAG 2 A/AA rules and fit a 375 px wide screen. Screenshots: tests/artifacts/exchange-*.png.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from liaison.core import codelists

from .browser import chromium, logged_in

pytestmark = pytest.mark.e2e

SUBJECT = f"Methamphetamine convoy at Lao Bao {uuid.uuid4().hex[:6]}"
BODY = "Hai xe tải chở ma túy tổng hợp dự kiến qua cửa khẩu Lao Bảo lúc 02:00."
TRANSLATION = "ລົດບັນທຸກສອງຄັນບັນທຸກຢາເສບຕິດ ຄາດວ່າຈະຜ່ານດ່ານລາວບາວ ເວລາ 02:00."
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _log_in(browser: Browser, url: str, username: str) -> Page:
    """A browser page logged in as a demo officer, who reads in their own language."""
    return logged_in(browser, url, username)


def _until(page: Page, url: str, ready: Callable[[Page], bool], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        response = page.goto(url)
        if response is not None and response.status == 200 and ready(page):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} not ready after {timeout:.0f}s")
        time.sleep(1.5)


def _accessible_and_narrow(page: Page, name: str, artifacts: Path) -> None:
    """axe-core (WCAG 2 A and AA) finds nothing, and nothing is wider than a 375 px phone screen."""
    results: Any = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    violations = results.response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} is {width} px wide at 375 px"
        page.screenshot(path=str(artifacts / f"exchange-{name}-375.png"), full_page=True)
    finally:
        if size:
            page.set_viewport_size(size)


def test_compose_on_vn_and_read_on_la(two_nodes, artifacts_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    attachment = tmp_path / "convoy.pdf"
    attachment.write_bytes(PDF)
    with chromium() as browser:
        # 1. VN: Quang Tri's duty officer composes (the form itself is checked first).
        vn = _log_in(browser, vn_node.url, "vn.duty")
        vn.goto(f"{vn_node.url}/exchange/threads/new/")
        _accessible_and_narrow(vn, "compose", artifacts_dir)
        vn.select_option("#id_recipient_unit", "LA-PS-SVK")
        vn.fill("#id_subject", SUBJECT)
        vn.select_option("#id_offence", "drug_trafficking")
        vn.select_option("#id_tlp", "amber")
        vn.select_option("#id_priority", "urgent")
        vn.fill("#id_legal_basis", "Hiệp định hợp tác 2022, điều 4")
        vn.fill("#id_case_reference", "QT-2026-017")
        vn.select_option("#id_language", "vi")
        vn.fill("#id_body", BODY)
        vn.select_option("#id_translation_language", "lo")
        vn.fill("#id_translation", TRANSLATION)
        vn.set_input_files("#id_attachment", str(attachment))
        vn.screenshot(path=str(artifacts_dir / "exchange-compose.png"), full_page=True)
        with vn.expect_navigation():
            vn.click("#message-form button[type=submit]")
        thread_path = vn.url.removeprefix(vn_node.url)
        assert thread_path.startswith("/exchange/threads/"), vn.url
        assert BODY in vn.content()

        # 2. LA: Savannakhet's duty officer (reading in Lao) finds it once the envelopes arrived.
        la = _log_in(browser, la_node.url, "la.duty")
        _until(la, f"{la_node.url}/exchange/", lambda p: SUBJECT in p.content())
        with la.expect_navigation():
            la.click(f"text={SUBJECT}")
        _until(la, la.url, lambda p: "convoy.pdf</a>" in p.content())  # its chunks arrived too
        html = la.content()
        assert la.get_attribute("html", "lang") == "lo"
        assert codelists.label("offence", "drug_trafficking", "lo") in html  # the code list in Lao
        assert codelists.label("priority", "urgent", "lo") in html
        assert la.locator('.body[lang="vi"]').inner_text().strip() == BODY  # as written, tagged Vietnamese
        assert la.locator('.translation [lang="lo"]').inner_text().strip() == TRANSLATION
        la.screenshot(path=str(artifacts_dir / "exchange-read-la.png"), full_page=True)
        _accessible_and_narrow(la, "read", artifacts_dir)
        with la.expect_download() as download:
            la.click("text=convoy.pdf")
        assert Path(download.value.path()).read_bytes() == PDF

        # 3. VN: the thread shows that the message was delivered and read.
        _until(vn, f"{vn_node.url}{thread_path}", lambda p: "receipt-read" in p.content())
        assert "receipt-delivered" in vn.content()
        vn.screenshot(path=str(artifacts_dir / "exchange-receipts-vn.png"), full_page=True)


def test_report_pages_and_dashboard_are_accessible_and_narrow(two_nodes, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo's year of Quang Tri reports: the dashboard with its exchange panels, the schedules,
    a schedule with its trend chart (marked illustrative) and one report, on the VN node."""
    vn_node = two_nodes.nodes["VN"]
    with chromium() as browser:
        vn = _log_in(browser, vn_node.url, "vn.duty")
        assert "Tuần tra song phương" in vn.content()  # the demo thread awaits Quang Tri's answer
        _accessible_and_narrow(vn, "dashboard", artifacts_dir)
        vn.goto(f"{vn_node.url}/exchange/reports/")
        _accessible_and_narrow(vn, "schedules", artifacts_dir)
        vn.locator("#schedules a").first.click()
        vn.wait_for_selector("figure.chart svg")
        assert vn.locator(".illustrative").count() == 1
        vn.screenshot(path=str(artifacts_dir / "exchange-schedule.png"), full_page=True)
        _accessible_and_narrow(vn, "schedule", artifacts_dir)
        vn.locator("#periods a").first.click()
        vn.wait_for_selector("#narrative-title")
        _accessible_and_narrow(vn, "report", artifacts_dir)
