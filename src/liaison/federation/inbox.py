"""The inbox: checks, stores once and applies a batch of envelopes from one authenticated peer,
and answers with one signed receipt.

Order of checks for a batch: JSON, batch shape and size, batch header signature (the pinned key)
and send time. For each envelope, in the order sent: shape, sender, recipient, signature, size,
`created` not in the future, then id (a known id with the same content is a duplicate, with other
content a conflict), then type and payload version (the catalogue must list them), the payload
against its schema, then the handler. Signature checks run before the database transaction (a
large batch's on several threads); storing and applying run in one transaction, in the order
sent, each envelope in a savepoint so a handler's refusal leaves nothing of that envelope behind.

A refused batch, or a batch whose envelopes are all refused, gets a 4xx with a machine-readable
`reason`; a batch with at least one envelope applied or acknowledged gets 200. Every refusal is
written to the audit trail; nothing of a refused envelope is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Field
from django.utils import timezone

from liaison.core import audit
from liaison.core.models import AuditEventType
from liaison.core.plainsql import column, fetchall, table
from liaison.federation import envelope, manifests
from liaison.federation.catalogue import CatalogueError, lookup, validate
from liaison.federation.models import Direction, InboxEnvelope, Peer
from liaison.federation.node import LocalNode, local_node, public_key
from liaison.federation.public import IncomingEnvelope

# HTTP status for each refusal reason (batch-level, or the first one when every envelope is refused).
STATUS = {
    "no_client_certificate": 403,
    "unknown_peer": 403,
    "bad_signature": 403,
    "sender_mismatch": 403,
    "wrong_recipient": 421,
    "malformed_json": 400,
    "malformed_envelope": 400,
    "unsupported_version": 400,
    "clock_skew": 400,
    "id_conflict": 409,
    "envelope_too_large": 413,
    "batch_too_large": 413,
    "unknown_type": 422,
    "unknown_version": 422,
    "invalid_payload": 422,
    "rejected_by_handler": 422,
}


def status_of(reason: str) -> int:
    """The HTTP status a refusal is answered with: its own, or 400 for a reason without one."""
    return STATUS.get(reason, 400)


@dataclass
class Answer:
    status: int
    body: dict[str, Any]


def refuse(reason: str, detail: str, *, peer: Peer | None, extra: dict[str, Any] | None = None) -> Answer:
    """A refusal of a whole request: audited, nothing stored."""
    with transaction.atomic():
        audit.record(
            AuditEventType.ENVELOPE_REFUSED,
            actor=None,
            actor_name=peer.party.code if peer else "",
            target=peer,
            extra={"reason": reason, "detail": detail, **(extra or {})},
        )
    return Answer(status_of(reason), {"reason": reason, "detail": detail})


@dataclass
class _Checked:
    index: int
    envelope_id: str
    env: envelope.Envelope | None = None
    digest: str = ""
    reason: str = ""
    detail: str = ""


def receive(peer: Peer, raw: bytes, *, now: dt.datetime | None = None) -> Answer:
    node = local_node()
    now = now or timezone.now()
    # what every signature, sender, recipient and time check of this request is held against
    expect: dict[str, Any] = {
        "public_key": public_key(peer.signing_public_key),
        "expect_from": peer.party.code,
        "expect_to": node.party,
        "now": now,
        "max_skew": dt.timedelta(seconds=settings.FEDERATION_CLOCK_SKEW_SECONDS),
    }
    try:
        obj = envelope.load_json(raw)
        batch = envelope.open_batch(obj, max_count=settings.FEDERATION_MAX_BATCH, **expect)
    except envelope.EnvelopeError as exc:
        return refuse(exc.code, exc.detail, peer=peer)

    checked = _check_envelopes(batch.envelopes, max_bytes=settings.FEDERATION_MAX_ENVELOPE_BYTES, **expect)
    return _store_and_apply(node, peer, batch, checked, now)


# Signature checks are most of the inbox's work, and `cryptography` releases the GIL while it
# verifies: a large batch is checked in slices on several threads, then applied in order on one.
_VERIFY_THREADS = max(1, min(4, os.cpu_count() or 1))
_PARALLEL_FROM = 16  # smaller batches: the hand-off to other threads costs more than it saves
# the request's own thread checks one slice, the pool the others
_verifiers = ThreadPoolExecutor(max_workers=max(1, _VERIFY_THREADS - 1), thread_name_prefix="inbox-verify")


def _check_slice(raw: tuple[Any, ...], indices: range, **expect: Any) -> list[_Checked]:
    checked: list[_Checked] = []
    for index in indices:
        raw_env = raw[index]
        raw_id = raw_env.get("id") if isinstance(raw_env, dict) else None
        item = _Checked(index, raw_id if isinstance(raw_id, str) else f"#{index}")
        try:
            env, signed = envelope.open_envelope(raw_env, **expect)
            item.env, item.digest = env, hashlib.sha256(signed).hexdigest()
        except envelope.EnvelopeError as exc:
            item.reason, item.detail = exc.code, exc.detail
        checked.append(item)
    return checked


def _check_envelopes(raw: tuple[Any, ...], **expect: Any) -> list[_Checked]:
    """Every envelope of a batch checked (shape, sender, recipient, signature, size, time), in
    batch order; this thread takes the first slice while the pool takes the others."""
    count = len(raw)
    if count < _PARALLEL_FROM or _VERIFY_THREADS == 1:
        return _check_slice(raw, range(count), **expect)
    step = -(-count // _VERIFY_THREADS)
    slices = [range(start, min(count, start + step)) for start in range(0, count, step)]
    others = [_verifiers.submit(_check_slice, raw, indices, **expect) for indices in slices[1:]]
    checked = _check_slice(raw, slices[0], **expect)
    for future in others:
        checked += future.result()
    return checked


@dataclass(frozen=True, slots=True)
class _Stored:
    """An applied envelope, to be written to the inbox table."""

    envelope_id: str
    type: str
    created: dt.datetime
    digest: str
    body: dict[str, Any]


_INSERT_FIELDS = (
    "envelope_id",
    "from_party",
    "type",
    "created",
    "digest",
    "body",
    "batch_id",
    "received_at",
    "duplicates_seen",
)


def _insert(stored: list[_Stored], *, party: str, batch_id: str, received_at: dt.datetime) -> None:
    """INSERT the applied envelopes, in order (the auto-increment `seq` records the order).

    What `bulk_create` would write, without building model instances and compiling the statement
    per row: that cost a tenth of the inbox's time per envelope. Values are adapted by the fields
    themselves (`get_db_prep_save`), so every database backend gets what the ORM would send.
    """
    if not stored:
        return
    connection = transaction.get_connection()
    meta = InboxEnvelope._meta
    fields = [cast(Field, meta.get_field(name)) for name in _INSERT_FIELDS]
    by_name = {f.name: f for f in fields}
    quote = connection.ops.quote_name
    # Identifiers from the model's own metadata, values as parameters: nothing here comes from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    created, body = by_name["created"], by_name["body"]
    received = by_name["received_at"].get_db_prep_save(received_at, connection)
    rows = [
        (
            s.envelope_id,
            party,
            s.type,
            created.get_db_prep_save(s.created, connection),
            s.digest,
            body.get_db_prep_save(s.body, connection),
            batch_id,
            received,
            0,
        )
        for s in stored
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _known_digests(ids: list[str]) -> dict[str, str]:
    """The digests of those ids this node has stored already (duplicates and conflicts); plain SQL
    (core.plainsql), as it runs for every batch."""
    i = InboxEnvelope
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):  # within every backend's limit of parameters
        chunk = ids[start : start + 500]
        found.update(
            fetchall(
                f"SELECT {column(i, 'envelope_id')}, {column(i, 'digest')} FROM {table(i)} "  # noqa: S608
                f"WHERE {column(i, 'envelope_id')} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
        )
    return found


class _HandlerRefused(Exception):
    """A handler refused an envelope while the batch was being applied under one savepoint."""


def _store_and_apply(
    node: LocalNode, peer: Peer, batch: envelope.Batch, checked: list[_Checked], now: dt.datetime
) -> Answer:
    party = peer.party.code
    with transaction.atomic():
        ids = [c.env.id for c in checked if c.env is not None]
        known = _known_digests(ids)
        # Handlers almost never refuse, so the whole batch is applied under one savepoint first. If a
        # handler does refuse, that savepoint is rolled back and the batch applied again with one
        # savepoint per envelope, so the refused envelope leaves nothing behind and the others are
        # still applied, in order. (Handlers run inside the inbox transaction and may run again,
        # like any transactional code: effects outside the database belong in on_commit.)
        try:
            with transaction.atomic():
                stored, duplicates, outcomes = _apply_batch(checked, known, isolate=False)
        except _HandlerRefused:
            stored, duplicates, outcomes = _apply_batch(checked, known, isolate=True)
        _insert(stored, party=party, batch_id=batch.id, received_at=now)
        if duplicates:
            counts: dict[str, int] = defaultdict(int)
            for envelope_id in duplicates:
                counts[envelope_id] += 1
            for envelope_id, n in counts.items():
                InboxEnvelope.objects.filter(envelope_id=envelope_id).update(
                    duplicates_seen=F("duplicates_seen") + n
                )
        if stored:
            manifests.add(node, party, Direction.RECEIVED, [(s.envelope_id, s.created) for s in stored])
        for result in outcomes:
            if result.outcome == "refused":
                audit.record(
                    AuditEventType.ENVELOPE_REFUSED,
                    actor=None,
                    actor_name=party,
                    target=peer,
                    extra={
                        "reason": result.reason,
                        "detail": result.detail,
                        "envelope": result.id,
                        "batch": batch.id,
                    },
                )
    receipt = envelope.sign_receipt(
        batch.id, outcomes, from_party=node.party, to_party=party, key=node.signing_key
    )
    body: dict[str, Any] = {"receipt": receipt.as_dict()}
    refused = [r for r in outcomes if r.outcome == "refused"]
    if outcomes and len(refused) == len(outcomes):
        first = refused[0]
        return Answer(status_of(first.reason), {"reason": first.reason, "detail": first.detail, **body})
    return Answer(200, body)


def _apply_batch(
    checked: list[_Checked], known: dict[str, str], *, isolate: bool
) -> tuple[list[_Stored], list[str], list[envelope.ReceiptResult]]:
    """Apply the checked envelopes in order: (rows to store, duplicate ids, one result per envelope).

    With `isolate`, each handler runs in its own savepoint and a refusal is an outcome; without,
    the first refusal raises _HandlerRefused (the caller rolls back and runs again isolated).
    """
    known = dict(known)  # grows with this batch's own ids; the caller's copy stays as it was
    stored: list[_Stored] = []
    duplicates: list[str] = []
    outcomes: list[envelope.ReceiptResult] = []
    for item in checked:
        outcome = "refused"
        if item.env is not None:
            outcome = _apply_one(item, item.env, known, stored, duplicates, isolate)
        if outcome == "refused":
            outcomes.append(envelope.ReceiptResult(item.envelope_id, "refused", item.reason, item.detail))
        else:
            outcomes.append(envelope.ReceiptResult(item.envelope_id, outcome))
    return stored, duplicates, outcomes


def _apply_one(
    item: _Checked,
    env: envelope.Envelope,
    known: dict[str, str],
    stored: list[_Stored],
    duplicates: list[str],
    isolate: bool,
) -> str:
    """Apply one checked envelope; returns "applied", "duplicate" or "refused" (reason set on item)."""
    previous = known.get(env.id)
    if previous is not None:
        if previous == item.digest:
            duplicates.append(env.id)
            return "duplicate"
        item.reason = "id_conflict"
        item.detail = "an envelope with this id and different content was received before"
        return "refused"
    try:
        entry = lookup(env.type)
        payload = validate(entry, env.payload)
    except CatalogueError as exc:
        item.reason, item.detail = exc.code, exc.detail
        return "refused"
    created = env.created_at
    incoming = IncomingEnvelope(
        id=env.id,
        from_party=env.from_party,
        to_party=env.to_party,
        type=env.type,
        created=created,
        payload=env.payload,
        refs=list(env.refs),
    )
    if not isolate:
        try:
            entry.apply(incoming, payload)
        except (ValidationError, ValueError):
            raise _HandlerRefused from None
    else:
        try:
            with transaction.atomic():
                entry.apply(incoming, payload)
        except ValidationError as exc:
            item.reason, item.detail = "rejected_by_handler", "; ".join(exc.messages)
            return "refused"
        except ValueError as exc:
            item.reason, item.detail = "rejected_by_handler", str(exc)
            return "refused"
    known[env.id] = item.digest
    stored.append(_Stored(env.id, env.type, created, item.digest, env.as_dict()))
    return "applied"
