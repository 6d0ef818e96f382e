"""The worker's connection to a peer's inbox (client.InboxConnection), against a real HTTPS server on
loopback that presents the peer's certificate: batches share one kept-alive connection, a connection
the peer closed while idle costs nothing but a new connection, and every failure to reach the peer
is PeerUnreachable (which the worker retries with back-off)."""

from __future__ import annotations

import http.server
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from liaison.core import identity
from liaison.federation.client import INBOX_PATH, InboxConnection, PeerUnreachable
from liaison.federation.node import local_node

pytestmark = pytest.mark.django_db


class _Inbox(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the server says otherwise
    server: Any

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.seen.append((self.path, self.client_address[1], json.loads(body)))
        self.server.headers_seen.append(dict(self.headers))
        if self.server.drop_before_answer:
            # as a server that went away between two batches of a kept-alive connection
            self.server.drop_before_answer -= 1
            self.close_connection = True
            return
        answer = json.dumps({"echo": json.loads(body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        if self.server.close_after_answer:
            # as a server whose keep-alive timeout runs out: it closes without saying so
            self.close_connection = True

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def peer_inbox(
    tmp_path: Any, *, close_after_answer: bool = False, drop_before_answer: int = 0
) -> Iterator[tuple[Any, str]]:
    files = identity.generate(tmp_path / "peer", "LA", ["127.0.0.1"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Inbox)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(files.tls_cert, files.tls_key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.seen = []  # type: ignore[attr-defined]
    server.headers_seen = []  # type: ignore[attr-defined]
    server.close_after_answer = close_after_answer  # type: ignore[attr-defined]
    server.drop_before_answer = drop_before_answer  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, files.tls_cert.read_text()
    finally:
        server.shutdown()
        server.server_close()


def _url(server: Any) -> str:
    return f"https://127.0.0.1:{server.server_address[1]}"


def test_batches_share_one_kept_alive_connection(node_identity, tmp_path) -> None:
    with peer_inbox(tmp_path) as (server, cert):
        link = InboxConnection(_url(server), cert, local_node(), timeout=5)
        try:
            for n in range(3):
                link.send(json.dumps({"n": n}).encode())
                assert link.answer() == (200, json.dumps({"echo": {"n": n}}).encode())
        finally:
            link.close()
    assert [path for path, _port, _body in server.seen] == [INBOX_PATH] * 3
    assert len({port for _path, port, _body in server.seen}) == 1


def test_a_connection_the_peer_closed_while_idle_is_replaced(node_identity, tmp_path) -> None:
    with peer_inbox(tmp_path, close_after_answer=True) as (server, cert):
        link = InboxConnection(_url(server), cert, local_node(), timeout=5)
        try:
            for n in range(3):
                link.send(json.dumps({"n": n}).encode())
                assert link.answer()[0] == 200
        finally:
            link.close()
    # each batch reached the inbox once, each on a new connection
    assert [body for _path, _port, body in server.seen] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert len({port for _path, port, _body in server.seen}) == 3


def test_a_batch_the_kept_alive_connection_lost_unanswered_goes_again_once(node_identity, tmp_path) -> None:
    with peer_inbox(tmp_path) as (server, cert):
        link = InboxConnection(_url(server), cert, local_node(), timeout=5)
        try:
            link.send(b'{"n": 0}')
            assert link.answer()[0] == 200
            server.drop_before_answer = 1
            link.send(b'{"n": 1}')
            assert link.answer() == (200, b'{"echo": {"n": 1}}')
            server.drop_before_answer = 2  # lost twice: the peer is not answering
            link.send(b'{"n": 2}')
            with pytest.raises(PeerUnreachable, match="RemoteDisconnected"):
                link.answer()
        finally:
            link.close()
    # the inbox answers a batch it has seen before as duplicates, so sending it again is safe
    assert [body for _path, _port, body in server.seen] == [{"n": 0}, {"n": 1}, {"n": 1}, {"n": 2}, {"n": 2}]


def test_a_peer_that_is_down_is_unreachable(node_identity, tmp_path) -> None:
    with peer_inbox(tmp_path) as (server, cert):
        url = _url(server)
    link = InboxConnection(url, cert, local_node(), timeout=5)
    with pytest.raises(PeerUnreachable, match="ConnectionRefused"):
        link.send(b"{}")


def test_a_server_without_the_pinned_certificate_is_unreachable(node_identity, tmp_path) -> None:
    other = identity.generate(tmp_path / "other", "KH", ["127.0.0.1"]).tls_cert.read_text()
    with peer_inbox(tmp_path) as (server, _cert):
        link = InboxConnection(_url(server), other, local_node(), timeout=5)
        with pytest.raises(PeerUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
            link.send(b"{}")
    assert server.seen == []


def test_a_url_that_is_not_https_is_refused(node_identity, tmp_path) -> None:
    with pytest.raises(ValueError, match="https://host"):
        InboxConnection("http://127.0.0.1:9", "", local_node())


def test_pipelined_batches_are_answered_in_order_on_one_connection(node_identity, tmp_path) -> None:
    with peer_inbox(tmp_path) as (server, cert):
        link = InboxConnection(_url(server), cert, local_node(), timeout=5)
        try:
            for n in range(3):
                link.send(json.dumps({"n": n}).encode(), follows=f"batch-{n - 1}" if n else None)
            assert link.unanswered == 3
            answers = [link.answer() for _ in range(3)]
        finally:
            link.close()
    assert answers == [(200, json.dumps({"echo": {"n": n}}).encode()) for n in range(3)]
    assert len({port for _path, port, _body in server.seen}) == 1
    assert [headers.get("X-Liaison-Follows") for headers in server.headers_seen] == [
        None,
        "batch-0",
        "batch-1",
    ]


def test_batches_left_unanswered_when_the_peer_closes_go_again_in_order(node_identity, tmp_path) -> None:
    """A peer that closes the connection after each answer (as after its keep-alive limit) never
    reads the batches pipelined behind it: they go again, in order, on a new connection."""
    with peer_inbox(tmp_path, close_after_answer=True) as (server, cert):
        link = InboxConnection(_url(server), cert, local_node(), timeout=5)
        try:
            for n in range(3):
                link.send(json.dumps({"n": n}).encode(), follows=f"batch-{n - 1}" if n else None)
            answers = [link.answer() for _ in range(3)]
            assert link.unanswered == 0
        finally:
            link.close()
    assert [json.loads(body)["echo"]["n"] for _status, body in answers] == [0, 1, 2]
    assert [body["n"] for _path, _port, body in server.seen] == [0, 1, 2]
    assert len({port for _path, port, _body in server.seen}) == 3
    # Each went first on its connection, so none names the batch before it: the peer knows only
    # what a connection completed, and the batch before was answered on the old one.
    assert [headers.get("X-Liaison-Follows") for headers in server.headers_seen] == [None, None, None]
