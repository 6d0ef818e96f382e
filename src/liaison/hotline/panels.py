"""Dashboard panels of the hotline (the app contract's `dashboard_panels`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liaison.core.access import scope_unit_ids
from liaison.core.contract import Panel

from .choices import AWAITING_ACK, OPEN_STATES
from .figures import ack_figures
from .models import Alert

PANEL_ROLES = ("duty_officer",)


def panel_context(officer: Any) -> dict[str, Any]:
    """The rows of the "awaiting acknowledgement" panel (also served alone, for live refreshes)."""
    scope = scope_unit_ids(officer)
    visible = Alert.objects.visible_to(officer).select_related("from_unit", "to_unit")
    return {
        "awaiting": list(
            visible.filter(to_unit_id__in=scope, state__in=AWAITING_ACK).order_by("deadline_at")[:20]
        ),
        "outgoing": list(
            visible.filter(from_unit_id__in=scope, state__in=OPEN_STATES).order_by("-raised_at")[:10]
        ),
        "can_acknowledge": officer.has_role("duty_officer", "officer"),
    }


def dashboard_panels(officer: Any) -> list[Panel]:
    if not officer.has_role(*PANEL_ROLES):
        return []
    figures = ack_figures(Alert.objects.visible_to(officer))[:6]
    return [
        Panel(
            title=_("Hotline alerts awaiting acknowledgement"),
            template="hotline/panels/awaiting.html",
            context=panel_context(officer),
            roles=PANEL_ROLES,
            order=5,
            empty_text=_("No hotline alert is awaiting acknowledgement."),
        ),
        Panel(
            title=_("Hotline: time to acknowledge"),
            template="hotline/panels/figures.html",
            context={"figures": figures},
            roles=PANEL_ROLES,
            order=60,
            empty_text=_("No alert has been acknowledged yet."),
        ),
    ]
