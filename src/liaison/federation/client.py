"""The federation's HTTPS clients: mutual TLS where the only trusted certificate is the peer's
pinned one. `InboxConnection` carries the worker's batches; httpx serves the rest (manifests, and
the one-off identity fetch that `peer add` makes before anything is pinned)."""

from __future__ import annotations

import hashlib
import http.client
import select
import socket
import ssl
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httptools
import httpx
from django.utils.translation import gettext as _

from liaison.federation import envelope
from liaison.federation.node import LocalNode

PROTOCOL_PATH = "/federation/v1/"  # every node-to-node endpoint is under it
IDENTITY_PATH = PROTOCOL_PATH + "identity"
INBOX_PATH = PROTOCOL_PATH + "inbox"
MANIFESTS_PATH = PROTOCOL_PATH + "manifests"
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


class PeerUnreachable(Exception):
    """No answer from the peer's inbox: connection refused or lost, TLS failure, timeout."""


# The request header that names the batch a pipelined batch follows on the same connection: the
# peer's inbox refuses the batch unless it has just completed that one (core.server.ConnectionState).
FOLLOWS_HEADER = "X-Liaison-Follows"


class InboxConnection:
    """One kept-alive HTTPS connection to a peer's inbox, for the delivery worker, with up to a few
    batches on the wire at once (HTTP/1.1 pipelining).

    `send(body, follows=...)` returns once the request is written; `answer()` reads the answer to the
    oldest request not yet answered. So the peer finds the next batch waiting when it has answered
    one, while the worker records that answer: at one envelope per request, the time the peer
    waited for the worker's turn-around was a third of the cycle. The peer answers a connection's
    requests in the order sent, and a batch sent with `follows` is refused unless the peer has just
    completed the one it names, so a batch that fails never lets a later one be applied before it.

    A plain socket and httptools' response parser, not httpx or `http.client`: neither can send a
    request before the previous answer is read; and per request httpx took some 600 µs of CPU, and
    `http.client`'s header parsing alone some 100 µs, a good share of the sender's cost at one
    envelope per request.

    A batch may be sent twice (the peer's inbox answers an envelope it has applied before as a
    duplicate), so when a kept-alive connection turns out closed by the peer (its idle timeout, or
    a `Connection: close` answer) before it answered, the unanswered batches go again once, in
    order, on a new connection.
    """

    def __init__(self, url: str, peer_cert_pem: str, node: LocalNode, timeout: float = 30.0) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"a peer's URL is https://host[:port], not {url!r}")
        self.host, self.port = parts.hostname, parts.port or 443
        self.path = parts.path.rstrip("/") + INBOX_PATH
        self.context = pinned_context(peer_cert_pem, node)
        self.timeout = timeout
        self._sock: ssl.SSLSocket | None = None
        self._parser: httptools.HttpResponseParser | None = None
        self._answers: deque[tuple[int, bytes, bool]] = deque()  # parsed, not yet taken
        self._body: list[bytes] = []
        self._answered = 0  # answers read on this connection
        self._unanswered: deque[tuple[bytes, str | None]] = deque()  # (body, follows), oldest first
        self._written = 0  # requests written on this connection
        self._reused = False  # the connection was open before the oldest unanswered request

    @property
    def unanswered(self) -> int:
        """How many requests are on the wire (sent, answer not read)."""
        return len(self._unanswered)

    def send(self, body: bytes, follows: str | None = None) -> None:
        try:
            try:
                self._write(body, follows)
            except _CLOSED_BY_PEER:
                if not self._may_resend():
                    raise
                self._resend_on_new_connection()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise PeerUnreachable(f"{type(exc).__name__}: {exc}") from exc

    def answer(self) -> tuple[int, bytes]:
        """(HTTP status, body) of the oldest request not yet answered."""
        assert self._unanswered, "answer() without a request on the wire"
        try:
            try:
                return self._read()
            except _CLOSED_BY_PEER:
                if not self._may_resend():
                    raise
                self._resend_on_new_connection()
                return self._read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise PeerUnreachable(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        """Close the connection; requests still unanswered are given up (the worker sends their
        envelopes again later: they are still queued)."""
        self._drop()
        self._unanswered.clear()

    def _drop(self) -> None:
        if self._sock is not None:
            self._sock.close()
        self._sock, self._parser, self._answered, self._written = None, None, 0, 0
        self._answers.clear()
        self._body = []

    def _request(self, body: bytes, follows: str | None) -> bytes:
        headers = [
            f"POST {self.path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Content-Type: application/json",
            f"User-Agent: {USER_AGENT}",
            f"Content-Length: {len(body)}",
        ]
        if follows is not None:
            headers.append(f"{FOLLOWS_HEADER}: {follows}")
        return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii") + body

    def _may_resend(self) -> bool:
        """Whether a connection that closed unanswered may have been closed for being idle or by
        an earlier answer (so it is worth one new connection), not refused outright."""
        return self._answered > 0 or self._reused

    def _connect(self) -> None:
        self._drop()
        raw = socket.create_connection((self.host, self.port), timeout=self.timeout)
        try:
            self._sock = self.context.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise
        self._parser = httptools.HttpResponseParser(self)

    def _write(self, body: bytes, follows: str | None) -> None:
        if self._sock is not None and not self._unanswered:
            # Idle and readable means the peer closed it (or sent what it should not): start anew.
            readable, _w, _x = select.select([self._sock], [], [], 0)
            if readable:
                self._drop()
        if self._sock is None and self._unanswered:
            self._resend_on_new_connection()  # the last answer closed the connection
        if not self._unanswered:
            self._reused = self._sock is not None
        if self._sock is None:
            self._connect()
        self._unanswered.append((body, follows))
        self._put(body, follows)

    def _put(self, body: bytes, follows: str | None) -> None:
        """Write one request. The first one on a connection names no batch it follows: the peer
        tracks that per connection, and the batch before it was answered on an earlier one (the
        worker goes on only after an answer with a receipt)."""
        assert self._sock is not None
        try:
            self._sock.sendall(self._request(body, follows if self._written else None))
        except _CLOSED_BY_PEER:
            if not self._written:
                raise
            # The peer closed after reading earlier requests of this connection (it may answer
            # only some per connection): this one stays unanswered, and goes again on a new
            # connection once those are answered and this one is found closed.
            return
        self._written += 1

    def _resend_on_new_connection(self) -> None:
        """Every unanswered request again, in order, on a new connection (once: a new connection
        has answered nothing and is not reused, so losing it too is the peer's answer)."""
        self._connect()
        self._reused = False
        for body, follows in self._unanswered:
            self._put(body, follows)

    def _read(self) -> tuple[int, bytes]:
        if self._sock is None:
            self._resend_on_new_connection()  # the last answer closed the connection
        assert self._sock is not None and self._parser is not None
        while not self._answers:
            data = self._sock.recv(65536)
            if not data:
                raise http.client.RemoteDisconnected("the peer closed the connection without an answer")
            try:
                self._parser.feed_data(data)
            except httptools.HttpParserError as exc:
                raise http.client.HTTPException(f"unreadable answer: {exc}") from exc
        status, content, keep_alive = self._answers.popleft()
        self._unanswered.popleft()
        self._answered += 1
        if not keep_alive:
            # the peer closes after this answer; what is still unanswered goes on a new connection
            self._drop()
        return status, content

    # httptools' parser callbacks (llhttp, the parser uvicorn serves with): answers follow each other
    # on a pipelined connection, so one parser reads them all, in order

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        assert self._parser is not None
        self._answers.append(
            (self._parser.get_status_code(), b"".join(self._body), self._parser.should_keep_alive())
        )
        self._body = []


# How a kept-alive connection that the peer has closed fails: no answer at all came back (`_read`
# raises RemoteDisconnected on an empty read; httptools never raises http.client's BadStatusLine),
# or writing to it hit the end of its TLS stream (a peer that closes without TLS's close_notify).
_CLOSED_BY_PEER = (ConnectionError, http.client.RemoteDisconnected, ssl.SSLEOFError)


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
