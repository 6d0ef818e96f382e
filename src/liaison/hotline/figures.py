"""Time to acknowledge: median and 90th percentile per twinning and month (issue 11, item 9),
over the alerts an officer may see. The time runs from delivery (when the deadline starts) to
the acknowledgement."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from liaison.core.models import Twinning

from .models import Alert


@dataclass(frozen=True)
class AckFigure:
    twinning: str
    twinning_id: int | None
    month: str  # YYYY-MM, in the node's time zone
    alerts: int
    median_seconds: float
    p90_seconds: float


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (what a duty desk reads: "90% were acknowledged within ...")."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def ack_figures(alerts: Any) -> list[AckFigure]:
    """`alerts` is an already scoped queryset of alerts; newest month first."""
    rows = list(
        alerts.filter(acknowledged_at__isnull=False, delivered_at__isnull=False).values_list(
            "from_unit_id", "to_unit_id", "delivered_at", "acknowledged_at"
        )
    )
    pairs = {frozenset((a, b)) for a, b, _d, _k in rows}
    twinnings: dict[frozenset[int], Twinning] = {}
    if pairs:
        query = Q()
        for pair in pairs:
            a, b = (*pair, *pair)[:2]
            query |= Q(unit_a_id=a, unit_b_id=b) | Q(unit_a_id=b, unit_b_id=a)
        for t in Twinning.objects.filter(query).select_related("unit_a", "unit_b"):
            twinnings[frozenset((t.unit_a_id, t.unit_b_id))] = t
    grouped: dict[tuple[frozenset[int], str], list[float]] = defaultdict(list)
    for a, b, delivered, acknowledged in rows:
        month = timezone.localtime(delivered).strftime("%Y-%m")
        grouped[(frozenset((a, b)), month)].append((acknowledged - delivered).total_seconds())
    figures = []
    for (pair, month), values in grouped.items():
        twinning = twinnings.get(pair)
        figures.append(
            AckFigure(
                twinning=str(twinning) if twinning else "—",
                twinning_id=twinning.pk if twinning else None,
                month=month,
                alerts=len(values),
                median_seconds=round(median(values), 1),
                p90_seconds=round(percentile(values, 0.9), 1),
            )
        )
    return sorted(figures, key=lambda f: (f.month, f.twinning), reverse=True)


def visible_alerts(officer: Any) -> Any:
    return Alert.objects.visible_to(officer)
