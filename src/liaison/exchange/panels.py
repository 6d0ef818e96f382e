"""Dashboard panels of the exchange app (the app contract's `dashboard_panels`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liaison.core.contract import Panel

from .figures import overdue_reports, unanswered_threads


def dashboard_panels(officer: Any) -> list[Panel]:
    overdue = overdue_reports(officer)
    unanswered = unanswered_threads(officer)
    return [
        Panel(
            title=_("Unanswered messages"),
            template="exchange/panels/unanswered.html",
            context={"threads": list(unanswered[:6]), "count": unanswered.count()},
            order=5,
            empty_text=_("No message waits for your unit's answer."),
        ),
        Panel(
            title=_("Overdue reports"),
            template="exchange/panels/overdue_reports.html",
            context={"rows": overdue[:6], "overdue_count": len(overdue)},
            order=6,
            empty_text=_("No periodic report is overdue."),
        ),
    ]
