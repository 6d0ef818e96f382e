"""Batches pipelined on one connection (issue 11, item 8): the worker puts the next batch on the wire
before the previous one is answered (client.InboxConnection), and a real `liaison serve` stack
(uvicorn with core.server.ClientCertProtocol, config/asgi.py) answers them in order. A batch that
names the batch it follows is applied only if that one was completed on the same connection, so a
failed batch never lets a later one overtake it."""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
import uvicorn

from liaison.core import identity
from liaison.core.server import ClientCertProtocol, make_ssl_context
from liaison.demo.runner import free_port
from liaison.federation.client import FOLLOWS_HEADER, INBOX_PATH, InboxConnection, pinned_context
from liaison.federation.models import InboxEnvelope
from liaison.federation.node import local_node

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def serving(remote: Any) -> Iterator[str]:
    """This node (VN) served as `liaison serve` serves it, trusting the remote's certificate."""
    from liaison.config.asgi import application

    node = local_node()
    port = free_port()

    def factory(_config: Any, _default: Any) -> Any:
        context = make_ssl_context(node.cert_file, node.key_file)
        context.load_verify_locations(cadata=remote.cert_pem)
        return context

    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port,
        http=ClientCertProtocol,
        ssl_context_factory=factory,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def _link(url: str, remote: Any, tmp_path: Any) -> Iterator[InboxConnection]:
    """The remote's worker's connection to this node: its client certificate, our pinned one."""
    files = identity.key_files(tmp_path / "remote" / remote.party.lower())
    client_side = SimpleNamespace(cert_file=str(files.tls_cert), key_file=str(files.tls_key))
    link = InboxConnection(url, local_node().certificate_pem, client_side, timeout=10)  # type: ignore[arg-type]
    try:
        yield link
    finally:
        link.close()


def _raw_post(url: str, remote: Any, tmp_path: Any, body: bytes, *, follows: str) -> tuple[int, bytes]:
    """One request on a new connection, written by hand (with the header the worker never puts
    on a connection's first request)."""
    files = identity.key_files(tmp_path / "remote" / remote.party.lower())
    context = pinned_context(local_node().certificate_pem, None)
    context.load_cert_chain(files.tls_cert, files.tls_key)
    port = int(url.rsplit(":", 1)[1])
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    try:
        connection.request(
            "POST",
            INBOX_PATH,
            body=body,
            headers={"Content-Type": "application/json", FOLLOWS_HEADER: follows},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _answer(link: InboxConnection) -> tuple[int, dict[str, Any]]:
    status, body = link.answer()
    return status, json.loads(body)


def _stored() -> list[int]:
    return [row.body["payload"]["n"] for row in InboxEnvelope.objects.order_by("seq")]


def test_pipelined_batches_are_answered_and_applied_in_the_order_sent(remote, tmp_path) -> None:
    batches = [remote.batch([remote.envelope({"n": n})]) for n in range(3)]
    with serving(remote) as url, _link(url, remote, tmp_path) as link:
        link.send(json.dumps(batches[0]).encode())
        for previous, batch in itertools.pairwise(batches):
            link.send(json.dumps(batch).encode(), follows=previous["batch"])
        assert link.unanswered == 3  # all three on the wire before the first answer is read
        answers = [_answer(link) for _ in batches]
    assert [status for status, _body in answers] == [200, 200, 200]
    assert [body["receipt"]["batch"] for _status, body in answers] == [b["batch"] for b in batches]
    assert _stored() == [0, 1, 2]


def test_a_batch_following_a_failed_batch_is_refused_unread_and_can_be_sent_again(remote, tmp_path) -> None:
    from .conftest import make_remote

    stranger = make_remote(tmp_path / "stranger", "LA")  # the right party, a key nobody pinned
    forged = remote.batch([remote.envelope({"n": 0})], key=stranger.signing_key)
    honest = remote.batch([remote.envelope({"n": 1})])
    with serving(remote) as url, _link(url, remote, tmp_path) as link:
        link.send(json.dumps(forged).encode())
        link.send(json.dumps(honest).encode(), follows=forged["batch"])
        first, second = _answer(link), _answer(link)
        assert _stored() == []
        # sent again on its own (as the worker does after its back-off), it is applied
        link.send(json.dumps(honest).encode())
        again = _answer(link)
    assert first[0] == 403 and first[1]["reason"] == "bad_signature"
    assert second[0] == 409 and second[1]["reason"] == "previous_batch_failed"
    assert forged["batch"] in second[1]["detail"] and "receipt" not in second[1]
    assert again[0] == 200 and _stored() == [1]


def test_a_batch_that_names_another_batch_than_the_last_completed_is_refused(remote, tmp_path) -> None:
    first = remote.batch([remote.envelope({"n": 0})])
    second = remote.batch([remote.envelope({"n": 1})])
    third = remote.batch([remote.envelope({"n": 2})])
    with serving(remote) as url:
        with _link(url, remote, tmp_path) as link:
            link.send(json.dumps(first).encode())
            link.send(json.dumps(second).encode(), follows=first["batch"])
            # names the first batch, but the second was completed after it on this connection
            link.send(json.dumps(third).encode(), follows=first["batch"])
            answers = [_answer(link) for _ in range(3)]
        # a new connection has completed nothing yet (the worker's own connection never names a
        # batch in its first request: client.InboxConnection)
        fresh = _raw_post(url, remote, tmp_path, json.dumps(third).encode(), follows=second["batch"])
    assert [status for status, _body in answers] == [200, 200, 409]
    assert fresh[0] == 409 and json.loads(fresh[1])["reason"] == "previous_batch_failed"
    assert _stored() == [0, 1]
