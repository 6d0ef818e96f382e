"""The trend chart of a report schedule: border crossings per period (line, left axis) over incidents
(line) and seizures by offence category (stacked bars) on the right axis, drawn with matplotlib as
SVG, as the agreements review does."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from django.utils.translation import gettext as _
from matplotlib.ticker import MaxNLocator

from liaison.core import codelists

from .models import Report, ReportSchedule

PALETTE = ("#0f4c81", "#b5651d", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#9e9d24")


def trend_chart(schedule: ReportSchedule, reports: Sequence[Report]) -> str:
    """One SVG (text kept as text, shaped by the page's fonts) for the schedule's filed reports."""
    ordered = sorted(reports, key=lambda r: r.period_start)
    labels = [r.period_start.strftime("%Y-%m") for r in ordered]
    x = list(range(len(ordered)))  # positions, not the labels: "2025-01" would be read as a date
    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["font.family"] = ["Noto Sans", "Noto Sans Lao", "DejaVu Sans"]
    fig, ax_counts = plt.subplots(figsize=(9, 3.6))
    used = [c for c in codelists.codes("offence") if any(r.seizures.get(c) for r in ordered)]
    ax_seized = ax_counts.twinx()
    bottom = [0] * len(ordered)
    for i, code in enumerate(used):
        values = [int(r.seizures.get(code, 0)) for r in ordered]
        ax_seized.bar(
            x,
            values,
            bottom=bottom,
            color=PALETTE[i % len(PALETTE)],
            alpha=0.35,
            label=codelists.label("offence", code),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    # Incidents and seizures are counted in units, crossings in thousands: they share the right axis.
    ax_seized.plot(x, [r.incidents for r in ordered], marker="s", color="#c62828", label=_("Incidents"))
    ax_seized.set_ylabel(_("Incidents and seizures"))
    ax_seized.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_counts.plot(
        x, [r.crossings for r in ordered], marker="o", color="#0f4c81", label=_("Border crossings")
    )
    ax_counts.set_ylabel(_("Border crossings"))
    ax_counts.set_zorder(ax_seized.get_zorder() + 1)
    ax_counts.patch.set_visible(False)
    ax_counts.set_xticks(x, labels)
    ax_counts.tick_params(axis="x", labelrotation=45, labelsize=8)
    handles, names = ax_counts.get_legend_handles_labels()
    more, more_names = ax_seized.get_legend_handles_labels()
    fig.legend(handles + more, names + more_names, loc="lower center", ncol=4, frameon=False, fontsize=8)
    fig.tight_layout(rect=(0, 0.16, 1, 1))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
