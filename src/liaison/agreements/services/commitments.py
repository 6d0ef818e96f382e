"""Commitments: made from the undertakings of a signed document, tracked with progress updates
that either party records and both nodes show."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.access import scope_unit_ids
from liaison.core.models import AuditEventType, Officer, Party, Unit

from ..choices import CommitmentStatus
from ..envelopes import COMMITMENT_UPDATED, FILE_CHUNK
from ..models import Commitment, DocumentVersion, ProgressUpdate, StoredFile
from . import files
from .common import invalid, log, officer_party_code, share, this_party_code


def commitment_uid(document_uid: uuid.UUID, key: str) -> uuid.UUID:
    """The same on every node, so a commitment made from a signed undertaking has one identity."""
    return uuid.uuid5(document_uid, f"commitment:{key}")


def materialise_commitments(version: DocumentVersion, *, actor_name: str) -> list[Commitment]:
    """Make (or refresh) one commitment per undertaking of a signed version. Runs on each node."""
    document = version.document
    made: list[Commitment] = []
    for row in version.undertakings:
        uid = commitment_uid(document.uid, row["key"])
        commitment = Commitment.objects.filter(uid=uid).first()
        created = commitment is None
        if commitment is None:
            commitment = Commitment(uid=uid, document=document, key=row["key"], is_demo=document.is_demo)
        commitment.clause = row.get("clause", "")
        commitment.texts = row["texts"]
        commitment.area = row.get("area") or "other"
        commitment.due_on = dt.date.fromisoformat(row["due_on"]) if row.get("due_on") else None
        commitment.source_quote = row.get("source_quote", "")
        # Each undertaking names its own article; older undertakings fall back to the document's.
        commitment.source_ref = row.get("source_ref") or document.source_ref
        previous = row.get("carried_forward_from")
        commitment.carried_forward_from = (
            Commitment.objects.filter(uid=previous).first() if previous else None
        )
        if created:
            commitment.save()
        else:
            commitment.save(
                update_fields=[
                    "clause",
                    "texts",
                    "area",
                    "due_on",
                    "source_quote",
                    "source_ref",
                    "carried_forward_from",
                ]
            )
        owners = list(Unit.objects.filter(code__in=list(row.get("owners", {}).values())))
        missing = set(row.get("owners", {}).values()) - {u.code for u in owners}
        if missing:
            log.warning(
                "commitment %s: owner units unknown on this node: %s", uid, ", ".join(sorted(missing))
            )
        commitment.owner_units.set(owners)
        audit.record(
            AuditEventType.COMMITMENT_SAVED,
            actor=None,
            actor_name=actor_name,
            target=commitment,
            extra={
                "created": created,
                "document": document.reference,
                "version": version.number,
                "key": row["key"],
                "owners": sorted(row.get("owners", {}).values()),
            },
        )
        made.append(commitment)
    return made


def can_update(officer: Officer, commitment: Commitment) -> bool:
    """Liaison officers, and officers of an owner unit of their own party (or a unit above it)."""
    if officer.has_role("liaison"):
        return True
    if not officer.has_role("officer", "duty_officer"):
        return False
    scope = scope_unit_ids(officer)
    return any(u.pk in scope for u in commitment.owner_units.all())


def update_payload(update: ProgressUpdate) -> dict[str, Any]:
    return {
        "uid": str(update.uid),
        "party": update.party.code,
        "unit": update.unit.code if update.unit else None,
        "author_name": update.author_name,
        "created_at": update.created_at.isoformat(),
        "status_before": update.status_before,
        "status_after": update.status_after,
        "percent": update.percent,
        "note": update.note,
        "language": update.language,
        "illustrative": update.is_illustrative,
    }


def _apply_status(commitment: Commitment, status: str, at: dt.datetime) -> None:
    """Last writer wins by the time of the update, so both nodes converge whatever the arrival order."""
    if commitment.status_changed_at is None or at >= commitment.status_changed_at:
        commitment.status = status
        commitment.status_changed_at = at
        commitment.save(update_fields=["status", "status_changed_at"])


def check_record_progress(
    commitment: Commitment,
    *,
    status: str,
    note: str = "",
    percent: int | None = None,
    evidence: list[files.NewFile] | None = None,
    at: dt.datetime | None = None,
    language: str = "",
    federate: bool = True,
    acting_user: Officer | None,
    unit: Unit | None = None,
    author_name: str = "",
    illustrative: bool = False,
) -> ProgressUpdate:
    """Record a progress update (status, note, evidence files); shared with the other parties.

    `acting_user=None` is for the demo loader, which records history with `unit` and `author_name`
    and marks it `illustrative` (invented, shown as such)."""
    if status not in CommitmentStatus.values:
        raise invalid(_("Unknown status %(status)s.") % {"status": status})
    evidence = evidence or []
    if acting_user is not None:
        if not can_update(acting_user, commitment):
            raise PermissionDenied(
                _("Only the owner units of this commitment and liaison officers record its progress.")
            )
        unit = acting_user.unit
        author_name = acting_user.get_full_name() or acting_user.username
        language = language or acting_user.language
    if status == commitment.status and not note.strip() and not evidence:
        raise invalid(_("Nothing to record: change the status, write a note or attach evidence."))
    for new in evidence:
        files.check_file(new)
    party = unit.party if unit is not None else Party.objects.get(code=this_party_code())
    if acting_user is not None and officer_party_code(acting_user) != this_party_code():
        raise PermissionDenied(_("You record progress on your own party's node."))
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        update = ProgressUpdate.objects.create(
            commitment=locked,
            party=party,
            unit=unit,
            author_name=author_name,
            created_at=at or timezone.now(),
            status_before=locked.status,
            status_after=status,
            note=note.strip(),
            language=language,
            percent=percent,
            is_illustrative=illustrative,
        )
        stored = [files.store(new, role=StoredFile.EVIDENCE, update=update) for new in evidence]
        _apply_status(locked, status, update.created_at)
        audit.record(
            AuditEventType.COMMITMENT_UPDATED,
            actor=acting_user,
            actor_name=author_name if acting_user is None else "",
            target=locked,
            extra={
                "before": update.status_before,
                "after": status,
                "update": str(update.uid),
                "evidence": [{"name": f.name, "sha256": f.sha256} for f in stored],
            },
        )
        if federate:
            parties = locked.document.party_codes()
            share(
                COMMITMENT_UPDATED,
                {
                    "commitment": str(locked.uid),
                    "document": str(locked.document.uid),
                    "update": update_payload(update),
                    "evidence": [files.describe(f) for f in stored],
                },
                parties,
                refs=[str(locked.uid)],
            )
            for f in stored:
                for chunk in files.chunk_payloads(f):
                    share(FILE_CHUNK, chunk, parties, refs=[str(locked.uid)])
        return update


def receive_update(payload: dict[str, Any], *, from_party: str) -> ProgressUpdate:
    """Apply an `agreements.commitment.updated` envelope from the peer."""
    commitment = Commitment.objects.select_for_update().filter(uid=uuid.UUID(payload["commitment"])).first()
    if commitment is None:
        raise ValueError(f"progress update for unknown commitment {payload['commitment']}")
    data = payload["update"]
    if data["party"] != from_party:
        raise ValueError(f"{from_party} cannot report progress on behalf of {data['party']}")
    if from_party not in commitment.document.party_codes():
        raise ValueError(f"{from_party} is not a party to commitment {commitment.uid}")
    if data["status_after"] not in CommitmentStatus.values:
        raise ValueError(f"unknown status {data['status_after']!r}")
    existing = ProgressUpdate.objects.filter(uid=uuid.UUID(data["uid"])).first()
    if existing is not None:
        return existing
    at = parse_datetime(data["created_at"]) or timezone.now()
    update = ProgressUpdate.objects.create(
        uid=uuid.UUID(data["uid"]),
        commitment=commitment,
        party=Party.objects.get(code=from_party),
        unit=Unit.objects.filter(code=data.get("unit") or "").first(),
        author_name=str(data.get("author_name", "")),
        created_at=at,
        status_before=data.get("status_before") or commitment.status,
        status_after=data["status_after"],
        note=str(data.get("note", "")),
        percent=data.get("percent"),
        language=str(data.get("language", "")),
        is_illustrative=bool(data.get("illustrative", False)),
    )
    for meta in payload.get("evidence", []):
        files.announce(meta, role=StoredFile.EVIDENCE, update=update)
    _apply_status(commitment, data["status_after"], at)
    audit.record(
        AuditEventType.COMMITMENT_UPDATED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=commitment,
        extra={
            "after": data["status_after"],
            "update": data["uid"],
            "from": from_party,
            "evidence": [
                {"name": m.get("name"), "sha256": m.get("sha256")} for m in payload.get("evidence", [])
            ],
        },
    )
    return update
