"""The typed JSON API (Django Ninja); OpenAPI documentation at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from liaison.core.api.views import router as core_router

api = NinjaAPI(
    title="Liaison API",
    version="1",
    description="Cooperation between public-security ministries: reference data, agreements, federation.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/core", core_router)


def _add_optional_routers() -> None:
    """Domain apps expose `api.views.router`; each is mounted under its app label."""
    import importlib
    import importlib.util

    for label in ("federation", "agreements"):
        if importlib.util.find_spec(f"liaison.{label}.api") is None:
            continue  # the app has no API yet
        module = importlib.import_module(f"liaison.{label}.api.views")
        api.add_router(f"/{label}", module.router)


_add_optional_routers()


@api.exception_handler(PermissionError)
def permission_error(request: HttpRequest, exc: PermissionError) -> HttpResponse:
    return api.create_response(request, {"code": "forbidden", "detail": str(exc)}, status=403)
