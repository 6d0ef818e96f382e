"""How `liaison serve` serves the node-to-node endpoints (config/asgi.py): through Django's views
without the page middleware, each request on a thread that keeps its database connection; and what
one inbox request costs the database, pinned so that it cannot grow unnoticed (issue 11, item 8)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext

from liaison.core.models import AuditEvent, AuditEventType
from liaison.federation import envelope, services
from liaison.federation.client import IDENTITY_PATH, INBOX_PATH
from liaison.federation.models import InboxEnvelope
from liaison.federation.node import local_node
from tests.asgi_http import request


def _application():  # type: ignore[no-untyped-def]
    from liaison.config.asgi import application

    return application


def _post_batch(remote, n: int):  # type: ignore[no-untyped-def]
    batch = remote.batch([remote.envelope({"n": n})])
    return batch, request(
        _application(), "POST", INBOX_PATH, json.dumps(batch).encode(), client_cert_der=remote.cert_der
    )


@pytest.mark.django_db(transaction=True)
def test_the_inbox_is_served_without_page_middleware_and_answers_with_a_receipt(remote) -> None:
    batch, answer = _post_batch(remote, 1)
    assert answer.status == 200, answer.body
    receipt = json.loads(answer.body)["receipt"]
    opened = envelope.open_receipt(
        receipt,
        public_key=local_node().signing_key.public_key(),
        batch_id=batch["batch"],
        expect_from="VN",
        expect_to="LA",
        expect_ids=[e["id"] for e in batch["envelopes"]],
    )
    assert [r.outcome for r in opened.results] == ["applied"]
    assert InboxEnvelope.objects.count() == 1
    assert answer.headers["x-request-id"]
    # no session, CSRF or frame-options work for a peer; pages keep all of it
    assert "x-frame-options" not in answer.headers and "set-cookie" not in answer.headers
    page = request(_application(), "GET", "/login/")
    assert page.status == 200 and page.headers["x-frame-options"] == "DENY"
    identity = request(_application(), "GET", IDENTITY_PATH)
    assert identity.status == 200 and json.loads(identity.body)["party"] == "VN"


@pytest.mark.django_db(transaction=True)
def test_a_refusal_through_the_asgi_app_is_audited_with_its_request_id(remote, tmp_path) -> None:
    from .conftest import make_remote

    stranger = make_remote(tmp_path / "stranger", "KH")
    answer = request(
        _application(),
        "POST",
        INBOX_PATH,
        json.dumps(remote.batch([remote.envelope()])).encode(),
        client_cert_der=stranger.cert_der,
    )
    assert answer.status == 403 and json.loads(answer.body)["reason"] == "unknown_peer"
    refusal = AuditEvent.objects.get(event_type=AuditEventType.ENVELOPE_REFUSED)
    assert refusal.request_id == answer.headers["x-request-id"]


@pytest.mark.django_db(transaction=True)
def test_requests_reuse_their_database_connection_and_a_removed_peer_is_refused_at_once(remote) -> None:
    _post_batch(remote, 0)  # the first request opens its thread's connection
    opened: list[object] = []

    def count(sender, connection, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(connection)

    connection_created.connect(count)
    try:
        for n in range(1, 4):
            assert _post_batch(remote, n)[1].status == 200
        assert opened == []
        services.do_remove_peer(remote.peer, acting_user=None)
        _batch, answer = _post_batch(remote, 4)
    finally:
        connection_created.disconnect(count)
    assert answer.status == 403 and json.loads(answer.body)["reason"] == "unknown_peer"
    assert InboxEnvelope.objects.count() == 4


@pytest.mark.django_db
def test_one_envelope_costs_the_inbox_six_statements(client, remote) -> None:
    """Peer, this node, known ids, insert, manifest read and update (savepoints aside). Each
    statement the ORM builds costs more than SQLite's run of it: one more here is a regression
    the benchmark would show as lost envelopes per second."""
    remote.post(client, remote.batch([remote.envelope({"n": 0})]))  # the day's manifest exists
    with CaptureQueriesContext(connection) as queries:
        response = remote.post(client, remote.batch([remote.envelope({"n": 1})]))
    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    kinds = [" ".join(sql.split()[:4]) for sql in statements]
    assert len(statements) == 6, "\n".join(kinds)


@pytest.mark.django_db(transaction=True)
def test_a_body_over_the_upload_limit_is_refused_as_too_large(remote, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    batch = remote.batch([remote.envelope({"n": 1, "pad": "x" * 5000})])
    answer = request(
        _application(), "POST", INBOX_PATH, json.dumps(batch).encode(), client_cert_der=remote.cert_der
    )
    assert answer.status == 413 and json.loads(answer.body)["reason"] == "batch_too_large"
    assert InboxEnvelope.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failing_view_answers_500_and_the_next_request_is_served(remote, monkeypatch) -> None:
    from liaison.federation import inbox

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in the inbox")

    with monkeypatch.context() as patched:
        patched.setattr(inbox, "receive", broken)
        _batch, answer = _post_batch(remote, 1)
    assert answer.status == 500 and answer.headers["x-request-id"]
    assert _post_batch(remote, 2)[1].status == 200


@pytest.mark.django_db(transaction=True)
def test_the_inbox_served_directly_still_answers_only_posts(remote) -> None:
    """`liaison serve` answers a POST to the inbox without Django's request objects
    (core.server.serve_directly); any other method still goes through the view and its checks."""
    answer = request(_application(), "GET", INBOX_PATH, client_cert_der=remote.cert_der)
    assert answer.status == 405 and InboxEnvelope.objects.count() == 0
    _batch, posted = _post_batch(remote, 1)
    assert posted.status == 200 and posted.headers["content-type"] == "application/json"
    assert InboxEnvelope.objects.count() == 1
