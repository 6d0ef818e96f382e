from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel


class HotlineConfig(LiaisonAppConfig):
    name = "liaison.hotline"
    label = "hotline"
    verbose_name = _("Hotline")
    url_prefix = "hotline/"
    api_router = "liaison.hotline.api.router"
    websocket_routes = "liaison.hotline.routing.websocket_urlpatterns"
    envelopes = "liaison.hotline.envelopes"
    demo_loader = "liaison.demo.hotline.load_demo"
    navigation = (NavItem(_("Hotline"), "hotline:index", order=30),)

    def dashboard_panels(self, officer: Any) -> list[Panel]:
        from .panels import dashboard_panels

        return dashboard_panels(officer)
