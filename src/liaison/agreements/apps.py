from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel


class AgreementsConfig(LiaisonAppConfig):
    name = "liaison.agreements"
    label = "agreements"
    verbose_name = _("Agreements")
    url_prefix = "agreements/"
    api_router = "liaison.agreements.api.views.router"
    envelopes = "liaison.agreements.envelopes"
    demo_loader = "liaison.demo.agreements.load"
    navigation = (NavItem(_("Agreements"), "agreements:index", order=20),)

    def dashboard_panels(self, officer: Any) -> list[Panel]:
        from .panels import dashboard_panels

        return dashboard_panels(officer)
