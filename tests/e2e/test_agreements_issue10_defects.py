"""Issue 10 (defects 1, 2, 3, 4, 5, 7 and 13) as a user meets them, in a browser, across two real nodes.

The VN liaison officer records a meeting (a too-long title and impossible dates are refused, required
fields are marked), drafts its minutes from the meeting's page, tries to share an incomplete draft (the
page lists what is missing), revises it (an undertaking due before the meeting is refused; the LA
signatory is changed, and changed back once shared), shares it (warned that LA's node has not told
whom it can reach); both signatories sign through the confirmation page; a revision of the signed
document warns and the list keeps showing it signed; evidence that is a program is refused. Screenshots
go to tests/artifacts/issue10-*.png.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .browser import chromium
from .test_agreements_two_nodes import _choose, _page, _until

pytestmark = pytest.mark.e2e

REFERENCE = f"VN-LA-MIN-I10-{uuid.uuid4().hex[:6].upper()}"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def test_issue_10_defects_as_a_user_meets_them(two_nodes, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    with chromium() as browser:
        vn = _page(browser, vn_node.url, "vn.liaison")

        # 13, 5. A meeting: required fields marked; a 315-character title is kept whole and refused
        # with the limit; an end before the start is refused.
        vn.goto(f"{vn_node.url}/agreements/meetings/new/")
        assert vn.locator("label[for=id_title] .required-mark").is_visible()
        assert vn.get_attribute("#id_title", "aria-required") == "true"
        assert vn.get_attribute("#id_place", "aria-required") is None
        vn.select_option("#id_kind", "security_conference")
        vn.fill("#id_number", "31")
        vn.fill("#id_title", "Word " * 62 + "Words")
        assert len(vn.input_value("#id_title")) == 315  # the browser did not cut it
        vn.fill("#id_starts_on", "2031-03-20")
        vn.fill("#id_ends_on", "2031-03-18")
        _submit(vn, "#meeting-form")
        errors = vn.inner_text("#meeting-form")
        assert "at most 300 characters (it has 315)" in errors, errors
        assert "The meeting cannot end before it starts." in errors
        vn.screenshot(path=str(artifacts_dir / "issue10-1-meeting-refused.png"), full_page=True)
        vn.fill("#id_title", "31st Vietnam-Laos Security Cooperation Conference")
        vn.fill("#id_ends_on", "2031-03-21")
        _submit(vn, "#meeting-form")
        meeting_uid = vn.url.rstrip("/").rsplit("/", 1)[1]

        # 13. From the meeting's page to its minutes, with the meeting filled in.
        with vn.expect_navigation():
            vn.click("#draft-minutes")
        assert vn.input_value("#id_meeting") == meeting_uid
        assert vn.input_value("#id_kind") == "minutes"
        vn.fill("#id_reference", REFERENCE)
        vn.fill("#id_title", "Minutes of the 31st Vietnam-Laos Security Cooperation Conference")
        vn.fill("#id_text_en", "Article 1\nThe parties met.")
        vn.fill("#id_u0_clause", "2.1")
        vn.fill("#id_u0_text", "Hold quarterly meetings of the Quang Tri and Savannakhet public security.")
        _submit(vn, "#document-form")
        document_url = vn.url.split("?")[0]
        doc_path = document_url.split(vn_node.url, 1)[1]
        doc_uid = uuid.UUID(doc_path.rstrip("/").rsplit("/", 1)[1])

        # 3. Sharing the incomplete draft is refused; the page lists what is missing.
        with vn.expect_navigation():
            vn.click("#share-button")
        assert "cannot be shared yet" in vn.inner_text(".flash-error")
        missing = vn.inner_text("#share-missing")
        for gap in ("No signatory designated for", "No text in Lao.", "no owner unit for", "no due date."):
            assert gap in missing, missing
        vn.screenshot(path=str(artifacts_dir / "issue10-2-share-refused.png"), full_page=True)

        # 2, 5, 1. Revise: the signatory lists say who can sign; a due date before the meeting is
        # refused naming the row; a signatory can be chosen (and later changed).
        vn.goto(f"{document_url}edit/")
        assert "can sign on this node" in _choose(vn, "#id_signatory_VN", "Lương Tam Quang")
        assert "not known here" in _choose(vn, "#id_signatory_LA", "Vilay Lakhamphong")
        vn.fill("#id_text_vi", "Điều 1\nHai bên đã họp.")
        vn.fill("#id_text_lo", "ມາດຕາ 1\nສອງຝ່າຍໄດ້ປະຊຸມ.")
        vn.select_option("#id_u0_owner_VN", "VN-PS-QTR")
        vn.select_option("#id_u0_owner_LA", "LA-PS-SVK")
        vn.fill("#id_u0_due", "2031-01-15")
        _submit(vn, "#document-form")
        error = vn.inner_text("#document-form .error")
        assert "Undertaking 1 (§ 2.1) is due on" in error and "before the date of the document" in error
        vn.fill("#id_u0_due", "2031-12-31")
        _submit(vn, "#document-form")
        assert "Vilay Lakhamphong" in vn.inner_text('tr[data-party="LA"]')
        with vn.expect_navigation():
            vn.click("#share-button")
        assert "Shared with the other parties." in vn.inner_text(".flash-success")
        assert "has not told this node that Vilay Lakhamphong can sign" in vn.inner_text(".flash-warning")
        # 1. The shared draft names the wrong LA official: a revision corrects it.
        vn.goto(f"{document_url}edit/")
        _choose(vn, "#id_signatory_LA", "Kongthong Phongvichit")
        vn.fill("#id_change_note", "LA signatory corrected")
        _submit(vn, "#document-form")
        la_row = vn.inner_text('tr[data-party="LA"]')
        assert "Kongthong Phongvichit" in la_row and "Vilay" not in la_row, la_row
        vn.screenshot(path=str(artifacts_dir / "issue10-3-signatory-corrected.png"), full_page=True)
        short_hash = vn.inner_text("ul.versions li:last-child code.hash").rstrip("…")

        # 7. The LA signatory confirms on a page naming reference, version and hash, then signs.
        la_sig = _page(browser, la_node.url, "la.signatory")
        la_doc = f"{la_node.url}{doc_path}"
        _until(
            la_sig,
            la_doc,
            lambda p: (
                p.locator("#sign-button").count() == 1 and "Kongthong" in p.inner_text('tr[data-party="LA"]')
            ),
        )
        with la_sig.expect_navigation():
            la_sig.click("#sign-button")
        what = la_sig.inner_text("#sign-what")
        assert REFERENCE in what and short_hash in what and "Version 3" in what, what
        la_sig.screenshot(path=str(artifacts_dir / "issue10-4-la-confirms.png"), full_page=True)
        assert la_sig.get_attribute("#id_confirm", "required") is not None  # nothing signs unticked
        la_sig.check("#id_confirm")
        with la_sig.expect_navigation():
            la_sig.click("#confirm-sign")
        la_sig.wait_for_selector(".flash-success")

        # 13. On VN, after LA signs, VN's "latest version" cell says "not signed" (not blank).
        _until(vn, document_url, lambda p: "Signed by LA only" in p.inner_text("#signed-state"))
        vn_cells = vn.locator('tr[data-party="VN"] td')
        assert "not signed" in vn_cells.nth(2).inner_text()
        vn_sig = _page(browser, vn_node.url, "vn.signatory")
        vn_sig.goto(document_url)
        with vn_sig.expect_navigation():
            vn_sig.click("#sign-button")
        vn_sig.check("#id_confirm")
        with vn_sig.expect_navigation():
            vn_sig.click("#confirm-sign")
        assert "Signed by LA · VN" in vn_sig.inner_text("#signed-state")

        # 7. Revising the signed document warns; the list keeps showing it signed.
        vn.goto(f"{document_url}edit/")
        assert "every party will have to sign it again" in vn.inner_text("#resign-warning")
        vn.fill("#id_text_en", "Article 1\nThe parties met in Vientiane.")
        vn.fill("#id_change_note", "place added")
        _submit(vn, "#document-form")
        vn.goto(f"{vn_node.url}/agreements/")
        row = vn.locator("tr", has_text=REFERENCE).inner_text()
        assert "Shared draft" not in row and "Signed by LA · VN (version 3)" in row, row
        assert "version 4 awaits signatures" in row, row
        vn.screenshot(path=str(artifacts_dir / "issue10-5-list-keeps-signed.png"), full_page=True)

        # 13, 4. The commitment: an empty progress list is not numbered; a form error does not
        # reshuffle the fields; a program renamed .pdf is refused; a PNG is taken, shown with a
        # drawn paperclip.
        commitment_url = f"{vn_node.url}/agreements/commitments/{uuid.uuid5(doc_uid, 'commitment:c1')}/"
        _until(vn, commitment_url, lambda p: p.locator("#progress-form").count() == 1)
        assert vn.locator("ol.timeline").count() == 0
        assert vn.locator("p.empty", has_text="No progress recorded yet.").is_visible()
        before = vn.locator("#id_note").bounding_box()
        _submit(vn, "#progress-form")
        assert "Nothing to record" in vn.inner_text("#progress-form .error")
        after = vn.locator("#id_note").bounding_box()
        assert before and after
        assert abs(before["x"] - after["x"]) < 1 and abs(before["width"] - after["width"]) < 1
        vn.select_option("#id_status", "in_progress")
        vn.set_input_files(
            "#id_evidence", files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": EXE}]
        )
        _submit(vn, "#progress-form")
        refused = vn.inner_text("#progress-form")
        assert "report.pdf is refused" in refused and "Windows program" in refused, refused
        vn.screenshot(path=str(artifacts_dir / "issue10-6-evidence-refused.png"), full_page=True)
        vn.select_option("#id_status", "in_progress")
        vn.set_input_files(
            "#id_evidence", files=[{"name": "meeting-photo.png", "mimeType": "image/png", "buffer": PNG}]
        )
        _submit(vn, "#progress-form")
        vn.wait_for_selector(".flash-success")
        icon = vn.locator(".evidence svg").first.bounding_box()
        assert icon and icon["width"] >= 10 and icon["height"] >= 10
        assert re.search(r"meeting-photo\.png", vn.inner_text(".evidence"))
        vn.screenshot(path=str(artifacts_dir / "issue10-7-evidence-taken.png"), full_page=True)
