"""Serving a node: uvicorn with TLS, where a pinned peer's client certificate reaches the view.

Browsers reach the web UI without a client certificate, so the TLS layer asks for one but does not
demand it (CERT_OPTIONAL); a certificate that is presented must chain to one of the pinned peer
certificates or the handshake fails. Federation views then require the certificate and check its
fingerprint against the peers table on every request.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from pathlib import Path
from typing import Any

from django.conf import settings
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)


def trusted_peers_file() -> Path:
    """PEM bundle of the pinned peers' certificates; the federation app rewrites it on peering."""
    return Path(settings.DATA_DIR) / "trusted_peers.pem"


class ClientCertProtocol(HttpToolsProtocol):
    """Puts the TLS client certificate (DER) into the ASGI scope, as the ASGI TLS extension does."""

    def on_message_begin(self) -> None:
        super().on_message_begin()
        ssl_object = self.transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        self.scope["extensions"] = {"tls": {"client_cert_der": der}}


def client_cert_der(scope: dict[str, Any]) -> bytes | None:
    return scope.get("extensions", {}).get("tls", {}).get("client_cert_der")


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
