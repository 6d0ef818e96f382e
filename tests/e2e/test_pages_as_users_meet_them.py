"""Issue 10 on the live demo nodes, in a real browser: every form fits a 1366 px screen and a 375 px
phone (defect 6); a viewer is offered no action they cannot take, and error pages keep the site's layout
and the reader's language (defect 8); the review chart's labels and legend do not run into each other
or into the bars (defect 11)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from .browser import chromium, logged_in, too_wide

pytestmark = pytest.mark.e2e


def _login(browser: Browser, url: str, username: str, language: str = "") -> Page:
    return logged_in(browser, url, username, width=1366, language=language)


def _first_link(page: Page, url: str, pattern: str) -> str:
    page.goto(url)
    href = page.locator(f"main a[href*='{pattern}']").first.get_attribute("href")
    assert href, f"no link to {pattern} on {url}"
    return href


def test_every_form_fits_the_screen_and_the_phone(two_nodes) -> None:  # type: ignore[no-untyped-def]
    vn = two_nodes.nodes["VN"].url
    with chromium() as browser:
        anonymous = browser.new_context(ignore_https_errors=True).new_page()
        problems = too_wide(anonymous, f"{vn}/login/")
        for language in ("vi", "lo", "en"):
            liaison = _login(browser, vn, "vn.liaison", language)
            document = _first_link(liaison, f"{vn}/agreements/", "/agreements/documents/")
            commitment = _first_link(liaison, f"{vn}/agreements/commitments/", "/agreements/commitments/")
            forms = [
                "/agreements/meetings/new/",
                "/agreements/documents/new/",
                f"{document}edit/",
                f"{document}diff/",
                "/agreements/commitments/",
                commitment,
                "/directory/units/",
            ]
            for path in forms:
                problems += too_wide(liaison, f"{vn}{path}")
            liaison.context.close()
        assert not problems, "\n".join(problems)


def test_a_viewer_sees_no_action_and_errors_keep_the_layout_and_language(two_nodes) -> None:  # type: ignore[no-untyped-def]
    vn = two_nodes.nodes["VN"].url
    with chromium() as browser:
        viewer = _login(browser, vn, "vn.viewer", "vi")
        viewer.goto(f"{vn}/agreements/")
        actions = viewer.inner_text("main")
        assert "Soạn văn bản" not in actions and "Draft a document" not in actions, actions
        assert viewer.locator("a[href$='/agreements/meetings/new/']").count() == 0
        assert viewer.locator("a[href$='/agreements/documents/new/']").count() == 0

        response = viewer.goto(f"{vn}/agreements/documents/new/")
        assert response is not None and response.status == 403
        assert viewer.locator("header.topbar").count() == 1, viewer.content()[:500]
        assert viewer.get_attribute("html", "lang") == "vi"
        assert "Forbidden" not in viewer.inner_text("body")
        assert viewer.locator("#error-page h1").inner_text() == "Không được phép"

        response = viewer.goto(f"{vn}/agreements/documents/00000000-0000-4000-8000-000000000000/")
        assert response is not None and response.status == 404
        assert viewer.locator("header.topbar").count() == 1
        assert viewer.locator("#error-page h1").inner_text() == "Không tìm thấy"
        assert "Not Found" not in viewer.inner_text("body")

        outsider = _login(browser, vn, "vn.outsider", "lo")
        response = outsider.goto(f"{vn}/agreements/no-such-page/")
        assert response is not None and response.status == 404
        assert outsider.get_attribute("html", "lang") == "lo"
        assert re.search("[\u0e80-\u0eff]", outsider.locator("#error-page").inner_text())


def _boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: e.textContent}; })"
        ".filter(b => b.right > b.left)",
    )


def _overlap(a: dict[str, float], b: dict[str, float], slack: float = 1.0) -> bool:
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


@pytest.mark.parametrize("language", ["vi", "lo", "en"])
def test_review_chart_labels_and_legend_stay_clear(two_nodes, language: str) -> None:  # type: ignore[no-untyped-def]
    vn = two_nodes.nodes["VN"].url
    with chromium() as browser:
        page = _login(browser, vn, "vn.liaison", language)
        page.goto(f"{vn}/agreements/review/?year=2023")
        # Matplotlib's SVG: each axis' tick labels are <text> in a group with id xtick_N / ytick_N.
        for axis in ("#axes_2 g[id^=xtick] text", "#axes_1 g[id^=ytick] text"):
            labels = _boxes(page, f"figure.chart {axis}")
            assert len(labels) >= 2, axis
            clashes = [
                (a["text"], b["text"])
                for i, a in enumerate(labels)
                for b in labels[i + 1 :]
                if _overlap(a, b)
            ]
            assert not clashes, f"{axis} labels run together: {clashes}"
        # The bars and the legend carry ids (set in review._draw); empty bars (a zero count) have no area.
        bars = [b for b in _boxes(page, "figure.chart g[id^=bar-] path") if b["bottom"] - b["top"] > 0.5]
        assert len(bars) >= 4
        legends = _boxes(
            page, "figure.chart g#chart-legend text, figure.chart g#chart-legend g[id^=patch] path"
        )
        assert legends, "the chart has a legend"
        covered = [(lg["text"], b) for lg in legends for b in bars if _overlap(lg, b, slack=0.5)]
        assert not covered, f"the legend covers a bar: {covered[:3]}"
