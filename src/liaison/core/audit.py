"""The audit trail: one function writes it (`record`), one reads it back for tampering (`verify`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from liaison.core.models import AuditEvent, AuditEventType, AuditHead, Officer
from liaison.core.request_context import current_request_id

GENESIS = "0" * 64


def _row_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.occurred_at.isoformat(),
        "type": event.event_type,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "unit": event.unit_code,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "extra": event.extra_data,
        "request": event.request_id,
    }


def record(
    event_type: AuditEventType,
    *,
    actor: Officer | None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    extra: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one audit row, chained to the previous one, inside the caller's transaction."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS, "row_count": 0}
        )
        if target is not None:
            target_type = target_type or target._meta.label_lower
            target_id = target_id or str(target.pk)
        event = AuditEvent(
            occurred_at=timezone.now(),
            event_type=str(event_type),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor_name or (actor.username if actor is not None else ""),
            unit_code=actor.unit.code if actor is not None and actor.unit_id else "",  # type: ignore[union-attr]
            target_type=target_type,
            target_id=target_id,
            extra_data=json.loads(json.dumps(extra or {}, default=str)),
            request_id=current_request_id(),
            prev_hash=head.last_hash,
        )
        event.row_hash = _row_digest(event.prev_hash, _hashed_fields(event))
        event.save()
        head.last_hash = event.row_hash
        head.row_count += 1
        head.save(update_fields=["last_hash", "row_count"])
    return event


@dataclass
class ChainProblem:
    row_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row_id}" if self.row_id is not None else "end of chain"
        return f"{where}: {self.reason}"


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("id").iterator()  # in chunks (Django's 2,000 rows)


def verify() -> tuple[int, ChainProblem | None]:
    """Walk the chain; return (rows checked, first problem or None)."""
    prev = GENESIS
    count = 0
    for event in _rows():
        if event.prev_hash != prev:
            return count, ChainProblem(
                event.pk, "previous-row hash does not match: a row before it was deleted or changed"
            )
        if _row_digest(event.prev_hash, _hashed_fields(event)) != event.row_hash:
            return count, ChainProblem(event.pk, "content does not match its hash: the row was edited")
        prev = event.row_hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        # record() writes the head with the first row: rows without it mean it was deleted, and with
        # it the count that shows rows deleted from the end
        if count:
            return count, ChainProblem(
                None, "the chain head is missing: rows may have been deleted from the end"
            )
        return count, None
    if head.row_count != count or head.last_hash != prev:
        return count, ChainProblem(
            None,
            f"chain head expects {head.row_count} rows ending in "
            f"{head.last_hash[:12]}…, found {count}: rows were deleted from the end",
        )
    return count, None
