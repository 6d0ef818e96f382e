"""The app contract: the one way a domain app plugs into Liaison.

A domain app subclasses `LiaisonAppConfig` in its `apps.py` and fills in what it brings: its pages
(URL prefix and urlconf), its JSON API router, its WebSocket routes, its navigation entries, its
dashboard panels, its demo loader and its envelope catalogue. `config/urls.py`, `config/api.py`,
`config/asgi.py`, the navigation and the dashboard iterate over the installed configs, so adding
an app is one line in `INSTALLED_APPS` and nothing else.

Everything is named by dotted path and imported lazily, so this module (at the bottom of the
layers) never imports an app, and an app's modules load only when Django is ready.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from liaison.core.models import Officer

_MODULE_PARTS = frozenset({"envelopes"})  # parts named by module, not by object

__all__ = ["LiaisonAppConfig", "NavItem", "Panel", "liaison_apps", "navigation_for", "panels_for"]


@dataclass
class Panel:
    """One card on the dashboard; `template` is rendered with `panel` in its context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    roles: tuple[str, ...] = ()  # empty: every role
    order: int = 100
    empty_text: str = ""


@dataclass(frozen=True)
class NavItem:
    """An entry of the main navigation; `url_name` is reversed, `app_name` marks the current page."""

    label: Any  # a lazy translation
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every signed-in officer
    staff_only: bool = False
    order: int = 100


class LiaisonAppConfig(AppConfig):
    """Base class of every Liaison app's AppConfig (see docs/adding-an-app.md).

    Leave an attribute at None when the app does not bring that part.
    """

    # Django picks the AppConfig of an apps.py that defines or imports several by `default`: this
    # base class is never the one, each subclass is (unless it says otherwise).
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    #: pages are mounted at this prefix (e.g. "agreements/"); "" mounts at the root
    url_prefix: str | None = None
    #: the urlconf of those pages; defaults to "<app module>.urls"
    urlconf: str | None = None
    #: dotted path of a `ninja.Router`, mounted at /api/<label>/
    api_router: str | None = None
    #: dotted path of a list of Channels URL routes (WebSocket), under the origin check of asgi.py
    websocket_routes: str | None = None
    #: dotted path of the module whose `ENVELOPES` tuple lists the envelope types this app sends and
    #: receives (see federation.public.EnvelopeType)
    envelopes: str | None = None
    #: dotted path of `load(party_code: str) -> None`, run by `liaison demo load` in app order
    demo_loader: str | None = None
    #: entries of the main navigation
    navigation: tuple[NavItem, ...] = ()

    def dashboard_panels(self, officer: Officer) -> list[Panel]:
        """The dashboard cards this app shows to `officer` (already scoped to what they may see)."""
        return []

    # --- resolved parts (used by config/ and web/, not overridden) ----------------------------

    def resolved_urlconf(self) -> str | None:
        if self.url_prefix is None:
            return None
        return self.urlconf or f"{self.name}.urls"

    def load(self, attribute: str) -> Any:
        """The object (or, for `envelopes`, the module) that `attribute` names, imported."""
        dotted = getattr(self, attribute)
        if not dotted:
            return None
        return importlib.import_module(dotted) if attribute in _MODULE_PARTS else import_string(dotted)


def liaison_apps() -> Iterator[LiaisonAppConfig]:
    """The installed Liaison apps, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if isinstance(config, LiaisonAppConfig):
            yield config


def _allowed(officer: Officer, roles: tuple[str, ...]) -> bool:
    return not roles or bool(officer.role_codes() & set(roles))


def panels_for(officer: Officer) -> list[Panel]:
    """Every installed app's panels that the officer's roles may see, in display order."""
    found = [panel for config in liaison_apps() for panel in config.dashboard_panels(officer)]
    return sorted((p for p in found if _allowed(officer, p.roles)), key=lambda p: p.order)


def navigation_for(officer: Officer) -> list[NavItem]:
    items = [item for config in liaison_apps() for item in config.navigation]
    return sorted(
        (i for i in items if _allowed(officer, i.roles) and (officer.is_staff or not i.staff_only)),
        key=lambda i: i.order,
    )


def each_part(attribute: str) -> Iterator[tuple[LiaisonAppConfig, Any]]:
    """(config, imported object) for every installed app that names `attribute`."""
    for config in liaison_apps():
        if getattr(config, attribute):
            yield config, config.load(attribute)
