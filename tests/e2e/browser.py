"""Playwright driving Debian's chromium (`playwright install` cannot download on these machines)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from liaison.demo.core_data import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        # Fail loudly: `make test` installs it through scripts/system-deps.sh.
        raise RuntimeError(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


WIDTHS = (1366, 375)


def _axe_source() -> str:
    # axe-core as shipped inside the axe-playwright-python wheel (no download at run time).
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """WCAG 2 A/AA violations axe-core finds on the page, one line each ("rule: target…")."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map("
        "v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
    )
    return list(result)


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def too_wide(page: Page, url: str, widths: tuple[int, ...] = WIDTHS) -> list[str]:
    """Load `url` at every width of `widths` and say where it is wider than the window."""
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        if (extra := overflow(page)) > 0:
            widest = page.evaluate(
                "() => { const w = window.innerWidth; return [...document.querySelectorAll('body *')]"
                ".filter(e => e.getBoundingClientRect().right > w + 1).slice(-3)"
                ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + "
                "(e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))"
                ".join(', ') }"
            )
            problems.append(f"{url} at {width}px: {extra}px too wide ({widest})")
    return problems


def logged_in(browser: Browser, url: str, username: str, *, width: int = 1280, language: str = "") -> Page:
    """A new browser page logged in as a demo officer at `url`; it reads in the officer's own
    language unless `language` is given, which it then switches to as a user would (the menu)."""
    context = browser.new_context(
        ignore_https_errors=True, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    if language and page.get_attribute("html", "lang") != language:
        with page.expect_navigation():
            page.select_option("#lang-select", language)
    return page
