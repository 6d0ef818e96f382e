"""The implementation review: for a meeting or a plan year, every commitment with its status, evidence
and slippage, the meetings of the series before it, the commitments carried forward, and one chart
(matplotlib, SVG) used as is in the page and in the PDF (WeasyPrint)."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import textwrap
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import font_manager

from .choices import Area, CommitmentStatus, MeetingKind
from .models import Commitment, Meeting, ProgressUpdate, StoredFile

T = TypeVar("T")

STATUS_COLOURS = {
    CommitmentStatus.DONE: "#2e7d32",
    CommitmentStatus.IN_PROGRESS: "#f9a825",
    CommitmentStatus.PLANNED: "#90a4ae",
    CommitmentStatus.DROPPED: "#c62828",
}


@dataclass
class SeriesRow:
    meeting: Meeting
    counts: Counter[str]
    carried_in: int
    total: int


@dataclass
class Review:
    title: str
    meeting: Meeting | None
    year: int | None
    commitments: list[Commitment]
    series: list[SeriesRow] = field(default_factory=list)
    by_area: dict[str, Counter[str]] = field(default_factory=dict)
    carried_forward: list[Commitment] = field(default_factory=list)
    chart_svg: str = ""
    generated_at: Any = None

    @property
    def totals(self) -> dict[str, int]:
        """Count by status, in the order of STATUS_COLOURS (a dict, not a Counter, for templates)."""
        counts = Counter(c.status for c in self.commitments)
        return {str(s): counts[s] for s in STATUS_COLOURS if counts[s]}

    @property
    def overdue_count(self) -> int:
        return sum(1 for c in self.commitments if c.is_overdue)

    @property
    def chart_data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.chart_svg.encode()).decode()


def _commitments(officer: Any, meeting: Meeting | None, year: int | None) -> list[Commitment]:
    queryset = (
        Commitment.objects.visible_to(officer)
        .select_related("document__meeting", "carried_forward_from__document")
        .prefetch_related(
            "owner_units__party",
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("party", "unit").prefetch_related(
                    Prefetch("evidence", queryset=StoredFile.objects.order_by("name"))
                ),
            ),
            "carried_forward_to__document",
        )
    )
    if meeting is not None:
        queryset = queryset.filter(document__meeting=meeting)
    if year is not None:
        queryset = queryset.filter(document__plan_year=year)
    return list(queryset.order_by("document__meeting__starts_on", "document__reference", "clause", "key"))


def _series(officer: Any, meeting: Meeting | None, year: int | None) -> list[Meeting]:
    meetings = Meeting.objects.visible_to(officer).filter(
        kind=MeetingKind.SECURITY_CONFERENCE, number__isnull=False
    )
    if meeting is not None and meeting.number is not None:
        meetings = meetings.filter(kind=meeting.kind, number__lte=meeting.number)
    elif year is not None:
        meetings = meetings.filter(starts_on__year__lte=year)
    return list(meetings.order_by("number"))


class RenderCache(Generic[T]):
    """Drawn charts and rendered PDFs by the hash of what they show (data, labels and language):
    drawing a chart takes ~0.5 s and a PDF ~1 s, and the same review is opened and exported again and
    again while its data stays put. Bounded, per process; `enabled = False` draws every time (the
    bench's "before")."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.enabled = True
        self._charts: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_draw(self, data: Any, draw: Callable[[], T]) -> T:
        if not self.enabled:
            return draw()
        key = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        with self._lock:
            if key in self._charts:
                self._charts.move_to_end(key)
                return self._charts[key]
        made = draw()
        with self._lock:
            self._charts[key] = made
            while len(self._charts) > self.size:
                self._charts.popitem(last=False)
        return made

    def clear(self) -> None:
        with self._lock:
            self._charts.clear()


chart_cache: RenderCache[str] = RenderCache(64)
pdf_cache: RenderCache[bytes] = RenderCache(16)


def _chart_data(review: Review) -> dict[str, Any]:
    """Everything the chart shows, as plain data: the cache key, and the only input of the drawing."""
    areas = [a for a in Area.values if a in review.by_area]
    statuses = [str(s) for s in STATUS_COLOURS]
    return {
        "language": get_language(),
        "statuses": [[s, str(CommitmentStatus(s).label)] for s in statuses],
        "areas": [[str(Area(a).label), [review.by_area[a][s] for s in statuses]] for a in areas],
        "series": [
            [row.meeting.number, [row.counts[s] for s in statuses], row.carried_in] for row in review.series
        ],
        "text": {
            "by_area": _("Progress by area"),
            "commitments": _("Commitments"),
            "series": _("Conference series"),
            "number": _("Conference number"),
            "carried": _("Carried forward"),
        },
    }


CHART_FONTS = ("Noto Sans", "Noto Sans Lao", "DejaVu Sans")


@functools.cache
def chart_font_families() -> list[str]:
    """The chart's fonts, each known to matplotlib. Matplotlib lists the system's fonts once, in a cache
    on disk kept across runs; a font installed after that (the Noto fonts of scripts/system-deps.sh) is
    unknown to it, so it laid the labels out with DejaVu's metrics while the browser drew them in Noto,
    taller: the two lines of a wrapped area name overlapped. Such fonts are added from their files."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    # Family "Noto Sans Lao" is in files named NotoSansLao-Regular.ttf, NotoSansLao-Bold.ttf, ...
    wanted = {name.replace(" ", "") + "-": name for name in CHART_FONTS if name not in known}
    if wanted:
        for path in font_manager.findSystemFonts():
            base = path.rsplit("/", 1)[-1]
            if any(base.startswith(prefix) for prefix in wanted):
                font_manager.fontManager.addfont(path)
    return list(CHART_FONTS)


def chart(review: Review) -> str:
    """Two panels: progress by area (this review), and the conference series with carried-forward work."""
    data = _chart_data(review)
    return chart_cache.get_or_draw(data, lambda: _draw(data))


def _draw(data: dict[str, Any]) -> str:
    statuses = [s for s, _label in data["statuses"]]
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and shaped by the page's fonts
    plt.rcParams["font.family"] = chart_font_families()
    areas = data["areas"]
    fig, (ax_area, ax_series) = plt.subplots(
        1, 2, figsize=(10, max(3.2, 0.5 * len(areas) + 1.8)), gridspec_kw={"width_ratios": [3, 2]}
    )
    # Long area names (Lao, French) wrap instead of running into the bars or each other.
    labels = [textwrap.fill(label, 24, break_long_words=False) for label, _counts in areas]
    left = [0] * len(areas)
    for i, (status, status_label) in enumerate(data["statuses"]):
        values = [counts[i] for _label, counts in areas]
        bars = ax_area.barh(labels, values, left=left, color=STATUS_COLOURS[status], label=status_label)
        _name_bars(bars, f"bar-area-{status}")
        left = [x + y for x, y in zip(left, values, strict=True)]
    ax_area.invert_yaxis()
    ax_area.set_title(data["text"]["by_area"])
    ax_area.set_xlabel(data["text"]["commitments"])
    ax_area.xaxis.get_major_locator().set_params(integer=True)
    # Bare numbers under the bars, the words once on the axis: "No. 12" in Lao or Vietnamese ran
    # into its neighbours ("12th13th…").
    names = [str(number) for number, _counts, _carried in data["series"]]
    positions = list(range(len(names)))
    bottom = [0] * len(names)
    for i, status in enumerate(statuses):
        values = [counts[i] for _n, counts, _carried in data["series"]]
        bars = ax_series.bar(positions, values, bottom=bottom, color=STATUS_COLOURS[status])
        _name_bars(bars, f"bar-series-{status}")
        bottom = [x + y for x, y in zip(bottom, values, strict=True)]
    ax_series.set_xticks(positions, names)
    ax_series.set_xlabel(data["text"]["number"])
    ax_series.set_title(data["text"]["series"])
    ax_series.yaxis.get_major_locator().set_params(integer=True)
    handles, legend_labels = ax_area.get_legend_handles_labels()
    carried = [c for _n, _counts, c in data["series"]]
    if any(carried):
        (line,) = ax_series.plot(positions, carried, marker="o", color="#1565c0")
        handles.append(line)
        legend_labels.append(data["text"]["carried"])
    # One legend for both panels, below them: inside a panel it covered the first bar.
    fig.tight_layout()
    legend = fig.legend(
        handles,
        legend_labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=5,
        frameon=False,
        fontsize=9,
    )
    legend.set_gid("chart-legend")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", bbox_extra_artists=[legend])
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _name_bars(bars: Any, prefix: str) -> None:
    """SVG ids on the bars (and the legend) name what they are, for people and tests reading the SVG."""
    for i, bar in enumerate(bars):
        bar.set_gid(f"{prefix}-{i}")


def build_review(officer: Any, *, meeting: Meeting | None = None, year: int | None = None) -> Review:
    if meeting is not None:
        title = _("Implementation review: %(meeting)s") % {"meeting": meeting.title}
    else:
        title = _("Implementation review of the %(year)s plan year") % {"year": year}
    commitments = _commitments(officer, meeting, year)
    review = Review(
        title=title, meeting=meeting, year=year, commitments=commitments, generated_at=timezone.now()
    )
    for c in commitments:
        review.by_area.setdefault(c.area, Counter())[c.status] += 1
    review.carried_forward = [c for c in commitments if c.carried_forward_from_id]
    for m in _series(officer, meeting, year):
        in_meeting = Commitment.objects.visible_to(officer).filter(document__meeting=m)
        counts = Counter(in_meeting.values_list("status", flat=True))
        review.series.append(
            SeriesRow(
                meeting=m,
                counts=counts,
                total=sum(counts.values()),
                carried_in=in_meeting.filter(carried_forward_from__isnull=False).count(),
            )
        )
    review.chart_svg = chart(review)
    return review


def render_pdf(review: Review, *, request: Any = None) -> bytes:
    from weasyprint import HTML

    # The same content (rendered without its time stamp) gives the PDF made the first time, which says
    # when it was made; any change of data, language or scope makes a new one.
    generated_at, review.generated_at = review.generated_at, None
    key = render_to_string("agreements/review_pdf.html", {"review": review}, request=request)
    review.generated_at = generated_at

    def make() -> bytes:
        html = render_to_string("agreements/review_pdf.html", {"review": review}, request=request)
        return bytes(HTML(string=html, base_url=".").write_pdf())

    return pdf_cache.get_or_draw(key, make)
