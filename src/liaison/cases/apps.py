from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel


class CasesConfig(LiaisonAppConfig):
    name = "liaison.cases"
    label = "cases"
    verbose_name = _("Joint cases")
    url_prefix = "cases/"
    api_router = "liaison.cases.api.views.router"
    envelopes = "liaison.cases.envelopes"
    demo_loader = "liaison.demo.cases.load_demo"
    navigation = (
        NavItem(_("Joint cases"), "cases:index", order=30),
        NavItem(_("Hit/no-hit queries"), "cases:query_figures", roles=("admin",), order=31),
    )

    def dashboard_panels(self, officer: Any) -> list[Panel]:
        from .panels import dashboard_panels

        return dashboard_panels(officer)
