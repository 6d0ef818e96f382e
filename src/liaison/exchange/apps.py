from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel


class ExchangeConfig(LiaisonAppConfig):
    name = "liaison.exchange"
    label = "exchange"
    verbose_name = _("Information exchange")
    url_prefix = "exchange/"
    api_router = "liaison.exchange.api.views.router"
    envelopes = "liaison.exchange.envelopes"
    demo_loader = "liaison.demo.exchange.load_demo"
    navigation = (
        NavItem(_("Messages"), "exchange:thread_list", order=10),
        NavItem(_("Periodic reports"), "exchange:schedule_list", order=12),
    )

    def dashboard_panels(self, officer: Any) -> list[Panel]:
        from .panels import dashboard_panels

        return dashboard_panels(officer)
