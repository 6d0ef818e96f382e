"""Acceptance of issue 4 across two real nodes (DemoRunner: HTTPS, peered, workers delivering envelopes).

VN drafts minutes with three commitments and shares them; the LA signatory signs on the LA node; the VN
signatory signs on the VN node; both nodes show the document signed by VN and LA; an LA officer marks a
commitment done with an evidence file on the LA node; the VN review page shows it done. Screenshots go to
tests/artifacts/agreements-*.png.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .browser import chromium, logged_in

pytestmark = pytest.mark.e2e

REFERENCE = f"VN-LA-MIN-E2E-{uuid.uuid4().hex[:6].upper()}"
PLAN_YEAR = "2031"


def _page(browser: Browser, url: str, username: str) -> Page:
    # Demo officers read in their own language; this test reads English, as a user would choose it.
    return logged_in(browser, url, username, width=1360, language="en")


def _choose(page: Page, select: str, text: str) -> str:
    """Pick the option whose label contains `text`; return that label."""
    found = page.evaluate(
        "([s, t]) => { const o = [...document.querySelector(s).options].find(o => o.textContent.includes(t));"
        " return o ? [o.value, o.textContent] : null; }",
        [select, text],
    )
    assert found, f"no option with {text!r} in {select}"
    page.select_option(select, found[0])
    return str(found[1])


def _until(page: Page, url: str, ready: Callable[[Page], bool], timeout: float = 90.0) -> None:
    """Reload `url` until `ready(page)`: envelopes arrive through the workers, not instantly."""
    deadline = time.monotonic() + timeout
    while True:
        response = page.goto(url)
        if response is not None and response.status == 200 and ready(page):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} not ready after {timeout:.0f}s: {page.content()[:2000]}")
        time.sleep(1.5)


def test_minutes_co_signed_across_nodes_and_progress_reaches_the_review(
    two_nodes, artifacts_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    with chromium() as browser:
        # 1. The VN liaison officer drafts minutes with three commitments and shares them.
        vn = _page(browser, vn_node.url, "vn.liaison")
        vn.goto(f"{vn_node.url}/agreements/documents/new/")
        vn.fill("#id_reference", REFERENCE)
        vn.fill("#id_plan_year", PLAN_YEAR)
        vn.fill("#id_title", "Minutes of the 21st Vietnam-Laos Security Cooperation Conference")
        vn.fill(
            "#id_text_en",
            "Article 1\nThe parties reviewed the minutes of the 20th conference.\nArticle 2\n"
            "They agreed on the undertakings below.",
        )
        vn.fill("#id_text_vi", "Điều 1\nHai bên đã rà soát biên bản hội nghị lần thứ 20.")
        vn.fill("#id_text_lo", "ມາດຕາ 1\nສອງຝ່າຍໄດ້ທົບທວນບົດບັນທຶກກອງປະຊຸມຄັ້ງທີ 20.")
        # the options also say whether the official can sign (issue 10): pick them by name
        _choose(vn, "#id_signatory_VN", "Lương Tam Quang")
        _choose(vn, "#id_signatory_LA", "Kongthong Phongvichit")
        rows = [
            (
                "2.1",
                "Exchange professional information every month and keep the hotline open.",
                "information_exchange",
                "VN-MPS-ICD",
                "LA-MPS-ICD",
            ),
            (
                "2.2",
                "Hold quarterly meetings of the Quang Tri and Savannakhet public security.",
                "border_cooperation",
                "VN-PS-QTR",
                "LA-PS-SVK",
            ),
            (
                "3.1",
                "Draft a scheme for joint counter-terrorism exercises.",
                "counter_terrorism",
                "VN-MPS-CT",
                "LA-MPS-CT",
            ),
        ]
        for i, (clause, text, area, owner_vn, owner_la) in enumerate(rows):
            vn.fill(f"#id_u{i}_clause", clause)
            vn.fill(f"#id_u{i}_text", text)
            vn.select_option(f"#id_u{i}_area", area)
            vn.select_option(f"#id_u{i}_owner_VN", owner_vn)
            vn.select_option(f"#id_u{i}_owner_LA", owner_la)
            vn.fill(f"#id_u{i}_due", f"{PLAN_YEAR}-12-31")
        vn.click("#document-form button[type=submit]")
        vn.wait_for_selector("#share-button")
        document_url_path = vn.url.split(vn_node.url, 1)[1].split("?")[0]
        doc_uid = uuid.UUID(document_url_path.rstrip("/").rsplit("/", 1)[1])
        vn.click("#share-button")
        vn.wait_for_selector(".flash-success")
        vn.screenshot(path=str(artifacts_dir / "agreements-1-vn-draft-shared.png"), full_page=True)

        # 2. The LA signatory signs on the LA node once the draft has arrived.
        la_sig = _page(browser, la_node.url, "la.signatory")
        la_doc = f"{la_node.url}{document_url_path}"
        _until(la_sig, la_doc, lambda p: p.locator("#sign-button").count() == 1)
        la_sig.click("#sign-button")
        # signing is confirmed on a page that names the reference, the version and its SHA-256
        assert REFERENCE in la_sig.inner_text("#sign-what")
        la_sig.check("#id_confirm")
        la_sig.click("#confirm-sign")
        la_sig.wait_for_selector(".flash-success")
        la_sig.screenshot(path=str(artifacts_dir / "agreements-2-la-signed.png"), full_page=True)

        # 3. The VN signatory signs on the VN node (LA's signature has come across first).
        vn_sig = _page(browser, vn_node.url, "vn.signatory")
        vn_doc = f"{vn_node.url}{document_url_path}"
        _until(vn_sig, vn_doc, lambda p: "Signed by LA only" in p.inner_text("#signed-state"))
        vn_sig.click("#sign-button")
        # signing is confirmed on a page that names the reference, the version and its SHA-256
        assert REFERENCE in vn_sig.inner_text("#sign-what")
        vn_sig.check("#id_confirm")
        vn_sig.click("#confirm-sign")
        vn_sig.wait_for_selector(".flash-success")

        # 4. Both nodes show the document signed by VN and LA, and its signatures verify.
        for page, url, name in ((vn_sig, vn_doc, "vn"), (la_sig, la_doc, "la")):
            _until(page, url, lambda p: "Signed by LA · VN" in p.inner_text("#signed-state"))
            page.screenshot(
                path=str(artifacts_dir / f"agreements-3-{name}-signed-by-both.png"), full_page=True
            )
            page.click("#verify-link")
            assert "Every signature verifies." in page.inner_text("#verify-result")
        for node in (vn_node, la_node):
            out = node.liaison("agreements", "verify", REFERENCE, capture=True).stdout
            assert "signed by LA and VN" in out, out

        # 5. An LA officer of Savannakhet marks the border-meetings commitment done with an evidence file.
        commitment_uid = uuid.uuid5(doc_uid, "commitment:c2")
        la_duty = _page(browser, la_node.url, "la.duty")
        commitment_url = f"{la_node.url}/agreements/commitments/{commitment_uid}/"
        _until(la_duty, commitment_url, lambda p: p.locator("#progress-form").count() == 1)
        la_duty.select_option("#id_status", "done")
        la_duty.fill("#id_percent", "100")
        la_duty.fill("#id_note", "Fourth quarterly meeting held at Dansavanh; minutes attached.")
        la_duty.set_input_files(
            "#id_evidence",
            files=[
                {
                    "name": "dansavanh-meeting.txt",
                    "mimeType": "text/plain",
                    "buffer": b"Quarterly meeting, Dansavanh checkpoint. Demo evidence.",
                }
            ],
        )
        la_duty.click("#progress-form button[type=submit]")
        la_duty.wait_for_selector(".flash-success")
        assert "Done" in la_duty.inner_text("#commitment-status")
        la_duty.screenshot(path=str(artifacts_dir / "agreements-4-la-commitment-done.png"), full_page=True)

        # 6. The VN review page shows it done, with its evidence.
        review = f"{vn_node.url}/agreements/review/?year={PLAN_YEAR}"
        row = f'tr[data-commitment="{commitment_uid}"]'
        _until(
            vn,
            review,
            lambda p: (
                p.locator(row).count() == 1
                and "Done" in p.inner_text(row)
                and "dansavanh-meeting.txt" in p.inner_text(row)
            ),
        )
        vn.screenshot(path=str(artifacts_dir / "agreements-5-vn-review.png"), full_page=True)
