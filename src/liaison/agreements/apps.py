from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "liaison.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from . import handlers

        handlers.register()

    def load_demo(self, party_code: str) -> None:
        """Called by `liaison demo load`: the history of agreements/demo_data.py, through the services."""
        from .demo import load_demo

        load_demo(party_code)

    def dashboard_panels(self, officer: Any) -> list[dict[str, Any]]:
        from .panels import dashboard_panels

        return dashboard_panels(officer)
