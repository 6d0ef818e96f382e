"""Serving a node: uvicorn with TLS, where a pinned peer's client certificate reaches the view.

Browsers reach the web UI without a client certificate, so the TLS layer asks for one but does not
demand it (CERT_OPTIONAL); a certificate that is presented must chain to one of the pinned peer
certificates or the handshake fails. Federation views then require the certificate and check its
fingerprint against the peers table on every request.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import ssl
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.exception import convert_exception_to_response
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections, connections
from django.http import HttpResponseBase
from django.urls import Resolver404, resolve, set_script_prefix
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from liaison.core.request_context import bind_request_id, current_request_id, reset_request_id

log = logging.getLogger(__name__)


def trusted_peers_file() -> Path:
    """PEM bundle of the pinned peers' certificates; the federation app rewrites it on peering."""
    return Path(settings.DATA_DIR) / "trusted_peers.pem"


@dataclass
class ConnectionState:
    """What one connection's requests know of each other. A peer's worker sends a batch before the
    previous one is answered (HTTP/1.1 pipelining; requests of a connection are answered in order)
    and names the batch it follows: the inbox applies it only if this connection has just
    completed that one, so a batch that failed never has a later one applied before it."""

    last_completed_batch: str = ""


CONNECTION_STATE = "liaison.connection"  # its key among the scope's extensions


class ClientCertProtocol(HttpToolsProtocol):
    """Puts the TLS client certificate (DER) into the ASGI scope, as the ASGI TLS extension does,
    and the connection's ConnectionState."""

    def on_message_begin(self) -> None:
        super().on_message_begin()
        ssl_object = self.transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        state = self.__dict__.setdefault("_liaison_state", ConnectionState())
        self.scope["extensions"] = {"tls": {"client_cert_der": der}, CONNECTION_STATE: state}


def client_cert_der(scope: dict[str, Any]) -> bytes | None:
    return scope.get("extensions", {}).get("tls", {}).get("client_cert_der")


def connection_state(scope: dict[str, Any]) -> ConnectionState | None:
    state = scope.get("extensions", {}).get(CONNECTION_STATE)
    return state if isinstance(state, ConnectionState) else None


class PeerTrust:
    """Keeps the server trusting exactly the pinned peers, without a restart.

    An `SSLContext` can learn new certificates but never forget one, so each change of the peers
    file builds a fresh context that trusts only the certificates now in it, and every new
    handshake is switched to that context from the SNI callback (which OpenSSL runs for every
    ClientHello, with or without a server name). A removed peer is thus refused at the TLS layer
    within a second; a connection it already holds is not cut, but the federation views check the
    peers table on every request. The listening context itself trusts nobody, so a handshake that
    somehow missed the switch fails closed.
    """

    def __init__(self, certfile: str, keyfile: str) -> None:
        self.certfile, self.keyfile = certfile, keyfile
        self.context = make_ssl_context(certfile, keyfile)
        self.context.sni_callback = self._switch
        self.current = self.context  # until the first refresh: trusts nobody
        self._seen: tuple[int, int, int] | None = None

    def _switch(self, connection: ssl.SSLObject | ssl.SSLSocket, _name: str | None, _ctx: Any) -> None:
        connection.context = self.current

    def refresh(self) -> None:
        path = trusted_peers_file()
        try:
            stat = path.stat()
        except FileNotFoundError:
            return
        seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if seen == self._seen:
            return
        self._seen = seen
        pem = path.read_text()
        context = make_ssl_context(self.certfile, self.keyfile)
        count = pem.count("-----BEGIN CERTIFICATE-----")
        if count:
            context.load_verify_locations(cadata=pem)
        self.current = context
        log.info("now trusting %d pinned peer certificate(s)", count)

    async def watch(self, interval: float = 1.0) -> None:
        while True:
            self.refresh()
            await asyncio.sleep(interval)


def make_ssl_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile, keyfile)
    context.verify_mode = ssl.CERT_OPTIONAL
    context.set_alpn_protocols(["http/1.1"])
    return context


AsgiApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


# The request's thread (RequestThreads), for code that hands work to it without asgiref's
# sync_to_async, whose bookkeeping costs twice the hand-over itself.
_request_thread: contextvars.ContextVar[ThreadPoolExecutor | None] = contextvars.ContextVar(
    "liaison_request_thread", default=None
)


class RequestThreads:
    """ASGI middleware: each HTTP request runs its synchronous code (middleware, view, ORM) on a
    thread that outlives the request, so its database connection is reused (CONN_MAX_AGE).

    Django's ASGI handler gives every request a thread of its own, and so a new database
    connection, then joins that thread from yet another new thread: on SQLite opening the
    connection alone (pragmas, functions) costs over a millisecond, most of a small federation
    request. Here a request borrows a parked single-thread executor, as a WSGI server's thread
    pool would; Django's own request signals still close a connection that is too old or broken.
    Concurrency is unchanged: a request that finds no parked thread gets a new one, and beyond
    `keep` parked threads the extra ones close their connections and end.
    """

    def __init__(self, app: AsgiApp, keep: int = 8) -> None:
        self.app, self.keep = app, keep
        self._parked: list[ThreadPoolExecutor] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        executor = (
            self._parked.pop()
            if self._parked
            else ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")
        )
        token = _request_thread.set(executor)
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
        finally:
            _request_thread.reset(token)
            if len(self._parked) < self.keep:
                self._parked.append(executor)
            else:
                # runs after anything still queued on that thread, then the thread ends
                executor.submit(connections.close_all)
                executor.shutdown(wait=False)


@dataclass(frozen=True)
class MachineRequest:
    """A node-to-node request as a direct endpoint gets it (see `serve_directly`)."""

    path: str
    client_cert_der: bytes | None
    headers: dict[str, str]  # names in lower case
    body: bytes | None  # None: larger than this node accepts (DATA_UPLOAD_MAX_MEMORY_SIZE)
    connection: ConnectionState | None


# (HTTP status, JSON document)
MachineEndpoint = Callable[[MachineRequest], tuple[int, dict[str, Any]]]
_DIRECT = "liaison_machine_endpoint"  # the attribute serve_directly sets on a view


def serve_directly(view: Callable[..., Any], endpoint: MachineEndpoint, *, method: str) -> None:
    """Let MachineHandler answer `method` requests for `view`'s URL with `endpoint`, a plain function
    that takes the request's certificate, headers and body and returns a JSON answer, without
    building Django's request and response objects or resolving the URL again: at one envelope per
    request that machinery was a third of what the inbox cost. The view stays the endpoint's one
    URL (the URLconf routes to it) and serves every other way in (Django's test client, WSGI)."""
    setattr(view, _DIRECT, (method, endpoint))


@lru_cache(maxsize=256)
def _direct_endpoint(path: str, method: str) -> MachineEndpoint | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    direct = getattr(match.func, _DIRECT, None)
    return direct[1] if direct is not None and direct[0] == method else None


class MachineHandler(ASGIHandler):
    """Django's ASGI handler for the node-to-node endpoints: the same URLs and views, without the
    page middleware, in one hand-over to the request's thread.

    A peer's request is authenticated by its TLS client certificate, in the view; sessions, CSRF,
    languages, signed-in officers, messages, frame options and htmx are for browsers. And where
    Django's handler hands a request to its thread three times (request signals, view, closing the
    response), this one does it once. Together that was a third of a one-envelope inbox request's
    CPU. Kept from the page stack: a request id per request for the audit trail (returned as
    X-Request-ID, RequestIdMiddleware's work), exceptions become a 500 answer and a log line
    (`convert_exception_to_response`), and the request signals open and close database connections
    on the request's thread as for any request. An endpoint registered with `serve_directly` skips
    even the request objects (`_handle_directly`).
    """

    def load_middleware(self, is_async: bool = False) -> None:
        # BaseHandler.load_middleware with no middleware, synchronous: all of it runs on the
        # request's thread (its private names have no type stubs)
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        self._middleware_chain = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        endpoint = _direct_endpoint(scope["path"], scope["method"])
        if endpoint is not None:
            await self._handle_directly(endpoint, scope, receive, send)
            return
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        set_script_prefix(get_script_prefix(scope))
        response = await sync_to_async(self._respond)(scope, body_file)
        await self.send_response(response, send)
        if response.streaming:  # not closed yet: its content was still to be read
            await sync_to_async(response.close)()

    async def _handle_directly(
        self, endpoint: MachineEndpoint, scope: dict[str, Any], receive: Any, send: Any
    ) -> None:
        try:
            body = await _read_body(receive, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        except RequestAborted:
            return
        request = MachineRequest(
            path=scope["path"],
            client_cert_der=client_cert_der(scope),
            headers={
                name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]
            },
            body=body,
            connection=connection_state(scope),
        )
        executor = _request_thread.get()
        if executor is not None:
            status, document, request_id = await asyncio.get_running_loop().run_in_executor(
                executor, contextvars.copy_context().run, self._run_directly, endpoint, request, scope
            )
        else:  # served without RequestThreads (a test calling the handler itself)
            status, document, request_id = await sync_to_async(self._run_directly)(endpoint, request, scope)
        content = json.dumps(document, cls=DjangoJSONEncoder).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode("ascii")),
            (b"x-request-id", request_id.encode("ascii")),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _run_directly(
        self, endpoint: MachineEndpoint, request: MachineRequest, scope: dict[str, Any]
    ) -> tuple[int, dict[str, Any], str]:
        """On the request's thread: the endpoint, or a 500 answer and a log line. Of what the request
        signals do, only the database connection check is kept (close_old_connections: one too old
        or left broken by a failed request is closed and opened anew); sending both signals to
        their receivers cost more than the check itself."""
        close_old_connections()
        token = bind_request_id()
        request_id = current_request_id()
        try:
            status, document = endpoint(request)
        except Exception:
            log.exception("node-to-node request %s failed", request.path)
            status, document = 500, {"reason": "server_error", "detail": "this node failed to answer"}
        finally:
            reset_request_id(token)
        return status, document, request_id

    def _respond(self, scope: dict[str, Any], body_file: Any) -> HttpResponseBase:
        """On the request's thread: the request signals, the view, and (unless it streams) the
        response closed, which sends request_finished."""
        signals.request_started.send(sender=self.__class__, scope=scope)
        token = bind_request_id()
        try:
            request, error = self.create_request(scope, body_file)
            response = error if request is None else self.get_response(request)
            assert response is not None
            response["X-Request-ID"] = current_request_id()
        finally:
            reset_request_id(token)
        if not response.streaming:
            response.close()
        return response


async def _read_body(receive: Any, limit: int | None) -> bytes | None:
    """The request body, or None when it is larger than `limit` (read to its end all the same, so
    the connection can carry the next request)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RequestAborted
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is None or size <= limit:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks) if limit is None or size <= limit else None
