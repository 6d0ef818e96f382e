"""Serving a node: uvicorn with TLS, where a pinned peer's client certificate reaches the view.

Browsers reach the web UI without a client certificate, so the TLS layer asks for one but does not
demand it (CERT_OPTIONAL); a certificate that is presented must chain to one of the pinned peer
certificates or the handshake fails. Federation views then require the certificate and check its
fingerprint against the peers table (a peer removed since start-up is refused there).
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
    """Keeps the server's SSL context trusting every pinned peer, adding new ones without a restart."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        self._seen_mtime = 0.0
        self._loaded: set[str] = set()

    def refresh(self) -> None:
        path = trusted_peers_file()
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return
        if mtime == self._seen_mtime:
            return
        self._seen_mtime = mtime
        pem = path.read_text()
        for block in pem.split("-----END CERTIFICATE-----"):
            if "BEGIN CERTIFICATE" not in block:
                continue
            cert_pem = block.strip() + "\n-----END CERTIFICATE-----\n"
            if cert_pem in self._loaded:
                continue
            self.context.load_verify_locations(cadata=cert_pem)
            self._loaded.add(cert_pem)
            log.info("now trusting a pinned peer certificate")

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
