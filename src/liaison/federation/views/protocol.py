"""The node-to-node endpoints under /federation/v1/. Everything but the identity document needs a
pinned peer's client certificate (mutual TLS); these are not pages and are not for officers."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from liaison.core.server import (
    ConnectionState,
    MachineRequest,
    client_cert_der,
    connection_state,
    serve_directly,
)
from liaison.federation import inbox, manifests
from liaison.federation.client import FOLLOWS_HEADER
from liaison.federation.models import Direction, Manifest, Peer, pinned_peer
from liaison.federation.node import local_node

# Django's test client builds WSGI requests, which have no ASGI scope: tests hand the client
# certificate in this environ key. Production requests are ASGI (`liaison serve`); their META is
# built from headers (HTTP_*) and the fixed CGI names, so a client cannot set this key.
TEST_CLIENT_CERT_KEY = "liaison.test.client_cert_der"


def _connection(request: HttpRequest) -> ConnectionState | None:
    scope = getattr(request, "scope", None)
    return connection_state(scope) if scope is not None else None


def client_certificate(request: HttpRequest) -> bytes | None:
    scope = getattr(request, "scope", None)
    if scope is not None:
        return client_cert_der(scope)
    value = request.META.get(TEST_CLIENT_CERT_KEY)
    return value if isinstance(value, bytes) else None


def _answer(answer: inbox.Answer) -> JsonResponse:
    return JsonResponse(answer.body, status=answer.status)


def authenticate_peer(request: HttpRequest) -> tuple[Peer | None, inbox.Answer | None]:
    return authenticate(client_certificate(request), request.path)


def authenticate(der: bytes | None, path: str) -> tuple[Peer | None, inbox.Answer | None]:
    """The pinned peer presenting certificate `der`, or the refusal (audited) to answer with."""
    if der is None:
        return None, inbox.refuse(
            "no_client_certificate",
            "this endpoint requires the client certificate of a pinned peer",
            peer=None,
            extra={"path": path},
        )
    fingerprint = hashlib.sha256(der).hexdigest()
    peer = pinned_peer(fingerprint)
    if peer is None:
        return None, inbox.refuse(
            "unknown_peer",
            "this client certificate is not pinned as a peer",
            peer=None,
            extra={"fingerprint": fingerprint, "path": path},
        )
    return peer, None


@require_GET
def identity_document(request: HttpRequest) -> JsonResponse:
    """Public: what `peer add` pins, fetched over a connection whose certificate was checked
    against the fingerprint given out of band."""
    node = local_node()
    return JsonResponse(
        {
            "protocol": 1,
            "party": node.party,
            "url": node.public_url,
            "signing_public_key": node.signing_public_key_b64,
            "certificate_pem": node.certificate_pem,
        }
    )


def _inbox(
    der: bytes | None,
    path: str,
    follows: str | None,
    body: Callable[[], bytes],
    connection: ConnectionState | None,
) -> inbox.Answer:
    """A batch posted to the inbox, however it came in (`body()` raises RequestDataTooBig)."""
    peer, refusal = authenticate(der, path)
    if refusal is not None:
        return refusal
    assert peer is not None
    if follows is not None and (connection is None or connection.last_completed_batch != follows):
        # Not a refusal of what the peer sent (nothing of it was read): the batch it follows failed,
        # and its worker sends both again, in order.
        return inbox.Answer(
            409,
            {
                "reason": "previous_batch_failed",
                "detail": f"batch {follows} was not completed on this connection; send it first",
            },
        )
    try:
        raw = body()
    except RequestDataTooBig:
        answer = inbox.refuse(
            "batch_too_large", "the request body is larger than this node accepts", peer=peer
        )
    else:
        answer = inbox.receive(peer, raw)
    if connection is not None:
        # completed: answered with a receipt (each envelope applied, duplicate or refused)
        receipt = answer.body.get("receipt")
        connection.last_completed_batch = receipt.get("batch", "") if isinstance(receipt, dict) else ""
    return answer


@csrf_exempt
@require_POST
def inbox_view(request: HttpRequest) -> HttpResponse:
    return _answer(
        _inbox(
            client_certificate(request),
            request.path,
            request.headers.get(FOLLOWS_HEADER),
            lambda: request.body,
            _connection(request),
        )
    )


def inbox_endpoint(request: MachineRequest) -> tuple[int, dict[str, Any]]:
    """The inbox as `liaison serve` answers it (core.server.serve_directly)."""

    def body() -> bytes:
        if request.body is None:
            raise RequestDataTooBig
        return request.body

    answer = _inbox(
        request.client_cert_der,
        request.path,
        request.headers.get(FOLLOWS_HEADER.lower()),
        body,
        request.connection,
    )
    return answer.status, answer.body


serve_directly(inbox_view, inbox_endpoint, method="POST")


@require_GET
def manifest_list(request: HttpRequest) -> HttpResponse:
    """This node's signed manifests about the calling peer (both directions), from `since` on, each
    with the figures recomputed from the data now, so the peer sees drift (data lost or restored from
    an old backup after the manifest was signed) as well as what never arrived."""
    peer, refusal = authenticate_peer(request)
    if refusal is not None:
        return _answer(refusal)
    assert peer is not None
    node = local_node()
    rows = Manifest.objects.filter(party=peer.party.code)
    since = _parse_day(request.GET.get("since", ""))
    if since is not None:
        rows = rows.filter(day__gte=since)
    docs: list[dict[str, Any]] = []
    for manifest in rows:
        count, running, _last = manifests.live(manifest.party, manifest.day, manifest.direction)
        docs.append(
            {**manifests.as_document(node.party, manifest), "live": {"count": count, "hash": running}}
        )
    return JsonResponse({"node": node.party, "manifests": docs})


@require_GET
def manifest_ids(request: HttpRequest, day: str, direction: str) -> HttpResponse:
    """The envelope ids behind one manifest, so the peer can name exactly what is missing."""
    peer, refusal = authenticate_peer(request)
    if refusal is not None:
        return _answer(refusal)
    assert peer is not None
    parsed = _parse_day(day)
    if parsed is None or direction not in Direction.values:
        return JsonResponse(
            {"reason": "bad_request", "detail": "day is YYYY-MM-DD, direction sent|received"}, status=400
        )
    ids = sorted(manifests.source_ids(peer.party.code, parsed, direction))
    return JsonResponse({"day": parsed.isoformat(), "direction": direction, "ids": ids})


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
