"""Every envelope of a batch has its own signature checked, wherever it sits in the batch (first
included, and in every slice when a large batch is checked on several threads); a receipt is bound
to its batch, its parties and the batch's ids, and signed by the receiver."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import Future
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from liaison.core.models import AuditEvent, AuditEventType
from liaison.federation import envelope, inbox
from liaison.federation.models import InboxEnvelope, Manifest
from liaison.federation.node import local_node

pytestmark = pytest.mark.django_db

STRANGER = Ed25519PrivateKey.generate()


def _batch_with_forgeries(remote, count: int, forged: set[int], how: str = "key") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A batch of `count` pings from LA, those at `forged` positions signed with another key or
    altered after signing (`how` = "key" | "payload" | "sig")."""
    envelopes = []
    for i in range(count):
        if i in forged and how == "key":
            env = envelope.build("federation.ping.v1", {"n": i}, from_party="LA", to_party="VN", key=STRANGER)
            envelopes.append(env.as_dict())
            continue
        env_dict = remote.envelope({"n": i})
        if i in forged and how == "payload":
            env_dict["payload"] = {"n": i + 1000}
        if i in forged and how == "sig":
            other = remote.envelope({"n": i + 1000})
            env_dict["sig"] = other["sig"]  # a valid signature of LA's, over another envelope
        envelopes.append(env_dict)
    return remote.batch(envelopes)


def _outcomes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["outcome"] for r in response.json()["receipt"]["results"]]


def _stored_ns() -> list[int]:
    return list(InboxEnvelope.objects.order_by("seq").values_list("body__payload__n", flat=True))


@pytest.mark.parametrize("how", ["key", "payload", "sig"])
@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_each_position_of_a_small_batch_is_checked(client, remote, position, how) -> None:  # type: ignore[no-untyped-def]
    batch = _batch_with_forgeries(remote, 4, {position}, how)
    response = remote.post(client, batch)
    assert response.status_code == 200, response.json()
    expected = ["refused" if i == position else "applied" for i in range(4)]
    assert _outcomes(response) == expected
    refused = response.json()["receipt"]["results"][position]
    assert refused["reason"] == "bad_signature"
    assert "does not match the pinned key" in refused["detail"]
    assert _stored_ns() == [i for i in range(4) if i != position]
    assert Manifest.objects.get(party="LA", direction="received").count == 3


def test_a_batch_of_one_forged_envelope_is_refused_whole(client, remote) -> None:  # type: ignore[no-untyped-def]
    response = remote.post(client, _batch_with_forgeries(remote, 1, {0}))
    assert response.status_code == 403 and response.json()["reason"] == "bad_signature"
    assert InboxEnvelope.objects.count() == 0


@pytest.mark.parametrize("threads", [2, 3, 4])
def test_every_slice_of_a_large_batch_is_checked(client, remote, monkeypatch, threads) -> None:  # type: ignore[no-untyped-def]
    """Checked on several threads: the first and last envelope of every slice, the very first of the
    batch included, is refused when forged; everything else is applied in the order sent."""
    monkeypatch.setattr(inbox, "_VERIFY_THREADS", threads)
    count = inbox._PARALLEL_FROM * 2 + 5
    step = -(-count // threads)
    forged = {edge for start in range(0, count, step) for edge in (start, min(count, start + step) - 1)}
    assert 0 in forged and count - 1 in forged
    response = remote.post(client, _batch_with_forgeries(remote, count, forged))
    assert response.status_code == 200
    assert _outcomes(response) == ["refused" if i in forged else "applied" for i in range(count)]
    assert _stored_ns() == [i for i in range(count) if i not in forged]
    audited = AuditEvent.objects.filter(event_type=AuditEventType.ENVELOPE_REFUSED)
    assert {e.extra_data["reason"] for e in audited} == {"bad_signature"}
    assert audited.count() == len(forged)


def test_every_envelope_forged_in_a_large_batch_is_refused_whole(client, remote, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(inbox, "_VERIFY_THREADS", 3)
    count = inbox._PARALLEL_FROM * 2
    response = remote.post(client, _batch_with_forgeries(remote, count, set(range(count))))
    assert response.status_code == 403 and response.json()["reason"] == "bad_signature"
    assert _outcomes(response) == ["refused"] * count
    assert InboxEnvelope.objects.count() == 0


def test_small_batches_are_checked_on_the_requests_thread(monkeypatch) -> None:
    """Below `_PARALLEL_FROM` the pool is not used (the hand-off costs more than it saves)."""

    class NoPool:
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError("a small batch was handed to the pool")

    monkeypatch.setattr(inbox, "_verifiers", NoPool())
    monkeypatch.setattr(inbox, "_VERIFY_THREADS", 4)
    checked = inbox._check_envelopes(tuple({} for _ in range(inbox._PARALLEL_FROM - 1)), **_expect())
    assert [c.index for c in checked] == list(range(inbox._PARALLEL_FROM - 1))
    assert {c.reason for c in checked} == {"malformed_envelope"}
    assert [c.envelope_id for c in checked][:2] == ["#0", "#1"]


class _CountingPool:
    """Runs what is handed to it at once, and counts the slices."""

    def __init__(self) -> None:
        self.slices = 0

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> Future[Any]:
        self.slices += 1
        done: Future[Any] = Future()
        done.set_result(fn(*args, **kwargs))
        return done


@pytest.mark.parametrize(("threads", "handed_over"), [(4, 3), (2, 1), (1, 0)])
def test_from_parallel_from_on_the_other_threads_take_a_slice_each(monkeypatch, threads, handed_over) -> None:  # type: ignore[no-untyped-def]
    pool = _CountingPool()
    monkeypatch.setattr(inbox, "_verifiers", pool)
    monkeypatch.setattr(inbox, "_VERIFY_THREADS", threads)
    checked = inbox._check_envelopes(tuple({} for _ in range(inbox._PARALLEL_FROM)), **_expect())
    assert pool.slices == handed_over
    assert [c.index for c in checked] == list(range(inbox._PARALLEL_FROM))


def _expect() -> dict[str, Any]:
    return {
        "public_key": STRANGER.public_key(),
        "expect_from": "LA",
        "expect_to": "VN",
        "now": dt.datetime.now(dt.UTC),
        "max_skew": dt.timedelta(seconds=60),
        "max_bytes": 10_000,
    }


# --- receipts ----------------------------------------------------------------------------------


def _receipt_for(client, remote) -> tuple[dict[str, Any], dict[str, Any]]:  # type: ignore[no-untyped-def]
    good, bad = remote.envelope({"n": 1}), remote.envelope(type="no.such_type")
    batch = remote.batch([good, bad])
    response = remote.post(client, batch)
    assert response.status_code == 200
    return batch, response.json()["receipt"]


def _open(receipt: dict[str, Any], batch: dict[str, Any], **overrides: Any) -> envelope.Receipt:
    node = local_node()
    args: dict[str, Any] = {
        "public_key": node.signing_key.public_key(),
        "batch_id": batch["batch"],
        "expect_from": "VN",
        "expect_to": "LA",
        "expect_ids": [e["id"] for e in batch["envelopes"]],
    }
    return envelope.open_receipt(receipt, **{**args, **overrides})


def test_receipt_is_signed_and_lists_each_outcome(client, remote) -> None:  # type: ignore[no-untyped-def]
    batch, receipt = _receipt_for(client, remote)
    opened = _open(receipt, batch)
    assert opened.batch == batch["batch"] and (opened.from_party, opened.to_party) == ("VN", "LA")
    assert [r.outcome for r in opened.results] == ["applied", "refused"]
    # what the sender reads back is what the receiver wrote: reason and detail only when refused
    refused = receipt["results"][1]
    assert refused["reason"] == "unknown_type" and refused["detail"]
    assert opened.results == (
        envelope.ReceiptResult(batch["envelopes"][0]["id"], "applied", "", ""),
        envelope.ReceiptResult(refused["id"], "refused", "unknown_type", refused["detail"]),
    )
    assert receipt["results"][0] == {"id": batch["envelopes"][0]["id"], "outcome": "applied"}
    assert set(receipt) == {"v", "kind", "batch", "from", "to", "received", "results", "sig"}
    assert receipt["v"] == 1 and receipt["kind"] == "receipt"
    envelope.parse_time(receipt["received"])


def test_receipt_for_another_batch_is_refused(client, remote) -> None:  # type: ignore[no-untyped-def]
    batch, receipt = _receipt_for(client, remote)
    with pytest.raises(envelope.MalformedEnvelope, match="another batch"):
        _open(receipt, batch, batch_id=envelope.new_id())


@pytest.mark.parametrize(("field", "value"), [("expect_from", "LA"), ("expect_to", "VN")])
def test_receipt_between_other_parties_is_refused(client, remote, field, value) -> None:  # type: ignore[no-untyped-def]
    batch, receipt = _receipt_for(client, remote)
    with pytest.raises(envelope.MalformedEnvelope, match="other parties"):
        _open(receipt, batch, **{field: value})


def test_receipt_must_list_exactly_the_batch_ids_in_order(client, remote) -> None:  # type: ignore[no-untyped-def]
    batch, receipt = _receipt_for(client, remote)
    ids = [e["id"] for e in batch["envelopes"]]
    for wrong in (ids[::-1], ids[:1], [*ids, envelope.new_id()]):
        with pytest.raises(envelope.MalformedEnvelope, match=r"^receipt does not list exactly the ids of"):
            _open(receipt, batch, expect_ids=wrong)


def test_receipt_changed_after_signing_or_signed_by_another_key_is_refused(client, remote) -> None:  # type: ignore[no-untyped-def]
    batch, receipt = _receipt_for(client, remote)
    for field, value in (("batch", envelope.new_id()), ("received", "2020-01-01T00:00:00.000Z")):
        with pytest.raises(envelope.BadSignature, match=r"^receipt: "):
            _open({**receipt, field: value}, batch)
    changed = [dict(r) for r in receipt["results"]]
    changed[1] = {"id": changed[1]["id"], "outcome": "applied"}
    with pytest.raises(envelope.BadSignature):
        _open({**receipt, "results": changed}, batch)
    with pytest.raises(envelope.BadSignature):
        _open(receipt, batch, public_key=STRANGER.public_key())
    with pytest.raises(envelope.MalformedEnvelope, match="'sig'"):
        _open({**receipt, "sig": 7}, batch)


def test_receipt_shape_is_checked(client, remote) -> None:  # type: ignore[no-untyped-def]
    batch, receipt = _receipt_for(client, remote)
    for bad in ([], {**receipt, "kind": "manifest"}, {k: v for k, v in receipt.items() if k != "kind"}):
        with pytest.raises(envelope.MalformedEnvelope, match=r"^not a receipt$"):
            _open(bad, batch)  # type: ignore[arg-type]
    for missing in ("batch", "from", "to", "received", "results", "sig"):
        with pytest.raises(envelope.MalformedEnvelope, match="missing a field"):
            _open({k: v for k, v in receipt.items() if k != missing}, batch)
    with pytest.raises(envelope.MalformedEnvelope, match="missing a field"):
        _open({**receipt, "results": [{"outcome": "applied"}]}, batch)


def test_receipt_with_an_unknown_outcome_is_refused(node_identity) -> None:  # type: ignore[no-untyped-def]
    node = local_node()
    ids = [envelope.new_id()]
    signed = envelope.sign_receipt(
        "b1", [envelope.ReceiptResult(ids[0], "maybe")], from_party="VN", to_party="LA", key=node.signing_key
    ).as_dict()
    with pytest.raises(envelope.MalformedEnvelope, match=r"^receipt has an unknown outcome$"):
        envelope.open_receipt(
            signed,
            public_key=node.signing_key.public_key(),
            batch_id="b1",
            expect_from="VN",
            expect_to="LA",
            expect_ids=ids,
        )


def test_receipt_rows_carry_reason_and_detail_only_when_refused() -> None:
    assert envelope.ReceiptResult("a", "applied", "x", "y").as_dict() == {"id": "a", "outcome": "applied"}
    assert envelope.ReceiptResult("a", "duplicate").as_dict() == {"id": "a", "outcome": "duplicate"}
    assert envelope.ReceiptResult("a", "refused", "bad_signature", "d").as_dict() == {
        "id": "a",
        "outcome": "refused",
        "reason": "bad_signature",
        "detail": "d",
    }


# --- refusals of a whole request ------------------------------------------------------------------


def _refusal_row() -> AuditEvent:
    return AuditEvent.objects.get(event_type=AuditEventType.ENVELOPE_REFUSED)


def test_a_refused_request_is_answered_and_audited_with_who_sent_it_and_why(client, remote) -> None:  # type: ignore[no-untyped-def]
    response = remote.post(client, b'{"v": NaN}')
    assert response.status_code == 400
    assert response.json() == {"reason": "malformed_json", "detail": "malformed JSON: NaN is not JSON"}
    row = _refusal_row()
    assert (row.actor_id, row.actor_name) == (None, "LA")
    assert (row.target_type, row.target_id) == ("federation.peer", str(remote.peer.pk))
    assert row.extra_data == {"reason": "malformed_json", "detail": "malformed JSON: NaN is not JSON"}


def test_a_request_without_a_pinned_certificate_is_audited_with_no_sender(client, remote) -> None:  # type: ignore[no-untyped-def]
    response = remote.post(client, remote.batch([remote.envelope()]), cert=None)
    detail = "this endpoint requires the client certificate of a pinned peer"
    assert response.status_code == 403
    assert response.json() == {"reason": "no_client_certificate", "detail": detail}
    row = _refusal_row()
    assert (row.actor_name, row.target_type, row.target_id) == ("", "", "")
    assert row.extra_data == {
        "reason": "no_client_certificate",
        "detail": detail,
        "path": "/federation/v1/inbox",
    }
    assert InboxEnvelope.objects.count() == 0


def test_a_refusal_reason_without_its_own_status_is_a_bad_request(db) -> None:  # type: ignore[no-untyped-def]
    """An EnvelopeError that is none of its subclasses (code invalid_envelope) has no status of its
    own: the peer gets 400."""
    answer = inbox.refuse(envelope.EnvelopeError.code, "something new", peer=None)
    assert (answer.status, answer.body) == (400, {"reason": "invalid_envelope", "detail": "something new"})


def test_the_inbox_answers_an_applied_batch_with_200_itself(remote) -> None:  # type: ignore[no-untyped-def]
    """What inbox.receive returns, not only what the view makes of it (a JsonResponse without a
    status would say 200 whatever the inbox meant)."""
    answer = inbox.receive(remote.peer, json.dumps(remote.batch([remote.envelope({"n": 1})])).encode())
    assert answer.status == 200 and [r["outcome"] for r in answer.body["receipt"]["results"]] == ["applied"]


def test_duplicates_are_recognised_past_the_500th_envelope_of_a_batch(client, remote, settings) -> None:  # type: ignore[no-untyped-def]
    """The ids already stored are looked up 500 at a time (every backend's parameter limit): the
    501st and later envelopes of a batch sent again are duplicates too, not new envelopes."""
    settings.FEDERATION_MAX_BATCH = 1100
    envelopes = [remote.envelope({"n": i}) for i in range(1002)]
    first = remote.post(client, remote.batch(envelopes))
    assert first.status_code == 200 and set(_outcomes(first)) == {"applied"}
    again = remote.post(client, remote.batch(envelopes))
    assert again.status_code == 200, again.json()
    assert _outcomes(again) == ["duplicate"] * 1002
    assert InboxEnvelope.objects.count() == 1002
