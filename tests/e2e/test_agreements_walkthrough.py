"""Acceptance of issue 10: the whole agreements workflow through the pages, in Vietnamese and in Lao, on
two live nodes (DemoRunner: HTTPS, peered, workers delivering envelopes). A VN liaison officer records a
meeting and drafts its minutes, shares them; the LA signatory signs on the LA node and the VN signatory on
the VN node; an LA duty officer records progress with an evidence file; the VN liaison officer opens the
review and its PDF. Every user reads the language of the run. On every page visited: axe-core finds no
WCAG 2 A/AA violation, and the page is no wider than the window at 1366 px and at 375 px. Screenshots
go to tests/artifacts/walkthrough-<language>-*.png."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from liaison.demo.core_data import DEMO_PASSWORD

from .browser import WIDTHS, axe_violations, chromium, overflow

pytestmark = pytest.mark.e2e

TEXTS = {
    "vi": {
        "meeting": "Hội nghị Hợp tác An ninh Việt Nam – Lào lần thứ 22 (kiểm thử {tag})",
        "place": "Hà Nội",
        "title": "Biên bản Hội nghị Hợp tác An ninh Việt Nam – Lào lần thứ 22",
        "undertaking": "Trao đổi thông tin nghiệp vụ hằng tháng và duy trì đường dây nóng.",
        "note": "Đã tổ chức cuộc họp quý tại cửa khẩu Lao Bảo; biên bản kèm theo.",
    },
    "lo": {
        "meeting": "ກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ຫວຽດນາມ-ລາວ ຄັ້ງທີ 22 (ທົດສອບ {tag})",
        "place": "ວຽງຈັນ",
        "title": "ບົດບັນທຶກກອງປະຊຸມຮ່ວມມືດ້ານປ້ອງກັນຄວາມສະຫງົບ ຫວຽດນາມ-ລາວ ຄັ້ງທີ 22",
        "undertaking": "ແລກປ່ຽນຂໍ້ມູນຂ່າວສານທຸກເດືອນ ແລະ ຮັກສາສາຍດ່ວນ.",
        "note": "ໄດ້ຈັດກອງປະຊຸມປະຈຳໄຕມາດຢູ່ດ່ານແດນສະຫວັນ; ມີບົດບັນທຶກຄັດຕິດ.",
    },
}


def _choose(page: Page, select: str, text: str) -> None:
    """Pick the option whose label contains `text` (labels also say whether the official can sign)."""
    value = page.evaluate(
        "([s, t]) => { const o = [...document.querySelector(s).options].find(o => o.textContent.includes(t));"
        " return o ? o.value : null; }",
        [select, text],
    )
    assert value, f"no option with {text!r} in {select}"
    page.select_option(select, value)


class Walk:
    """One officer's browser tab that checks every page it lands on (axe, widths) and takes screenshots."""

    def __init__(self, browser: Browser, url: str, username: str, language: str, shots: Path, tag: str):
        self.url, self.language, self.shots, self.tag = url, language, shots, tag
        self.problems: list[str] = []
        self.context = browser.new_context(ignore_https_errors=True, viewport={"width": 1366, "height": 900})
        self.page: Page = self.context.new_page()
        self.page.goto(f"{url}/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{url}/")
        if self.page.get_attribute("html", "lang") != language:
            with self.page.expect_navigation():
                self.page.select_option("#lang-select", language)
        assert self.page.get_attribute("html", "lang") == language

    def check(self, name: str) -> None:
        """Axe and both widths on the current page (reloaded at each width), then a screenshot."""
        page = self.page
        where = page.url.split(self.url, 1)[-1]
        assert page.get_attribute("html", "lang") == self.language, where
        for violation in axe_violations(page):
            self.problems.append(f"{where}: axe {violation}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            if (extra := overflow(page)) > 0:
                self.problems.append(f"{where}: {extra}px wider than a {width}px window")
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=str(self.shots / f"walkthrough-{self.language}-{name}.png"), full_page=True)

    def until(self, path: str, ready: Callable[[Page], bool], timeout: float = 90.0) -> None:
        """Reload until `ready`: envelopes arrive through the workers, not instantly."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.page.goto(f"{self.url}{path}")
            if response is not None and response.status == 200 and ready(self.page):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} not ready after {timeout:.0f}s: {self.page.content()[:2000]}")
            time.sleep(1.5)


@pytest.mark.parametrize("language", ["vi", "lo"])
def test_the_whole_workflow_in_vietnamese_and_lao(two_nodes, artifacts_dir: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    tag = uuid.uuid4().hex[:6].upper()
    text = {k: v.format(tag=tag) for k, v in TEXTS[language].items()}
    reference = f"VN-LA-MIN-{language.upper()}-{tag}"
    year = "2032" if language == "vi" else "2033"
    walks: list[Walk] = []
    with chromium() as browser:
        # 1. The VN liaison officer records the meeting.
        vn = Walk(browser, vn_node.url, "vn.liaison", language, artifacts_dir, tag)
        walks.append(vn)
        vn.page.goto(f"{vn_node.url}/agreements/")
        vn.check("1-agreements")
        vn.page.goto(f"{vn_node.url}/agreements/meetings/new/")
        vn.check("2-meeting-form")
        vn.page.select_option("#id_kind", "security_conference")
        vn.page.fill("#id_number", "22")
        vn.page.fill("#id_title", text["meeting"])
        vn.page.fill("#id_starts_on", f"{year}-03-18")
        vn.page.fill("#id_ends_on", f"{year}-03-19")
        vn.page.fill("#id_place", text["place"])
        vn.page.select_option("#id_host_party", "VN")
        vn.page.select_option("#id_parties", ["VN", "LA"])
        vn.page.click("form.card button[type=submit]")
        vn.page.wait_for_selector(".flash-success")
        vn.check("3-meeting")

        # 2. ... drafts its minutes with an undertaking owned by Quang Tri and Savannakhet, and shares them.
        vn.page.goto(f"{vn_node.url}/agreements/documents/new/")
        vn.check("4-draft-form")
        page = vn.page
        page.fill("#id_reference", reference)
        page.select_option("#id_meeting", label=text["meeting"])
        page.fill("#id_plan_year", year)
        page.fill("#id_title", text["title"])
        page.select_option("#id_working_language", language)
        page.fill(
            "#id_text_vi",
            "Điều 1\nHai bên đã rà soát kết quả hợp tác.\nĐiều 2\nHai bên thống nhất các mục cam kết.",
        )
        page.fill("#id_text_lo", "ມາດຕາ 1\nສອງຝ່າຍໄດ້ທົບທວນຜົນການຮ່ວມມື.\nມາດຕາ 2\nສອງຝ່າຍຕົກລົງຈຸດທີ່ຕົກລົງຂ້າງລຸ່ມ.")
        page.fill(
            "#id_text_en", "Article 1\nThe parties reviewed their cooperation.\nArticle 2\nThey agreed below."
        )
        # the options also say whether the official can sign here: pick them by name
        _choose(page, "#id_signatory_VN", "Lương Tam Quang")
        _choose(page, "#id_signatory_LA", "Kongthong Phongvichit")
        page.fill("#id_u0_clause", "2.1")
        page.fill("#id_u0_text", text["undertaking"])
        page.select_option("#id_u0_area", "border_cooperation")
        page.select_option("#id_u0_owner_VN", "VN-PS-QTR")
        page.select_option("#id_u0_owner_LA", "LA-PS-SVK")
        page.fill("#id_u0_due", f"{year}-12-31")
        page.click("#document-form button[type=submit]")
        page.wait_for_selector("#share-button")
        vn.check("5-draft")
        document_path = page.url.split(vn_node.url, 1)[1].split("?")[0]
        doc_uid = uuid.UUID(document_path.rstrip("/").rsplit("/", 1)[1])
        page.click("#share-button")
        page.wait_for_selector(".flash-success")
        vn.check("6-shared")

        # 3. The LA signatory signs on the LA node once the draft has arrived.
        la_sig = Walk(browser, la_node.url, "la.signatory", language, artifacts_dir, tag)
        walks.append(la_sig)
        la_sig.until(document_path, lambda p: p.locator("#sign-button").count() == 1)
        la_sig.check("7-la-to-sign")
        la_sig.page.click("#sign-button")
        la_sig.check("7b-la-confirm")  # the page that says what is signed: reference, version, hash
        la_sig.page.check("#id_confirm")
        la_sig.page.click("#confirm-sign")
        la_sig.page.wait_for_selector(".flash-success")
        la_sig.check("8-la-signed")

        # 4. The VN signatory signs on the VN node once LA's signature has come across.
        vn_sig = Walk(browser, vn_node.url, "vn.signatory", language, artifacts_dir, tag)
        walks.append(vn_sig)
        vn_sig.until(document_path, lambda p: p.locator("tr[data-party=LA] .status-done").count() == 1)
        vn_sig.page.click("#sign-button")
        vn_sig.page.check("#id_confirm")
        vn_sig.page.click("#confirm-sign")
        vn_sig.page.wait_for_selector(".flash-success")
        vn_sig.check("9-vn-signed")
        for walk in (vn_sig, la_sig):
            walk.until(document_path, lambda p: p.locator("#signed-state .status-done").count() == 1)
            walk.page.click("#verify-link")
            assert walk.page.locator("#verify-result .status-done").count() == 1
            walk.check(f"10-{'la' if walk.url == la_node.url else 'vn'}-verified")

        # 5. An LA duty officer of Savannakhet records the undertaking done, with an evidence file.
        commitment_path = f"/agreements/commitments/{uuid.uuid5(doc_uid, 'commitment:c1')}/"
        la_duty = Walk(browser, la_node.url, "la.duty", language, artifacts_dir, tag)
        walks.append(la_duty)
        la_duty.until(commitment_path, lambda p: p.locator("#progress-form").count() == 1)
        la_duty.check("11-commitment")
        la_duty.page.select_option("#id_status", "done")
        la_duty.page.fill("#id_percent", "100")
        la_duty.page.fill("#id_note", text["note"])
        la_duty.page.set_input_files(
            "#id_evidence",
            files=[{"name": "bien-ban-hop-quy.pdf", "mimeType": "application/pdf", "buffer": _tiny_pdf()}],
        )
        la_duty.page.click("#progress-form button[type=submit]")
        la_duty.page.wait_for_selector(".flash-success")
        assert la_duty.page.locator("#commitment-status.status-done").count() == 1
        la_duty.check("12-commitment-done")

        # 6. The VN liaison officer opens the review (the commitment done, with its evidence) and its PDF.
        review = f"/agreements/review/?year={year}"
        row = f'tr[data-commitment="{uuid.uuid5(doc_uid, "commitment:c1")}"]'
        vn.until(
            review,
            lambda p: (
                p.locator(f"{row} .status-done").count() == 1 and "bien-ban-hop-quy.pdf" in p.inner_text(row)
            ),
        )
        vn.check("13-review")
        pdf = vn.page.request.get(f"{vn_node.url}/agreements/review.pdf?year={year}")
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")
        (artifacts_dir / f"walkthrough-{language}-14-review.pdf").write_bytes(pdf.body())

    problems = [p for walk in walks for p in walk.problems]
    assert not problems, "\n".join(problems)


def _tiny_pdf() -> bytes:
    """A one-page PDF, so the evidence is a document type a ministry uses."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
        b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
