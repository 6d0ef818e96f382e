"""The typed JSON API (Django Ninja); OpenAPI documentation at /api/docs.

Every installed Liaison app that names an `api_router` (the app contract) is mounted at
/api/<label>/. Django's PermissionDenied and ValidationError become API errors here, once, so no
endpoint catches them by hand.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from liaison.core.contract import each_part

api = NinjaAPI(
    title="Liaison API",
    version="1",
    description="Cooperation between public-security ministries: reference data, agreements, federation.",
    auth=django_auth,
    urls_namespace="api",
)

for _config, _router in each_part("api_router"):
    api.add_router(f"/{_config.label}", _router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"code": "forbidden", "detail": str(exc)}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"code": "invalid", "detail": "; ".join(exc.messages)}, status=422)
