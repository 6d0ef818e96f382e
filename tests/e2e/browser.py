"""Playwright driving Debian's chromium (`playwright install` cannot download on these machines)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

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
