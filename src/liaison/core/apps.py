from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel

if TYPE_CHECKING:
    from liaison.core.models import Officer


class CoreConfig(LiaisonAppConfig):
    name = "liaison.core"
    label = "core"
    verbose_name = _("Core")
    url_prefix = "directory/"
    api_router = "liaison.core.api.views.router"
    navigation = (
        NavItem(_("Units"), "core:unit_directory", order=50),
        NavItem(_("Twinnings"), "core:twinning_list", order=55),
        NavItem(_("Administration"), "admin:index", staff_only=True, order=90),
    )

    def dashboard_panels(self, officer: Officer) -> list[Panel]:
        if not officer.has_role("admin"):
            return []
        from liaison.core.models import AuditEvent

        return [
            Panel(
                title=str(_("Recent activity on this node")),
                template="core/panels/audit.html",
                roles=("admin",),
                order=90,
                context={"events": AuditEvent.objects.order_by("-id")[:10]},
            )
        ]
