"""The review chart is laid out in the fonts the browser draws it in, even when matplotlib's font
cache was made before those fonts were installed (CI failed on wrapped area names whose two lines
overlapped: matplotlib measured DejaVu, the browser drew Noto)."""

import copy
from collections.abc import Iterator

import pytest
from matplotlib import font_manager

from liaison.agreements import review


@pytest.fixture
def stale_font_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """matplotlib's font list as it is when its cache predates the Noto fonts."""
    stale = copy.copy(font_manager.fontManager)
    stale.ttflist = [font for font in stale.ttflist if not font.name.startswith("Noto Sans")]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    review.chart_font_families.cache_clear()
    yield
    review.chart_font_families.cache_clear()


def _file_for(family: str) -> str:
    prop = font_manager.FontProperties(family=family)
    return font_manager.fontManager.findfont(prop, fallback_to_default=False)


def test_fonts_missing_from_a_stale_cache_are_found_on_the_system(stale_font_cache: None) -> None:
    with pytest.raises(ValueError):
        _file_for("Noto Sans")  # the stale list alone would lay the chart out in DejaVu

    assert review.chart_font_families()[:2] == ["Noto Sans", "Noto Sans Lao"]

    assert _file_for("Noto Sans").endswith("/NotoSans-Regular.ttf")
    assert _file_for("Noto Sans Lao").endswith("/NotoSansLao-Regular.ttf")
