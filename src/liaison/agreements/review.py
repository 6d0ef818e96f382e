"""The implementation review: for a meeting or a plan year, every commitment with its status, evidence
and slippage, the meetings of the series before it, the commitments carried forward, and one chart
(matplotlib, SVG) used as is in the page and in the PDF (WeasyPrint)."""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Area, CommitmentStatus, MeetingKind
from .models import Commitment, Meeting, ProgressUpdate, StoredFile

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


def chart(review: Review) -> str:
    """Two panels: progress by area (this review), and the conference series with carried-forward work."""
    areas = [a for a in Area.values if a in review.by_area]
    statuses = list(STATUS_COLOURS)
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and shaped by the page's fonts
    plt.rcParams["font.family"] = ["Noto Sans", "Noto Sans Lao", "DejaVu Sans"]
    fig, (ax_area, ax_series) = plt.subplots(
        1, 2, figsize=(10, max(3.0, 0.45 * len(areas) + 1.5)), gridspec_kw={"width_ratios": [3, 2]}
    )
    left = [0] * len(areas)
    labels = [str(Area(a).label) for a in areas]
    for status in statuses:
        values = [review.by_area[a][status] for a in areas]
        ax_area.barh(
            labels, values, left=left, color=STATUS_COLOURS[status], label=str(CommitmentStatus(status).label)
        )
        left = [x + y for x, y in zip(left, values, strict=True)]
    ax_area.invert_yaxis()
    ax_area.set_title(_("Progress by area"))
    ax_area.set_xlabel(_("Commitments"))
    ax_area.xaxis.get_major_locator().set_params(integer=True)
    names = [_("No. %(n)s") % {"n": row.meeting.number} for row in review.series]
    bottom = [0] * len(review.series)
    for status in statuses:
        values = [row.counts[status] for row in review.series]
        ax_series.bar(names, values, bottom=bottom, color=STATUS_COLOURS[status])
        bottom = [x + y for x, y in zip(bottom, values, strict=True)]
    carried = [row.carried_in for row in review.series]
    if any(carried):
        ax_series.plot(names, carried, marker="o", color="#1565c0", label=_("Carried forward"))
        ax_series.legend(loc="upper left", fontsize=8, frameon=False)
    ax_series.set_title(_("Conference series"))
    ax_series.yaxis.get_major_locator().set_params(integer=True)
    handles, legend_labels = ax_area.get_legend_handles_labels()
    fig.legend(handles, legend_labels, loc="lower center", ncol=4, frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


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

    html = render_to_string("agreements/review_pdf.html", {"review": review}, request=request)
    return bytes(HTML(string=html, base_url=".").write_pdf())
