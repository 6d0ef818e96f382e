"""Urgent traffic is not held back (issue 11, item 8): immediate envelopes go to a peer ahead of its
routine queue, envelopes of one priority keep their written order, and a queued envelope wakes a
sleeping worker at once instead of at its next poll."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection, transaction

from liaison.federation import outbox, wake
from liaison.federation.models import OutboxEnvelope, OutboxStatus
from liaison.federation.worker import Worker, WorkerConfig

from .conftest import fake_network
from .test_outbox_worker import FakePeer, drain, make_worker

pytestmark = pytest.mark.django_db


def _queue(priority: str, n: int, start: int = 0) -> list[str]:
    with transaction.atomic():
        return outbox.enqueue_many(
            "federation.ping.v1",
            ({"n": i} for i in range(start, start + n)),
            to_party="LA",
            priority=priority,
        )


def test_immediate_envelopes_overtake_routine_ones_and_each_priority_keeps_its_order(remote) -> None:
    routine_a = _queue("routine", 7)
    immediate_a = _queue("immediate", 2, start=100)
    routine_b = _queue("routine", 3, start=7)
    immediate_b = _queue("immediate", 1, start=102)
    urgent = _queue("urgent", 2, start=200)
    fake = FakePeer(remote)
    drain(make_worker(fake, batch_size=4), rounds=6)
    sent = [e["id"] for b in fake.batches for e in b]
    assert sent == immediate_a + immediate_b + urgent + routine_a + routine_b
    # A batch never mixes priorities: the peer applies (and answers) a batch as a whole.
    assert [len(b) for b in fake.batches] == [3, 2, 4, 4, 2]
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.DELIVERED).count() == len(sent)


@pytest.mark.parametrize(
    ("config", "urgent_after"),
    [
        ({"pipeline_depth": 2}, 2),  # two batches on the wire when the first answer comes back
        ({"pipeline_depth": 4, "batch_bytes": "3 envelopes"}, 1),  # one batch fills the bytes allowed
    ],
)
def test_an_alert_queued_while_bulk_batches_are_on_the_wire_goes_next(remote, config, urgent_after) -> None:
    """The worker keeps batches on the wire and selects the next one when the oldest is answered;
    an immediate envelope queued meanwhile goes right after the batches already on the wire, not
    behind the bulk batches the worker had read ahead."""
    routine = _queue("routine", 12)
    if config.get("batch_bytes") == "3 envelopes":
        # three envelopes fit in a batch; with the batch's own header, one batch is over the limit
        bodies = OutboxEnvelope.objects.filter(id__in=routine[:3]).values_list("body", flat=True)
        config = {**config, "batch_bytes": sum(len(json.dumps(b, separators=(",", ":"))) for b in bodies) + 3}
    urgent_ids: list[str] = []
    fake = FakePeer(remote)
    worker = make_worker(fake, batch_size=3, **config)
    original = worker._read_answer

    def answer_then_queue(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not urgent_ids:  # runs on the worker's thread once batch 1 is answered
            urgent_ids.extend(_queue("immediate", 1, start=50))
        return original(*args, **kwargs)

    worker._read_answer = answer_then_queue  # type: ignore[method-assign]
    drain(worker, rounds=6)
    routine_batches = [routine[i : i + 3] for i in range(0, 12, 3)]
    expected = [*routine_batches[:urgent_after], urgent_ids, *routine_batches[urgent_after:]]
    assert [[e["id"] for e in b] for b in fake.batches] == expected


def test_an_unknown_priority_is_refused(remote) -> None:
    with pytest.raises(KeyError), transaction.atomic():
        outbox.enqueue("federation.ping.v1", {}, to_party="LA", priority="whenever")


def test_a_commit_that_queues_an_envelope_wakes_the_waiting_worker(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    waker = wake.Waker()
    try:
        assert not waker.wait(0.05)  # nothing queued: the wait runs its course
        woken: list[float] = []
        thread = threading.Thread(target=lambda: woken.append(time.monotonic()) if waker.wait(30) else None)
        thread.start()
        started = time.monotonic()
        wake.nudge()
        thread.join(5)
        assert woken and woken[0] - started < 1.0
    finally:
        waker.close()
    assert not list((tmp_path / "wake").glob("*.port")), "a stopped worker leaves no wake file"
    wake.nudge()  # no worker listening: nothing happens, nothing fails


def test_enqueue_nudges_once_when_its_transaction_commits(remote, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    waker = wake.Waker()
    try:
        with transaction.atomic():
            outbox.enqueue("federation.ping.v1", {"n": 1}, to_party="LA")
            outbox.enqueue("federation.ping.v1", {"n": 2}, to_party="LA")
        assert not waker.wait(0), "no nudge before the commit: the worker would find nothing"
        # pytest-django wraps each test in a transaction, so the commit never comes: run what it
        # would run, once per registered callback.
        callbacks = [entry[1] for entry in connection.run_on_commit]
        assert callbacks.count(wake.nudge) == 1, "one nudge per transaction, not one per envelope"
        for callback in callbacks:
            callback()
        assert waker.wait(1.0)
    finally:
        waker.close()


def test_worker_config_poll_is_only_a_fallback() -> None:
    # The nudge makes latency independent of the poll; the poll stays short for back-off timers.
    assert WorkerConfig().poll_interval <= 1.0


def test_delivery_state_tells_an_app_where_its_envelope_stands(remote) -> None:
    from liaison.federation.public import delivery_state

    (first,) = _queue("immediate", 1)
    assert delivery_state(first).state == "sending"  # type: ignore[union-attr]
    fake = FakePeer(remote)
    fake.down = True
    worker = make_worker(fake)
    worker.run_once()
    state = delivery_state(first)
    assert state is not None and state.state == "retrying" and "refused" in state.error
    fake.down = False
    drain(worker, rounds=3)
    state = delivery_state(first)
    assert state is not None and state.state == "delivered" and state.delivered_at is not None
    (second,) = _queue("routine", 1)
    OutboxEnvelope.objects.filter(id=second).update(status=OutboxStatus.DEAD, last_error="unknown_type")
    assert delivery_state(second) == type(state)("refused", error="unknown_type")
    assert delivery_state("no-such-envelope") is None


def test_a_batch_of_large_envelopes_stops_at_about_batch_bytes(remote, node_identity) -> None:
    """An immediate envelope waits at most for the batch on the wire: large bulk envelopes (such as
    attachment chunks) make short batches. One envelope over the limit still goes, alone."""
    import datetime as dt

    from liaison.federation import envelope

    with transaction.atomic():
        big = outbox.enqueue_many(
            "federation.ping.v1", ({"n": i, "pad": "x" * 10_000} for i in range(5)), to_party="LA"
        )
        huge = outbox.enqueue("federation.ping.v1", {"n": 9, "pad": "y" * 30_000}, to_party="LA")
    bodies: list[dict] = []
    fake = FakePeer(remote)

    def inbox(batch):  # type: ignore[no-untyped-def]
        bodies.append(batch)
        return fake(batch)

    worker = Worker(
        config=WorkerConfig(batch_size=100, batch_bytes=25_000, base_backoff=0.001, max_backoff=0.002),
        connect=fake_network(inbox),
    )
    drain(worker, rounds=5)
    assert [[e["id"] for e in b] for b in fake.batches] == [big[0:2], big[2:4], big[4:5], [huge]]
    for batch in bodies:  # each request is a whole, signed batch document
        envelope.open_batch(
            batch,
            public_key=envelope.public_key_from_b64(node_identity.signing_public_key),
            expect_from="VN",
            expect_to="LA",
            now=dt.datetime.now(dt.UTC),
            max_skew=dt.timedelta(minutes=5),
            max_count=500,
        )


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_committed_envelope_wakes_a_worker_on_another_machine(
    remote, settings, tmp_path
) -> None:
    """PostgreSQL's LISTEN/NOTIFY reaches workers the loopback nudge cannot: here the worker's wake
    file is removed, as if it ran elsewhere, and only the database can wake it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the PostgreSQL leg of the suite runs it)")
    settings.DATA_DIR = tmp_path
    waker = wake.Waker()
    try:
        waker.path.unlink()  # no loopback nudge can reach it now
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.enqueue("federation.ping.v1", {"n": 1}, to_party="LA")
            raise RuntimeError("rolled back")
        assert not waker.wait(0.3), "a rolled-back envelope wakes nobody"
        started = time.monotonic()
        with transaction.atomic():
            outbox.enqueue("federation.ping.v1", {"n": 2}, to_party="LA")
            outbox.enqueue("federation.ping.v1", {"n": 3}, to_party="LA")
        assert waker.wait(5.0) and time.monotonic() - started < 1.0
        assert not waker.wait(0.2), "one commit, one wake-up"
    finally:
        waker.close()
