"""The federation's HTTPS client (httpx): mutual TLS where the only trusted certificate is the
peer's pinned one, and the one-off identity fetch that `peer add` makes before anything is pinned."""

from __future__ import annotations

import hashlib
import ssl
from dataclasses import dataclass
from typing import Any

import httpx
from django.utils.translation import gettext as _

from liaison.federation import envelope
from liaison.federation.node import LocalNode

IDENTITY_PATH = "/federation/v1/identity"
INBOX_PATH = "/federation/v1/inbox"
MANIFESTS_PATH = "/federation/v1/manifests"
USER_AGENT = "liaison-federation/1"


class PeeringError(Exception):
    """`peer add` could not confirm the peer; the message says why (safe to print)."""


def pinned_context(peer_cert_pem: str, node: LocalNode | None) -> ssl.SSLContext:
    """Trust exactly the pinned certificate (host names are not checked: the pin is stronger);
    present this node's certificate as the client certificate when `node` is given."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cadata=peer_cert_pem)
    if node is not None:
        context.load_cert_chain(node.cert_file, node.key_file)
    return context


def peer_client(
    url: str,
    peer_cert_pem: str,
    node: LocalNode,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """A client for one peer; `transport` replaces the network (tests only)."""
    return httpx.Client(
        base_url=url,
        verify=pinned_context(peer_cert_pem, node),
        timeout=timeout,
        headers={"User-Agent": USER_AGENT},
        transport=transport,
    )


@dataclass(frozen=True)
class PeerIdentity:
    party: str
    url: str
    signing_public_key: str
    certificate_pem: str
    fingerprint: str


def fetch_identity(url: str, fingerprint: str, timeout: float = 10.0) -> PeerIdentity:
    """Connect to `url`, refuse unless the server's certificate has SHA-256 `fingerprint`, then read
    the identity document over that same connection."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the fingerprint check below replaces chain validation
    try:
        with (
            httpx.Client(verify=context, timeout=timeout, headers={"User-Agent": USER_AGENT}) as client,
            client.stream("GET", url.rstrip("/") + IDENTITY_PATH) as response,
        ):
            stream = response.extensions["network_stream"]
            ssl_object = stream.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(True) if ssl_object is not None else None
            if der is None:
                raise PeeringError(_("%(url)s did not present a TLS certificate.") % {"url": url})
            seen = hashlib.sha256(der).hexdigest()
            if seen != fingerprint:
                raise PeeringError(
                    _(
                        "The certificate of %(url)s has fingerprint %(seen)s, not the %(given)s you gave: "
                        "refusing to pin it. Check the fingerprint with the other node's administrator "
                        "(`liaison node show`)."
                    )
                    % {"url": url, "seen": "SHA256:" + seen.upper(), "given": "SHA256:" + fingerprint.upper()}
                )
            response.read()
            if response.status_code != 200:
                raise PeeringError(
                    _("%(url)s answered HTTP %(status)s.")
                    % {"url": url + IDENTITY_PATH, "status": response.status_code}
                )
            doc: Any = envelope.load_json(response.content)
    except httpx.HTTPError as exc:
        raise PeeringError(_("Cannot reach %(url)s: %(error)s") % {"url": url, "error": exc}) from exc
    except envelope.EnvelopeError as exc:
        raise PeeringError(_("%(url)s sent an unreadable identity document.") % {"url": url}) from exc
    try:
        party = str(doc["party"]).upper()
        signing_key = str(doc["signing_public_key"])
        cert_pem = str(doc["certificate_pem"])
    except (KeyError, TypeError) as exc:
        raise PeeringError(_("%(url)s sent an incomplete identity document.") % {"url": url}) from exc
    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    if hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest() != fingerprint:
        raise PeeringError(_("%(url)s describes a certificate other than the one it serves.") % {"url": url})
    try:
        envelope.public_key_from_b64(signing_key)
    except ValueError as exc:
        raise PeeringError(_("%(url)s sent an invalid signing key.") % {"url": url}) from exc
    if len(party) != 2 or not party.isalpha():
        raise PeeringError(_("%(url)s gave an invalid party code.") % {"url": url})
    return PeerIdentity(
        party=party,
        url=url.rstrip("/"),
        signing_public_key=signing_key,
        certificate_pem=cert_pem,
        fingerprint=fingerprint,
    )
