"""Audited reads: an evidence download and a review export are recorded the same way whether the
page or the API served them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from liaison.core import audit
from liaison.core.models import AuditEventType, Officer

from ..models import Meeting, StoredFile


def _via(via: str) -> dict[str, Any]:
    return {"via": via} if via else {}


def do_record_file_read(stored: StoredFile, *, acting_user: Officer, via: str = "") -> None:
    with transaction.atomic():
        audit.record(
            AuditEventType.EVIDENCE_READ,
            actor=acting_user,
            target=stored,
            extra={"name": stored.name, "sha256": stored.sha256, "role": stored.role, **_via(via)},
        )


def do_record_review_export(
    *, meeting: Meeting | None, year: int | None, commitments: int, acting_user: Officer, via: str = ""
) -> None:
    with transaction.atomic():
        audit.record(
            AuditEventType.REVIEW_EXPORTED,
            actor=acting_user,
            target=meeting,
            target_type="" if meeting else "agreements.plan_year",
            target_id="" if meeting else str(year),
            extra={"commitments": commitments, **_via(via)},
        )
