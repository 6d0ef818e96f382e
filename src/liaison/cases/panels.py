"""Dashboard panel of the cases app: "Joint cases" for the officers who work them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liaison.core.contract import Panel

from .models import AssistanceRequest, Case
from .services.common import CASE_ROLES


def dashboard_panels(officer: Any) -> list[Panel]:
    if not officer.has_role(*CASE_ROLES):
        return []
    cases = list(Case.objects.visible_to(officer).filter(status="open").order_by("-opened_on")[:6])
    requests = AssistanceRequest.objects.filter(
        pk__in=AssistanceRequest.objects.visible_to(officer).values("pk")
    ).open()
    return [
        Panel(
            title=_("Joint cases"),
            template="cases/panels/cases.html",
            context={
                "cases": cases,
                "open_requests": requests.count(),
                "overdue_requests": requests.overdue().count(),
            },
            roles=CASE_ROLES,
            order=25,
            empty_text=_("Your unit works no open joint case."),
        )
    ]
