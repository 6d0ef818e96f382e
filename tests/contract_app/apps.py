"""A throwaway domain app, for tests only: it plugs into Liaison through the app contract alone."""

from __future__ import annotations

from typing import Any

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel


class ContractDemoConfig(LiaisonAppConfig):
    name = "tests.contract_app"
    label = "contract_demo"
    url_prefix = "contract-demo/"
    api_router = "tests.contract_app.api.router"
    websocket_routes = "tests.contract_app.consumers.routes"
    envelopes = "tests.contract_app.envelopes"
    navigation = (NavItem("Contract demo", "contract_demo:index", order=70),)

    def dashboard_panels(self, officer: Any) -> list[Panel]:
        return [Panel(title="Contract demo panel", template="contract_app/panel.html", order=5)]
