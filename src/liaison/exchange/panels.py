"""Dashboard panels of the exchange app (the app contract's `dashboard_panels`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liaison.core.contract import Panel

from .figures import overdue_reports, unanswered_threads

SHOWN = 6


def dashboard_panels(officer: Any) -> list[Panel]:
    rows = overdue_reports(officer, states=("overdue", "due"))
    overdue = [r for r in rows if r.period.state == "overdue"]
    due = [r for r in rows if r.period.state == "due"]
    queryset = unanswered_threads(officer)
    unanswered = list(queryset[:SHOWN])
    # Count only when the list is full: the dashboard's query budget is shared by every app's panels.
    count = queryset.count() if len(unanswered) == SHOWN else len(unanswered)
    return [
        Panel(
            title=_("Unanswered messages"),
            template="exchange/panels/unanswered.html",
            context={"threads": unanswered, "count": count},
            order=5,
            empty_text=_("No message waits for your unit's answer."),
        ),
        Panel(
            title=_("Overdue reports"),
            template="exchange/panels/overdue_reports.html",
            context={"rows": overdue[:SHOWN], "overdue_count": len(overdue), "due": due[:SHOWN]},
            order=6,
            empty_text=_("No periodic report is overdue or due."),
        ),
    ]
