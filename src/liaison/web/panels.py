"""Dashboard panels. A domain app contributes panels by giving its AppConfig a
`dashboard_panels(officer) -> list[dict]` method (the fields of Panel); the dashboard shows those
for the officer's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from liaison.core.models import AuditEvent, Officer, RoleCode


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    roles: tuple[str, ...] = ()  # empty: every role
    order: int = 100
    empty_text: str = ""


def _core_panels(officer: Officer) -> list[Panel]:
    return [
        Panel(
            title=str(_("Hotline alerts awaiting acknowledgement")),
            template="web/panels/empty.html",
            roles=(RoleCode.DUTY_OFFICER,),
            order=10,
            empty_text=str(_("No alert is waiting for your desk.")),
        ),
        Panel(
            title=str(_("Reports due from your unit")),
            template="web/panels/empty.html",
            roles=(RoleCode.DUTY_OFFICER, RoleCode.OFFICER),
            order=20,
            empty_text=str(_("No periodic report is due.")),
        ),
        Panel(
            title=str(_("Joint cases")),
            template="web/panels/empty.html",
            roles=(RoleCode.OFFICER,),
            order=30,
            empty_text=str(_("No joint case yet.")),
        ),
        Panel(
            title=str(_("Recent activity on this node")),
            template="web/panels/audit.html",
            roles=(RoleCode.ADMIN,),
            order=90,
            context={"events": AuditEvent.objects.order_by("-id")[:10]} if officer.has_role("admin") else {},
        ),
    ]


def panels_for(officer: Officer) -> list[Panel]:
    found = list(_core_panels(officer))
    for config in apps.get_app_configs():
        provider = getattr(config, "dashboard_panels", None)
        if provider is not None:
            # Apps sit below web and cannot import Panel: they return plain dicts of its fields.
            found.extend(p if isinstance(p, Panel) else Panel(**p) for p in provider(officer))
    roles = officer.role_codes()
    visible = [p for p in found if not p.roles or roles & set(p.roles)]
    return sorted(visible, key=lambda p: p.order)
