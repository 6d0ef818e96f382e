from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.contract import LiaisonAppConfig, NavItem, Panel


class FederationConfig(LiaisonAppConfig):
    name = "liaison.federation"
    label = "federation"
    verbose_name = _("Federation")
    url_prefix = "federation/"
    api_router = "liaison.federation.api.views.router"
    envelopes = "liaison.federation.envelopes"
    navigation = (NavItem(_("Peers"), "federation:peer_list", staff_only=True, order=80),)

    def dashboard_panels(self, officer: Any) -> list[Panel]:
        """For node administrators: each peer's state, queue depth and dead letters."""
        if not officer.has_role("admin"):
            return []
        from liaison.federation.status import peer_statuses

        return [
            Panel(
                title=str(_("Federation peers")),
                template="federation/panels/peers.html",
                context={"peers": peer_statuses(include_removed=False)},
                roles=("admin",),
                order=80,
                empty_text=str(_("No peer is pinned yet.")),
            )
        ]
