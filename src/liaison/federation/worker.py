"""The delivery worker: a polling loop over the outbox table, one batch in flight per peer.

Why not django-tasks (installed, with the django-tasks-db backend)? The outbox table already *is*
a durable queue, written in the domain transaction. Turning each envelope into a task would write
a second row per envelope, and the tasks API offers neither what delivery needs most (strict
per-peer order, batching many envelopes into one request, back-off per peer rather than per task)
nor anything we would otherwise lack: tasks run on any worker in any order, and a task that fails
is retried on its own, which would break the order in which a peer applies envelopes. A loop that
reads "the next N queued envelopes of this peer, by sequence" has all of that in some 200 lines,
and a lease column on the peer keeps two workers (e.g. on PostgreSQL, on two machines) from
sending to the same peer at once. Timers of the domain apps can still use django-tasks.

Urgency: the worker sleeps on a loopback socket (and on PostgreSQL a LISTEN connection: wake.py)
that `outbox.enqueue` nudges when its transaction commits, so a queued envelope goes out at once
rather than at the next poll; the poll remains for back-off timers and for nudges that never came.
Each batch takes the peer's queued envelopes by priority, then sequence: an immediate (hotline)
envelope goes ahead of bulk traffic, and envelopes of one priority keep the order in which they
were written. An immediate envelope queued while bulk batches are on the wire still waits for
their answers (one connection per peer, answered in order, keeps the peer's order), so a batch also
stops at about `batch_bytes` of envelopes: large ones (attachment chunks) make short batches.

Cost per request: the worker reads queued rows 50 at a time, keeps up to four batches on the wire
over one kept-alive connection (client.InboxConnection, HTTP/1.1 pipelining), so the peer never waits for
the worker's turn-around, and records receipts with plain SQL (core.plainsql); at one envelope per
request those were most of its time.

Failures:
- the peer is unreachable, answers 5xx, or refuses the whole batch (e.g. it has not pinned us):
  the envelopes stay queued and the peer is retried with exponential back-off and jitter, for
  ever: nothing is lost, however long the peer is down;
- the peer's signed receipt refuses an envelope: that envelope is retried with back-off, and
  after `max_attempts` refusals it becomes a dead letter, shown on the peer's page with a retry
  button; the envelopes after it are not held up. A refusal that no retry can change (the peer
  reads no such type, version or payload shape) makes it a dead letter at once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liaison.core.plainsql import column, fetchone, run, table, value
from liaison.federation import client, envelope, wake
from liaison.federation.models import OutboxEnvelope, OutboxStatus, Peer, PeerState, Receipt
from liaison.federation.node import LocalNode, local_node, public_key

# Refusals that only an upgrade of one node can change: retrying them would only repeat them.
PERMANENT_REFUSALS = frozenset({"unknown_type", "unknown_version", "invalid_payload"})

log = logging.getLogger("liaison.federation.worker")

DOWN_AFTER_FAILURES = 3
LEASE_SECONDS = 60.0
# Queued rows read in one query, however small the batches: at one envelope per request, a query
# per batch cost as much as the rest of the sender's work.
READ_AHEAD = 50


@dataclass
class WorkerConfig:
    batch_size: int = 100
    poll_interval: float = 0.2
    base_backoff: float = 0.5
    max_backoff: float = 60.0
    max_attempts: int = 5
    timeout: float = 15.0
    burst_seconds: float = 2.0  # then the other peers get their turn
    # An immediate envelope queued while batches are on the wire waits for their answers: a
    # batch of large envelopes (attachment chunks are ~210 kB) stops at about this many bytes.
    batch_bytes: int = 1_000_000
    # Batches on the wire at once per peer (client.InboxConnection), so the peer never waits for the
    # worker: at one envelope per batch, 2 left the peer idle a quarter of the time, 3 and 4 not.
    # An urgent envelope waits for what is on the wire, so batches stop going out once about
    # `batch_bytes` are on it.
    pipeline_depth: int = 4


def backoff(failures: int, base: float, cap: float) -> float:
    """Exponential back-off with "equal jitter": half the delay fixed, half random."""
    delay = min(cap, base * (2 ** max(0, failures - 1)))
    return delay / 2 + random.uniform(0, delay / 2)


@dataclass
class _Outgoing:
    rows: list[OutboxEnvelope]
    batch: envelope.Batch
    body: bytes  # the request body, encoded while the previous batch is out


class PeerLink(Protocol):
    """How the worker reaches a peer's inbox (client.InboxConnection; tests put a fake peer here)."""

    def send(self, body: bytes, follows: str | None = None) -> None: ...

    def answer(self) -> tuple[int, bytes]: ...

    def close(self) -> None: ...


def open_link(peer: Peer, node: LocalNode, timeout: float) -> PeerLink:
    return client.InboxConnection(peer.url, peer.certificate_pem, node, timeout=timeout)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_EMPTY_TAIL = "[]}"  # how the encoded batch document ends when its envelope list (the last key) is empty


@dataclass
class _ReadAhead:
    """Queued rows of one peer read but not yet sent, in sending order (one burst's worth)."""

    size: int  # envelopes per batch
    rows: list[OutboxEnvelope] = field(default_factory=list)


def _send(link: PeerLink, outgoing: _Outgoing, follows: str | None = None) -> client.PeerUnreachable | None:
    """Put the batch on the wire (after the batch `follows`, if given); a failure is kept as the
    batch's answer."""
    try:
        link.send(outgoing.body, follows)
    except client.PeerUnreachable as exc:
        return exc
    return None


def _answer(link: PeerLink) -> tuple[int, bytes] | client.PeerUnreachable:
    try:
        return link.answer()
    except client.PeerUnreachable as exc:
        return exc


@dataclass
class Worker:
    config: WorkerConfig = field(default_factory=WorkerConfig)
    stop_event: threading.Event = field(default_factory=threading.Event)
    owner: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    connect: Callable[[Peer, LocalNode, float], PeerLink] = open_link  # tests put a fake peer here
    _links: dict[int, tuple[tuple[str, str], PeerLink]] = field(default_factory=dict)
    _lease_until: dict[int, float] = field(default_factory=dict)
    _batch_size: dict[int, int] = field(default_factory=dict)

    def run(self) -> None:
        log.info(
            "worker %s started (batch %d, poll %.2fs)",
            self.owner,
            self.config.batch_size,
            self.config.poll_interval,
        )
        waker = wake.Waker()
        try:
            while not self.stop_event.is_set():
                if self.run_once() == 0:
                    waker.wait(self.config.poll_interval)
        finally:
            waker.close()
            self.close()
            log.info("worker %s stopped", self.owner)

    def close(self) -> None:
        for _key, link in self._links.values():
            link.close()
        self._links.clear()
        Peer.objects.filter(lease_owner=self.owner).update(lease_owner="", lease_until=None)
        self._lease_until.clear()

    def run_once(self) -> int:
        """One round over the active peers; returns how many envelopes got an answer."""
        node = local_node()
        done = 0
        for peer in Peer.objects.active().select_related("party"):
            if self.stop_event.is_set():
                break
            done += self.deliver(peer, node)
        return done

    # --- one peer ------------------------------------------------------------------------------

    def _take_lease(self, peer: Peer) -> bool:
        now_mono = time.monotonic()
        if self._lease_until.get(peer.pk, 0) - now_mono > LEASE_SECONDS / 2:
            return True
        now = timezone.now()
        taken = (
            Peer.objects.filter(pk=peer.pk)
            .filter(Q(lease_owner=self.owner) | Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .update(lease_owner=self.owner, lease_until=now + dt.timedelta(seconds=LEASE_SECONDS))
        )
        if taken:
            self._lease_until[peer.pk] = now_mono + LEASE_SECONDS
        return bool(taken)

    def _link(self, peer: Peer, node: LocalNode) -> PeerLink:
        key = (peer.url, peer.certificate_fingerprint)
        known = self._links.get(peer.pk)
        if known is not None and known[0] == key:
            return known[1]
        if known is not None:
            known[1].close()
        link = self.connect(peer, node, self.config.timeout)
        self._links[peer.pk] = (key, link)
        return link

    def _next_batch(
        self, peer: Peer, node: LocalNode, ahead: _ReadAhead, in_flight: list[str] | None = None
    ) -> _Outgoing | None:
        """The next queued envelopes of this peer, most urgent first, then in the order written;
        `in_flight` are the ids of the batches on the wire (still pending until their receipts)."""
        if not ahead.rows:
            queued = OutboxEnvelope.objects.filter(to_party=peer.party.code, status=OutboxStatus.PENDING)
            if in_flight:
                queued = queued.exclude(id__in=in_flight)
            ahead.rows = list(
                queued.filter(Q(not_before__isnull=True) | Q(not_before__lte=timezone.now()))
                .order_by("priority", "seq")
                .only("id", "seq", "body", "attempts", "priority")[: max(ahead.size, READ_AHEAD)]
            )
        if not ahead.rows:
            return None
        # A batch holds one priority: the peer applies a batch in one transaction, so an urgent
        # envelope batched with bulk ones would wait for all of them to be applied.
        rank = ahead.rows[0].priority
        parts: list[str] = []
        size = 0
        for row in ahead.rows[: ahead.size]:
            if row.priority != rank:
                break
            part = _ENCODER.encode(row.body)
            if parts and size + len(part) > self.config.batch_bytes:
                break
            parts.append(part)
            size += len(part)
        rows, ahead.rows = ahead.rows[: len(parts)], ahead.rows[len(parts) :]
        batch = envelope.sign_batch(
            [r.body for r in rows], from_party=node.party, to_party=peer.party.code, key=node.signing_key
        )
        # the envelopes, encoded once above, go into the batch document in place of its empty list
        head = _ENCODER.encode({**batch.as_dict(), "envelopes": []})
        assert head.endswith(_EMPTY_TAIL)
        body = head[: -len(_EMPTY_TAIL)] + "[" + ",".join(parts) + "]}"
        return _Outgoing(rows, batch, body.encode())

    def _overtaken(self, peer: Peer, selected: _Outgoing) -> bool:
        """Whether an envelope more urgent than the selected batch is now queued for the peer (asked
        before every batch, so in plain SQL: core.plainsql)."""
        rank = selected.rows[0].priority
        if rank == 0:
            return False
        o = OutboxEnvelope
        return (
            fetchone(
                f"SELECT 1 FROM {table(o)} WHERE {column(o, 'to_party')} = %s "  # noqa: S608
                f"AND {column(o, 'status')} = %s AND {column(o, 'priority')} < %s LIMIT 1",
                [peer.party.code, OutboxStatus.PENDING.value, rank],
            )
            is not None
        )

    def deliver(self, peer: Peer, node: LocalNode) -> int:
        """Send this peer's queue, batch after batch, for up to `burst_seconds`.

        Pipelined: up to `pipeline_depth` batches are on the wire at once, on one connection, so the
        peer finds the next batch waiting when it has answered one; each batch after the first
        names the batch it follows, and the peer refuses it unless that one was completed. As soon
        as the oldest batch's answer is in, the pipe is filled again, then that answer's receipt
        is recorded while the peer works on the next batch. The peer applies the batches in the
        order they were queued, and a failed batch holds back everything sent after it.
        """
        now = timezone.now()
        if peer.next_attempt_at is not None and peer.next_attempt_at > now:
            return 0
        ahead = _ReadAhead(size=self._batch_size.get(peer.pk, self.config.batch_size))
        first = self._next_batch(peer, node, ahead)
        if first is None or not self._take_lease(peer):
            return 0
        link = self._link(peer, node)
        on_wire: deque[tuple[_Outgoing, client.PeerUnreachable | None]] = deque()
        on_wire.append((first, _send(link, first)))
        deadline = time.monotonic() + self.config.burst_seconds
        done = 0
        while on_wire:
            # also picks up what was queued while the last receipt was being recorded
            self._fill(peer, node, link, ahead, on_wire, deadline)
            oldest, send_failed = on_wire.popleft()
            receipt = self._read_answer(peer, node, oldest, send_failed or _answer(link), ahead.size)
            if receipt is None:
                if on_wire:
                    # the batches after it are refused by the peer (they follow a failed one) or
                    # never read: their envelopes stay queued, and the next burst starts afresh
                    link.close()
                return done
            self._fill(peer, node, link, ahead, on_wire, deadline, unrecorded=oldest)
            self._record_receipt(peer, oldest.rows, receipt[0], receipt[1])
            done += len(oldest.rows)
        return done

    def _fill(
        self,
        peer: Peer,
        node: LocalNode,
        link: PeerLink,
        ahead: _ReadAhead,
        on_wire: deque[tuple[_Outgoing, client.PeerUnreachable | None]],
        deadline: float,
        unrecorded: _Outgoing | None = None,
    ) -> None:
        """Put batches on the wire until `pipeline_depth` of them or about `batch_bytes` are there
        (none after a failed send, or once the burst is over); `unrecorded` is answered, its receipt
        not yet recorded (so its envelopes are still pending in the table, and must not be read
        again)."""
        while (
            len(on_wire) < self.config.pipeline_depth
            and sum(len(batch.body) for batch, _failed in on_wire) < self.config.batch_bytes
            and (not on_wire or on_wire[-1][1] is None)
            and time.monotonic() < deadline
            and not self.stop_event.is_set()
        ):
            in_flight = [r.id for batch, _failed in on_wire for r in batch.rows]
            if unrecorded is not None:
                in_flight += [r.id for r in unrecorded.rows]
            following = self._next_batch(peer, node, ahead, in_flight=in_flight)
            if following is not None and self._overtaken(peer, following):
                # Something more urgent was queued since the queue was read: take it first.
                ahead.rows = []
                following = self._next_batch(peer, node, ahead, in_flight=in_flight)
            if following is None:
                return
            follows = on_wire[-1][0].batch.id if on_wire else None
            on_wire.append((following, _send(link, following, follows)))

    def _read_answer(
        self,
        peer: Peer,
        node: LocalNode,
        sent: _Outgoing,
        answer: tuple[int, bytes] | client.PeerUnreachable,
        size: int,
    ) -> tuple[envelope.Receipt, dict[str, Any]] | None:
        """The verified receipt, or None after recording why the peer did not give one."""
        if isinstance(answer, client.PeerUnreachable):
            self._failed(peer, f"unreachable: {answer}")
            return None
        status_code, content = answer
        try:
            body = envelope.load_json(content) if content else {}
        except envelope.EnvelopeError:
            body = {}
        receipt_doc = body.get("receipt") if isinstance(body, dict) else None
        if not isinstance(receipt_doc, dict):
            reason = body.get("reason", "") if isinstance(body, dict) else ""
            detail = body.get("detail", "") if isinstance(body, dict) else ""
            if status_code == 413 and size > 1:
                self._batch_size[peer.pk] = max(1, size // 2)
            self._failed(peer, f"HTTP {status_code} {reason}: {detail}".strip())
            return None
        try:
            receipt = envelope.open_receipt(
                receipt_doc,
                public_key=public_key(peer.signing_public_key),
                batch_id=sent.batch.id,
                expect_from=peer.party.code,
                expect_to=node.party,
                expect_ids=[r.id for r in sent.rows],
            )
        except envelope.EnvelopeError as exc:
            self._failed(peer, f"receipt refused: {exc.detail}")
            return None
        return receipt, receipt_doc

    def _record_receipt(
        self,
        peer: Peer,
        rows: list[OutboxEnvelope],
        receipt: envelope.Receipt,
        receipt_doc: dict[str, object],
    ) -> None:
        """Store the receipt, mark what it acknowledges delivered, and the peer up. Once per batch,
        so the statements of the usual path are plain SQL (core.plainsql); refusals are rare."""
        now = timezone.now()
        by_id = {r.id: r for r in rows}
        o, r, p = OutboxEnvelope, Receipt, Peer
        # `now` as every DateTimeField below takes it, adapted once
        stamp = value(r, "received_at", now)
        with transaction.atomic():
            run(
                f"INSERT INTO {table(r)} ({column(r, 'batch_id')}, {column(r, 'to_party')}, "  # noqa: S608
                f"{column(r, 'received_at')}, {column(r, 'body')}) VALUES (%s, %s, %s, %s)",
                [receipt.batch, peer.party.code, stamp, value(r, "body", receipt_doc)],
            )
            delivered = {
                "status": OutboxStatus.DELIVERED.value,
                "delivered_at": stamp,
                "receipt": receipt.batch,
                "last_error": "",
                "refusal_reason": "",
                "not_before": None,
            }
            for outcome in ("applied", "duplicate"):
                ids = [res.id for res in receipt.results if res.outcome == outcome]
                for start in range(0, len(ids), 500):  # within every backend's limit of parameters
                    chunk = ids[start : start + 500]
                    changes = {**delivered, "outcome": outcome}
                    run(
                        f"UPDATE {table(o)} SET {', '.join(f'{column(o, f)} = %s' for f in changes)} "  # noqa: S608
                        f"WHERE {column(o, 'status')} = %s "
                        f"AND {column(o, 'id')} IN ({', '.join(['%s'] * len(chunk))})",
                        [*changes.values(), OutboxStatus.PENDING.value, *chunk],
                    )
            for result in receipt.results:
                if result.outcome != "refused":
                    continue
                row = by_id[result.id]
                row.attempts += 1
                row.refusal_reason, row.last_error = result.reason, result.detail
                row.outcome, row.receipt_id = "refused", receipt.batch
                if row.attempts >= self.config.max_attempts or result.reason in PERMANENT_REFUSALS:
                    row.status = OutboxStatus.DEAD
                    log.warning(
                        "envelope %s to %s is a dead letter: %s %s",
                        row.id,
                        peer.party.code,
                        result.reason,
                        result.detail,
                    )
                else:
                    row.status = OutboxStatus.PENDING
                row.not_before = now + dt.timedelta(
                    seconds=backoff(row.attempts, self.config.base_backoff, self.config.max_backoff)
                )
                row.save(
                    update_fields=[
                        "attempts",
                        "refusal_reason",
                        "last_error",
                        "outcome",
                        "receipt",
                        "status",
                        "not_before",
                    ]
                )
            peer.last_delivery_at = peer.last_attempt_at = now
            peer.consecutive_failures, peer.next_attempt_at, peer.last_error = 0, None, ""
            changes = {
                "last_delivery_at": stamp,
                "last_attempt_at": stamp,
                "consecutive_failures": 0,
                "next_attempt_at": None,
                "last_error": "",
            }
            if peer.state != PeerState.UP:
                peer.state, peer.state_since = PeerState.UP, now
                changes.update(state=PeerState.UP.value, state_since=stamp)
                log.info("peer %s is up", peer.party.code)
            run(
                f"UPDATE {table(p)} SET {', '.join(f'{column(p, f)} = %s' for f in changes)} "  # noqa: S608
                f"WHERE {column(p, 'id')} = %s",
                [*changes.values(), peer.pk],
            )
        self._batch_size.pop(peer.pk, None)

    def _failed(self, peer: Peer, error: str) -> None:
        now = timezone.now()
        peer.consecutive_failures += 1
        delay = backoff(peer.consecutive_failures, self.config.base_backoff, self.config.max_backoff)
        peer.next_attempt_at = now + dt.timedelta(seconds=delay)
        peer.last_attempt_at, peer.last_error = now, error[:2000]
        fields = ["consecutive_failures", "next_attempt_at", "last_attempt_at", "last_error"]
        state = PeerState.RETRYING if peer.consecutive_failures < DOWN_AFTER_FAILURES else PeerState.DOWN
        if state != peer.state:
            peer.state, peer.state_since = state, now
            fields += ["state", "state_since"]
        peer.save(update_fields=fields)
        log.warning(
            "peer %s: %s (attempt %d, next in %.1fs)",
            peer.party.code,
            error,
            peer.consecutive_failures,
            delay,
        )
