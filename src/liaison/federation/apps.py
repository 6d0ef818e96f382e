from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PING_TYPE = "federation.ping"


def apply_ping(incoming: object) -> None:
    """`federation.ping` is the protocol's own liveness envelope: applying it changes nothing; the
    inbox row and the signed receipt are its whole effect. `liaison peer ping` sends it, so an
    administrator can prove a peering end to end, and the two-node tests and the benchmark drive
    real delivery with it without depending on a domain app."""


class FederationConfig(AppConfig):
    name = "liaison.federation"
    label = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from liaison.federation.public import register_handler

        register_handler(PING_TYPE, apply_ping)

    def dashboard_panels(self, officer: Any) -> list[dict[str, Any]]:
        """For node administrators: each peer's state, queue depth and dead letters."""
        if not officer.has_role("admin"):
            return []
        from liaison.federation.status import peer_statuses

        return [
            {
                "title": str(_("Federation peers")),
                "template": "federation/panels/peers.html",
                "context": {"peers": peer_statuses(include_removed=False)},
                "roles": ("admin",),
                "order": 80,
                "empty_text": str(_("No peer is pinned yet.")),
            }
        ]
