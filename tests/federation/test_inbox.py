"""POST /federation/v1/inbox: good batches, duplicates, order, and every bad input of issue 3 point 5,
each asserting the status, the reason code, that nothing was stored and that the refusal is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError

from liaison.core.models import AuditEvent, AuditEventType
from liaison.federation import envelope
from liaison.federation.models import InboxEnvelope, Manifest
from liaison.federation.node import local_node
from tests.federation.conftest import register_handler, unregister

from .conftest import make_remote

pytestmark = pytest.mark.django_db


def refusals() -> list[dict]:
    return [e.extra_data for e in AuditEvent.objects.filter(event_type=AuditEventType.ENVELOPE_REFUSED)]


def assert_refused(response, status: int, reason: str) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert response.status_code == status, body
    assert body["reason"] == reason, body
    assert InboxEnvelope.objects.count() == 0
    assert not Manifest.objects.filter(direction="received").exists()
    assert reason in [r["reason"] for r in refusals()]
    return body


def verify_receipt(body: dict, batch: dict) -> envelope.Receipt:
    node = local_node()
    return envelope.open_receipt(
        body["receipt"],
        public_key=node.signing_key.public_key(),
        batch_id=batch["batch"],
        expect_from="VN",
        expect_to="LA",
        expect_ids=[e["id"] for e in batch["envelopes"]],
    )


# --- the good path -----------------------------------------------------------------------------


def test_batch_is_applied_in_order_with_signed_receipt(client, remote) -> None:
    seen: list[int] = []
    register_handler("test.seen", lambda inc: seen.append(inc.payload["n"]))
    try:
        batch = remote.batch([remote.envelope({"n": i}, type="test.seen.v1") for i in range(5)])
        response = remote.post(client, batch)
    finally:
        unregister("test.seen")
    assert response.status_code == 200, response.json()
    receipt = verify_receipt(response.json(), batch)
    assert [r.outcome for r in receipt.results] == ["applied"] * 5
    assert seen == [0, 1, 2, 3, 4]
    assert list(InboxEnvelope.objects.values_list("body__payload__n", flat=True)) == [0, 1, 2, 3, 4]
    manifest = Manifest.objects.get(party="LA", direction="received")
    assert manifest.count == 5


def test_duplicate_is_acknowledged_not_applied_twice(client, remote) -> None:
    calls: list[str] = []
    register_handler("test.count", lambda inc: calls.append(inc.id))
    try:
        env = remote.envelope(type="test.count.v1")
        first = remote.post(client, remote.batch([env]))
        again = remote.post(client, remote.batch([env, env]))
    finally:
        unregister("test.count")
    assert first.status_code == 200 and again.status_code == 200
    assert [r["outcome"] for r in again.json()["receipt"]["results"]] == ["duplicate", "duplicate"]
    assert calls == [env["id"]]
    row = InboxEnvelope.objects.get()
    assert row.duplicates_seen == 2
    assert Manifest.objects.get(direction="received").count == 1


def test_mixed_batch_gets_200_and_per_envelope_outcomes(client, remote) -> None:
    good = remote.envelope()
    bad = remote.envelope(type="no.such_type")
    response = remote.post(client, remote.batch([good, bad]))
    assert response.status_code == 200
    results = response.json()["receipt"]["results"]
    assert results[0] == {"id": good["id"], "outcome": "applied"}
    assert results[1]["outcome"] == "refused" and results[1]["reason"] == "unknown_type"
    assert list(InboxEnvelope.objects.values_list("envelope_id", flat=True)) == [good["id"]]


def test_large_batch_checked_on_several_threads_keeps_order_and_each_outcome(
    client, remote, monkeypatch
) -> None:
    """A batch large enough to be checked in slices on several threads: refusals in different
    slices land on the right envelope, and the rest is applied once, in the order sent."""
    from liaison.federation import inbox

    monkeypatch.setattr(inbox, "_VERIFY_THREADS", 3)  # three slices, whatever this machine's cores
    count = max(40, inbox._PARALLEL_FROM * 3)
    seen: list[int] = []
    register_handler("test.seen", lambda inc: seen.append(inc.payload["n"]))
    stranger = Ed25519PrivateKey.generate()
    forged = {3, count // 2, count - 1}  # one in each slice
    try:
        envelopes = [
            remote.envelope({"n": i}, type="test.seen.v1")
            if i not in forged
            else envelope.build(
                "test.seen.v1", {"n": i}, from_party="LA", to_party="VN", key=stranger
            ).as_dict()
            for i in range(count)
        ]
        batch = remote.batch(envelopes)
        response = remote.post(client, batch)
    finally:
        unregister("test.seen")
    assert response.status_code == 200, response.json()
    receipt = verify_receipt(response.json(), batch)
    expected = ["refused" if i in forged else "applied" for i in range(count)]
    assert [r.outcome for r in receipt.results] == expected
    assert {r.reason for r in receipt.results if r.outcome == "refused"} == {"bad_signature"}
    applied = [i for i in range(count) if i not in forged]
    assert seen == applied
    assert list(InboxEnvelope.objects.values_list("body__payload__n", flat=True)) == applied
    assert sorted(r["envelope"] for r in refusals()) == sorted(envelopes[i]["id"] for i in forged)


def _party_handler(incoming) -> None:  # type: ignore[no-untyped-def]
    """Writes a party named in the payload, then refuses if told to (after the write)."""
    from liaison.core import services as core_services

    code = incoming.payload["party"]
    core_services.do_save_party(code, names={"en": code}, language="en", acting_user=None)
    if incoming.payload.get("refuse"):
        raise ValueError(f"refused {code}")


def test_refusal_mid_batch_rolls_back_only_that_envelope(client, remote) -> None:
    """The batch is first applied under one savepoint; a refusal re-applies it envelope by envelope:
    the refused envelope leaves nothing (not even its handler's write), the others are applied
    once, in order, and a duplicate inside the batch is still acknowledged, not applied twice."""
    from liaison.core.models import Party

    register_handler("test.party", _party_handler)
    try:
        first = remote.envelope({"party": "KH"}, type="test.party.v1")
        refused = remote.envelope({"party": "TH", "refuse": True}, type="test.party.v1")
        last = remote.envelope({"party": "MM"}, type="test.party.v1")
        batch = remote.batch([first, refused, first, last])
        response = remote.post(client, batch)
    finally:
        unregister("test.party")
    assert response.status_code == 200, response.json()
    receipt = verify_receipt(response.json(), batch)
    assert [r.outcome for r in receipt.results] == ["applied", "refused", "duplicate", "applied"]
    assert receipt.results[1].reason == "rejected_by_handler" and "refused TH" in receipt.results[1].detail
    assert set(Party.objects.filter(code__in=["KH", "TH", "MM"]).values_list("code", flat=True)) == {
        "KH",
        "MM",
    }
    assert list(InboxEnvelope.objects.values_list("envelope_id", flat=True)) == [first["id"], last["id"]]
    assert InboxEnvelope.objects.get(envelope_id=first["id"]).duplicates_seen == 1
    # the refused envelope is audited: from whom, which envelope of which batch, and why
    row = AuditEvent.objects.get(event_type=AuditEventType.ENVELOPE_REFUSED)
    assert (row.actor_name, row.target_type, row.target_id) == ("LA", "federation.peer", str(remote.peer.pk))
    assert row.extra_data == {
        "reason": "rejected_by_handler",
        "detail": "refused TH",
        "envelope": refused["id"],
        "batch": batch["batch"],
    }
    assert Manifest.objects.get(party="LA", direction="received").count == 2
    assert [r["envelope"] for r in refusals()] == [refused["id"]]


def test_inbox_rows_match_what_the_orm_would_write(client, remote) -> None:
    """The inbox writes its rows without model instances: they read back as the ORM wrote them."""
    env = remote.envelope({"n": 7, "pad": "Lào ຂ \t \\u0000 \U0001f600"}, refs=["a"])
    batch = remote.batch([env])
    assert remote.post(client, batch).status_code == 200
    row = InboxEnvelope.objects.get()
    assert row.body == env
    assert row.from_party == "LA" and row.type == "federation.ping.v1" and row.batch_id == batch["batch"]
    assert row.created == envelope.parse_time(env["created"]) and row.duplicates_seen == 0
    assert row.received_at is not None and row.received_at.tzinfo is not None
    assert (
        row.digest
        == hashlib.sha256(envelope.canonical({k: v for k, v in env.items() if k != "sig"})).hexdigest()
    )


def test_nul_character_is_refused_on_every_database(client, remote) -> None:
    """PostgreSQL cannot store U+0000 in JSON: the inbox refuses it (400), never a 500."""
    env = remote.envelope({"n": 1})
    env["payload"] = {"n": 1, "text": "a\u0000b"}
    body = assert_refused(remote.post(client, remote.batch([env])), 400, "malformed_envelope")
    assert "NUL" in json.dumps(body)
    with pytest.raises(envelope.MalformedEnvelope, match="NUL"):
        remote.envelope({"text": "a\u0000b"})  # nor can this node build one to send


# --- every bad input (issue 3, point 5) --------------------------------------------------------


def test_no_client_certificate(client, remote) -> None:
    assert_refused(
        remote.post(client, remote.batch([remote.envelope()]), cert=None), 403, "no_client_certificate"
    )


def test_unknown_peer(client, remote, tmp_path) -> None:
    stranger = make_remote(tmp_path / "stranger", "KH")
    assert_refused(
        remote.post(client, remote.batch([remote.envelope()]), cert=stranger.cert_der), 403, "unknown_peer"
    )


def test_removed_peer_is_unknown(client, remote) -> None:
    from liaison.federation import services

    services.do_remove_peer(remote.peer, acting_user=None)
    assert_refused(remote.post(client, remote.batch([remote.envelope()])), 403, "unknown_peer")


def test_bad_signature(client, remote) -> None:
    forged = envelope.build(
        "federation.ping.v1", {"n": 1}, from_party="LA", to_party="VN", key=Ed25519PrivateKey.generate()
    ).as_dict()
    body = assert_refused(remote.post(client, remote.batch([forged])), 403, "bad_signature")
    assert body["receipt"]["results"][0]["reason"] == "bad_signature"


def test_bad_batch_signature(client, remote) -> None:
    batch = remote.batch([remote.envelope()], key=Ed25519PrivateKey.generate())
    assert_refused(remote.post(client, batch), 403, "bad_signature")


def test_tampered_field(client, remote) -> None:
    env = remote.envelope({"n": 1, "text": "hello"})
    env["payload"]["text"] = "hullo"
    assert_refused(remote.post(client, remote.batch([env])), 403, "bad_signature")


def test_tampered_sender_field(client, remote) -> None:
    env = remote.envelope()
    env["from"] = "KH"
    assert_refused(remote.post(client, remote.batch([env])), 403, "sender_mismatch")


def test_wrong_recipient(client, remote) -> None:
    assert_refused(remote.post(client, remote.batch([remote.envelope(to="KH")])), 421, "wrong_recipient")


def test_envelope_timestamp_beyond_clock_skew(client, remote, settings) -> None:
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.FEDERATION_CLOCK_SKEW_SECONDS + 60)
    assert_refused(remote.post(client, remote.batch([remote.envelope(created=ahead)])), 400, "clock_skew")


def test_batch_sent_outside_clock_skew(client, remote, settings) -> None:
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=settings.FEDERATION_CLOCK_SKEW_SECONDS + 60)
    assert_refused(remote.post(client, remote.batch([remote.envelope()], sent=stale)), 400, "clock_skew")


def test_week_old_envelope_is_accepted(client, remote) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    response = remote.post(client, remote.batch([remote.envelope(created=old)]))
    assert response.status_code == 200
    assert InboxEnvelope.objects.count() == 1


def test_replayed_id_with_different_content(client, remote) -> None:
    first = remote.envelope({"n": 1})
    assert remote.post(client, remote.batch([first])).status_code == 200
    replay = remote.envelope({"n": 2}, envelope_id=first["id"])
    response = remote.post(client, remote.batch([replay]))
    body = response.json()
    assert response.status_code == 409 and body["reason"] == "id_conflict"
    assert body["detail"] == "an envelope with this id and different content was received before"
    row = InboxEnvelope.objects.get()
    assert row.body["payload"] == {"n": 1}  # the first one stays, nothing of the replay is stored
    assert Manifest.objects.get(direction="received").count == 1
    assert "id_conflict" in [r["reason"] for r in refusals()]


@pytest.mark.parametrize("raw", [b"{not json", b'{"a": NaN}', b"\xff\xfe", b'{"a": 1, "a": 1}'])
def test_malformed_json(client, remote, raw: bytes) -> None:
    assert_refused(remote.post(client, raw), 400, "malformed_json")


@pytest.mark.parametrize("shape", [[], {"v": 1}, {"envelopes": []}])
def test_malformed_batch(client, remote, shape) -> None:  # type: ignore[no-untyped-def]
    assert_refused(remote.post(client, shape), 400, "malformed_envelope")


def test_malformed_envelope(client, remote) -> None:
    env = remote.envelope()
    del env["created"]
    assert_refused(remote.post(client, remote.batch([env])), 400, "malformed_envelope")


def test_oversized_batch(client, remote, settings) -> None:
    settings.FEDERATION_MAX_BATCH = 3
    batch = remote.batch([remote.envelope({"n": i}) for i in range(4)])
    assert_refused(remote.post(client, batch), 413, "batch_too_large")


def test_oversized_body(client, remote, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    batch = remote.batch([remote.envelope({"n": i, "pad": "x" * 500}) for i in range(5)])
    assert_refused(remote.post(client, batch), 413, "batch_too_large")


def test_oversized_envelope(client, remote, settings) -> None:
    settings.FEDERATION_MAX_ENVELOPE_BYTES = 1024
    env = remote.envelope({"text": "x" * 2000})
    assert_refused(remote.post(client, remote.batch([env])), 413, "envelope_too_large")


def test_unknown_type(client, remote) -> None:
    assert_refused(
        remote.post(client, remote.batch([remote.envelope(type="martian.invasion")])), 422, "unknown_type"
    )


def test_unsupported_version(client, remote) -> None:
    batch = remote.batch([remote.envelope()])
    batch["v"] = 2
    assert_refused(remote.post(client, batch), 400, "unsupported_version")


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        (ValueError("no such meeting"), "no such meeting"),
        (ValidationError("no such meeting"), "no such meeting"),
        (ValidationError(["no such meeting", "no such unit"]), "no such meeting; no such unit"),
    ],
)
def test_handler_refusal_stores_nothing(client, remote, error, detail) -> None:  # type: ignore[no-untyped-def]
    from liaison.core import services as core_services

    def handler(incoming):  # type: ignore[no-untyped-def]
        # a write the handler makes before refusing must be rolled back with the envelope
        core_services.do_save_party("KH", names={"en": "Cambodia"}, language="km", acting_user=None)
        raise error

    register_handler("test.refuse", handler)
    try:
        body = assert_refused(
            remote.post(client, remote.batch([remote.envelope(type="test.refuse.v1")])),
            422,
            "rejected_by_handler",
        )
    finally:
        unregister("test.refuse")
    assert body["detail"] == detail
    from liaison.core.models import Party

    assert not Party.objects.filter(code="KH").exists()


def test_a_handler_reads_the_envelope_as_it_was_sent(client, remote) -> None:  # type: ignore[no-untyped-def]
    seen: list[Any] = []
    register_handler("test.seen", seen.append)
    try:
        earlier = envelope.new_id()
        env = remote.envelope({"n": 7}, type="test.seen.v1", refs=[earlier])
        assert remote.post(client, remote.batch([env])).status_code == 200
    finally:
        unregister("test.seen")
    (incoming,) = seen
    assert (incoming.id, incoming.from_party, incoming.to_party) == (env["id"], "LA", "VN")
    assert (incoming.type, incoming.payload, incoming.refs) == ("test.seen.v1", {"n": 7}, [earlier])
    assert incoming.created == envelope.parse_time(env["created"])


def test_an_entry_of_a_batch_that_is_not_an_object_is_refused_alone(client, remote) -> None:  # type: ignore[no-untyped-def]
    good = remote.envelope()
    response = remote.post(client, remote.batch([good, ["not", "an", "envelope"]]))  # type: ignore[list-item]
    assert response.status_code == 200
    assert response.json()["receipt"]["results"] == [
        {"id": good["id"], "outcome": "applied"},
        {
            "id": "#1",
            "outcome": "refused",
            "reason": "malformed_envelope",
            "detail": "an envelope is a JSON object",
        },
    ]
    assert list(InboxEnvelope.objects.values_list("envelope_id", flat=True)) == [good["id"]]


def test_get_is_not_allowed(client, remote) -> None:
    assert client.get("/federation/v1/inbox").status_code == 405


def test_identity_document_is_public(client, node_identity) -> None:
    doc = client.get("/federation/v1/identity").json()
    assert doc["party"] == "VN"
    assert doc["signing_public_key"] == node_identity.signing_public_key
    assert json.dumps(doc)
