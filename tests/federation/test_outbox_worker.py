"""The transactional outbox and the delivery worker, with the network replaced by a fake peer that
signs real receipts with the peer's key (the real two-node runs are in tests/e2e)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from liaison.core.models import AuditEvent, AuditEventType
from liaison.federation import envelope, manifests, outbox, services, status
from liaison.federation.client import PeerUnreachable
from liaison.federation.envelopes import PING
from liaison.federation.models import Manifest, OutboxEnvelope, OutboxStatus, PeerState, Receipt
from liaison.federation.public import share
from liaison.federation.worker import Worker, WorkerConfig, backoff

from .conftest import fake_network

pytestmark = pytest.mark.django_db

Policy = Callable[[dict[str, Any]], str]  # envelope -> "applied" | "duplicate" | refusal reason


class FakePeer:
    """Answers batches like an LA node would: a receipt signed with LA's key."""

    def __init__(self, remote: Any, policy: Policy | None = None) -> None:
        self.remote = remote
        self.policy = policy or (lambda env: "applied")
        self.down = False
        self.batches: list[list[dict[str, Any]]] = []
        self.sign_with = remote.signing_key

    def __call__(self, batch: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.down:
            raise PeerUnreachable("ConnectionRefusedError: connection refused")
        self.batches.append(batch["envelopes"])
        results = []
        for env in batch["envelopes"]:
            outcome = self.policy(env)
            if outcome in ("applied", "duplicate"):
                results.append(envelope.ReceiptResult(env["id"], outcome))
            else:
                results.append(envelope.ReceiptResult(env["id"], "refused", outcome, "refused by test"))
        receipt = envelope.sign_receipt(
            batch["batch"], results, from_party="LA", to_party="VN", key=self.sign_with
        )
        return 200, {"receipt": receipt.as_dict()}


def make_worker(fake: FakePeer, **config: Any) -> Worker:
    return Worker(
        config=WorkerConfig(**{"base_backoff": 0.001, "max_backoff": 0.002, **config}),
        connect=fake_network(fake),
    )


def drain(worker: Worker, rounds: int = 50) -> None:
    import time

    for _ in range(rounds):
        worker.run_once()
        time.sleep(0.003)  # let back-off deadlines pass


def queue(n: int) -> list[str]:
    with transaction.atomic():
        return outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(n)), to_party="LA")


# --- outbox ------------------------------------------------------------------------------------


def test_share_writes_in_the_callers_transaction(remote) -> None:
    with transaction.atomic():
        ids = share(PING, {"n": 1}, to_parties=["LA"])
    assert OutboxEnvelope.objects.filter(id__in=ids).count() == 1

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        share(PING, {"n": 2}, to_parties=["LA"])
        raise Boom
    assert OutboxEnvelope.objects.count() == 1
    assert Manifest.objects.get(party="LA", direction="sent").count == 1


def test_queued_envelope_is_signed_and_sequenced(remote, node_identity) -> None:
    ids = queue(3)
    rows = list(OutboxEnvelope.objects.order_by("seq"))
    assert [r.id for r in rows] == ids and [r.seq for r in rows] == [1, 2, 3]
    key = envelope.public_key_from_b64(node_identity.signing_public_key)
    for row in rows:
        envelope.verify(envelope.parse(row.body), key)


def test_queueing_for_own_party_is_refused(remote) -> None:
    with pytest.raises(ValueError):
        outbox.enqueue("federation.ping.v1", {}, to_party="VN")


def test_envelopes_queued_before_peering_wait_for_the_peer(node_identity) -> None:
    queue(2)  # no peer LA yet: queued all the same, delivered once LA is pinned
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == 2


def test_sent_manifest_is_signed_running_hash(remote, node_identity) -> None:
    ids = queue(5)
    manifest = Manifest.objects.get(party="LA", direction="sent")
    assert (manifest.count, manifest.running_hash) == manifests.hash_ids(ids)[:2]
    assert manifests.verify_document(manifests.as_document("VN", manifest), node_identity.signing_public_key)


# --- worker ------------------------------------------------------------------------------------


def test_worker_delivers_in_order_in_batches(remote) -> None:
    ids = queue(25)
    fake = FakePeer(remote)
    drain(make_worker(fake, batch_size=10), rounds=5)
    assert [len(b) for b in fake.batches] == [10, 10, 5]
    assert [e["id"] for b in fake.batches for e in b] == ids
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.DELIVERED, outcome="applied").count() == 25
    assert Receipt.objects.count() == 3
    remote.peer.refresh_from_db()
    peer_status = status.peer_status(remote.peer)
    assert (peer_status.state, peer_status.queue_depth, peer_status.delivered) == ("up", 0, 25)
    assert peer_status.last_delivery_at is not None


def test_duplicate_receipt_counts_as_delivered(remote) -> None:
    queue(2)
    drain(make_worker(FakePeer(remote, lambda env: "duplicate")), rounds=2)
    assert set(OutboxEnvelope.objects.values_list("outcome", flat=True)) == {"duplicate"}


def test_peer_down_is_retried_forever_and_nothing_is_lost(remote) -> None:
    ids = queue(5)
    fake = FakePeer(remote)
    fake.down = True
    worker = make_worker(fake, max_attempts=2)
    drain(worker, rounds=10)
    remote.peer.refresh_from_db()
    assert remote.peer.state == PeerState.DOWN and remote.peer.consecutive_failures >= 3
    assert "unreachable" in remote.peer.last_error
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == 5  # never dead-lettered
    fake.down = False
    drain(worker, rounds=5)
    remote.peer.refresh_from_db()
    assert remote.peer.state == PeerState.UP
    assert [e["id"] for b in fake.batches for e in b] == ids


def test_refused_envelope_becomes_dead_letter_and_can_be_retried(remote, make_officer) -> None:
    ids = queue(3)
    refuse_id = ids[1]
    fake = FakePeer(remote, lambda env: "rejected_by_handler" if env["id"] == refuse_id else "applied")
    worker = make_worker(fake, max_attempts=3)
    drain(worker, rounds=20)
    dead = OutboxEnvelope.objects.get(id=refuse_id)
    assert dead.status == OutboxStatus.DEAD and dead.attempts == 3
    assert dead.refusal_reason == "rejected_by_handler"
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.DELIVERED).count() == 2  # not held up
    assert status.peer_status(remote.peer).dead_letters == 1

    admin = make_officer("admin1", roles=("admin",))
    fake.policy = lambda env: "applied"
    services.do_retry_dead_letter(dead, acting_user=admin)
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.DEAD_LETTER_RETRIED, target_id=refuse_id
    ).exists()
    drain(worker, rounds=3)
    dead.refresh_from_db()
    assert dead.status == OutboxStatus.DELIVERED


def test_receipt_not_signed_by_the_peer_is_not_trusted(remote) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    queue(2)
    fake = FakePeer(remote)
    fake.sign_with = Ed25519PrivateKey.generate()
    drain(make_worker(fake), rounds=2)
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == 2
    remote.peer.refresh_from_db()
    assert "receipt refused" in remote.peer.last_error and remote.peer.state == PeerState.RETRYING


def test_whole_batch_refusal_is_retried_not_dead_lettered(remote) -> None:
    queue(4)

    def handler(_batch: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 413, {"reason": "batch_too_large", "detail": "too many"}

    worker = Worker(
        config=WorkerConfig(batch_size=4, base_backoff=0.001, max_backoff=0.002),
        connect=fake_network(handler),
    )
    drain(worker, rounds=3)
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == 4
    assert worker._batch_size[remote.peer.pk] < 4
    remote.peer.refresh_from_db()
    assert "batch_too_large" in remote.peer.last_error


def test_a_failed_batch_holds_back_the_batch_pipelined_behind_it(remote) -> None:
    """Two batches go on the wire before the first is answered; when the first fails as a whole
    (here the peer's 500), the second is not applied before it: both go again, in order."""
    ids = queue(4)
    fake = FakePeer(remote)
    failures = [True]

    def flaky(batch: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if failures and failures.pop():
            return 500, {"reason": "server_error", "detail": "the database was locked"}
        return fake(batch)

    sent: list[tuple[bytes, str | None]] = []
    network = fake_network(flaky)

    def recording(peer: Any, node: Any, timeout: float) -> Any:
        link = network(peer, node, timeout)
        send = link.send

        def send_and_record(body: bytes, follows: str | None = None) -> None:
            sent.append((body, follows))
            send(body, follows)

        link.send = send_and_record
        return link

    worker = Worker(
        config=WorkerConfig(batch_size=2, base_backoff=0.001, max_backoff=0.002), connect=recording
    )
    worker.run_once()
    # the second batch was on the wire, naming the first, and the peer did not apply it
    assert len(sent) == 2 and sent[1][1] == json.loads(sent[0][0])["batch"]
    assert fake.batches == []
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == 4
    drain(worker, rounds=3)
    assert [e["id"] for b in fake.batches for e in b] == ids
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.DELIVERED).count() == 4


def test_removed_peer_gets_nothing(remote) -> None:
    queue(1)
    services.do_remove_peer(remote.peer, acting_user=None)
    fake = FakePeer(remote)
    drain(make_worker(fake), rounds=2)
    assert fake.batches == []


def test_lease_keeps_a_second_worker_off_the_peer(remote) -> None:
    queue(3)
    first, second = FakePeer(remote), FakePeer(remote)
    w1, w2 = make_worker(first), make_worker(second)
    w2.owner = "other-worker"
    w1.run_once()
    queue(3)
    w2.run_once()
    assert second.batches == []
    w1.close()  # releases the lease
    w2.run_once()
    assert len(second.batches) == 1


def test_backoff_grows_and_is_capped_with_jitter() -> None:
    delays = [backoff(n, 0.5, 60) for n in range(1, 12)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(30 <= d <= 60 for d in delays[8:])
    assert len({round(backoff(5, 0.5, 60), 6) for _ in range(20)}) > 1  # jitter


def test_peer_state_since_changes_with_state(remote) -> None:
    queue(1)
    fake = FakePeer(remote)
    fake.down = True
    worker = make_worker(fake)
    before = timezone.now() - dt.timedelta(seconds=1)
    worker.run_once()
    remote.peer.refresh_from_db()
    assert remote.peer.state == PeerState.RETRYING and remote.peer.state_since >= before
