"""Joint cases and their entities: open, share with the parties, add entities, keep the timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.access import scope_unit_ids
from liaison.core.codelists import codes
from liaison.core.models import AuditEventType, Officer, Party, Unit
from liaison.core.node import local_party

from .. import person_index
from ..choices import CaseStatus, EntityKind, Script, TimelineKind
from ..envelopes import CASE_SHARED
from ..models import Case, CaseEvent, Entity, EntityName
from .common import (
    MAX_NAME_CHARS,
    clean_birth_date,
    clean_documents,
    clean_names,
    clean_text,
    officer_unit,
    require_case_role,
    share,
)

__all__ = [
    "case_payload",
    "check_add_entity",
    "check_open_case",
    "check_set_case_status",
    "do_add_event",
    "receive_case",
]


def do_add_event(
    case: Case, kind: str, text: str = "", *, party: str = "", author_name: str = "", language: str = ""
) -> CaseEvent:
    """One timeline line (called by the other services, inside their transaction)."""
    return CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        kind=kind,
        party=party or local_party(),
        author_name=author_name,
        text=text,
        language=language,
    )


def case_payload(case: Case) -> dict[str, Any]:
    return {
        "uid": str(case.uid),
        "reference": case.reference,
        "title": case.title,
        "offence": case.offence,
        "status": case.status,
        "parties": case.party_codes(),
        "units": sorted(u.code for u in case.units.all()),
        "origin_party": case.origin_party.code,
        "opened_on": case.opened_on.isoformat(),
        "summary": case.summary,
        "summary_language": case.summary_language,
    }


def check_open_case(
    *,
    reference: str,
    title: str,
    offence: str,
    parties: list[Party],
    units: list[Unit],
    opened_on: dt.date | None = None,
    summary: str = "",
    language: str = "",
    acting_user: Officer | None,
    uid: uuid.UUID | None = None,
    is_demo: bool = False,
    send: bool = True,
) -> Case:
    """Open a joint case; the officer's own unit always works it. Shared with the other parties."""
    own = local_party()
    if acting_user is not None:
        require_case_role(acting_user)
        units = list({u.pk: u for u in [*units, officer_unit(acting_user)]}.values())
    reference = clean_text(reference, label=_("Reference"), max_chars=60)
    title = clean_text(title, label=_("Title"), max_chars=300)
    if offence not in codes("offence"):
        raise ValidationError(_("Unknown offence category."))
    party_codes = {p.code for p in parties} | {u.party.code for u in units} | {own}
    if len(party_codes) < 2:
        raise ValidationError(_("A joint case needs at least two parties."))
    if Case.objects.filter(reference=reference).exists():
        raise ValidationError(_("A case with this reference exists already."))
    with transaction.atomic():
        case = Case.objects.create(
            uid=uid or uuid.uuid4(),
            reference=reference,
            title=title,
            offence=offence,
            origin_party=Party.objects.get(code=own),
            opened_on=opened_on or timezone.localdate(),
            summary=summary,
            summary_language=language,
            is_demo=is_demo,
        )
        case.parties.set(Party.objects.filter(code__in=party_codes))
        case.units.set(units)
        do_add_event(case, TimelineKind.OPENED, title, author_name=_author(acting_user))
        audit.record(AuditEventType.CASE_SAVED, actor=acting_user, target=case, extra={"created": True})
        if send:
            share(CASE_SHARED, case_payload(case), sorted(party_codes))
    return case


def _author(officer: Officer | None) -> str:
    return (officer.get_full_name() or officer.username) if officer is not None else "demo"


def receive_case(payload: dict[str, Any], *, from_party: str) -> Case:
    """Apply a `cases.case.shared` envelope: the header of a case a peer opened with this party, or
    a change (status) any party to the case made to it."""
    known = Case.objects.filter(uid=uuid.UUID(payload["uid"])).select_related("origin_party").first()
    if known is None and payload["origin_party"] != from_party:
        raise ValueError(f"{from_party} cannot share a case opened by {payload['origin_party']}")
    if known is not None and (
        known.origin_party.code != payload["origin_party"] or from_party not in known.party_codes()
    ):
        raise ValueError(f"{from_party} cannot change case {known.uid}")
    if local_party() not in payload["parties"] or from_party not in payload["parties"]:
        raise ValueError("this party is not a party to the case")
    if payload["offence"] not in codes("offence"):
        raise ValueError(f"unknown offence category {payload['offence']!r}")
    if payload["status"] not in CaseStatus.values:
        raise ValueError(f"unknown status {payload['status']!r}")
    fields = {
        "reference": payload["reference"][:60],
        "title": payload["title"][:300],
        "offence": payload["offence"],
        "status": payload["status"],
        "origin_party": Party.objects.get(code=payload["origin_party"]),
        "opened_on": dt.date.fromisoformat(payload["opened_on"]),
        "summary": payload.get("summary", ""),
        "summary_language": payload.get("summary_language", ""),
    }
    case = known
    created = case is None
    if case is None:
        case = Case.objects.create(uid=uuid.UUID(payload["uid"]), **fields)
        do_add_event(
            case, TimelineKind.OPENED, case.title, party=from_party, author_name=f"peer:{from_party}"
        )
    else:
        if case.status != fields["status"]:
            do_add_event(case, TimelineKind.STATUS, str(CaseStatus(fields["status"]).label), party=from_party)
        for name, value in fields.items():
            setattr(case, name, value)
        case.save(update_fields=list(fields))
    case.parties.set(Party.objects.filter(code__in=payload["parties"]))
    case.units.set(Unit.objects.filter(code__in=payload["units"]))
    audit.record(
        AuditEventType.CASE_SAVED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=case,
        extra={"created": created, "from": from_party},
    )
    return case


def check_add_entity(
    case: Case,
    *,
    kind: str,
    label: str = "",
    names: list[tuple[str, str]] | None = None,
    birth_date: str = "",
    sex: str = "",
    nationality: str = "",
    documents: list[str] | None = None,
    notes: str = "",
    acting_user: Officer | None,
    is_demo: bool = False,
) -> Entity:
    """Add an entity this node holds to a case; a person's names (any script) feed the person index."""
    if acting_user is not None:
        require_case_role(acting_user)
        if not case.units.filter(pk__in=scope_unit_ids(acting_user)).exists():
            raise PermissionDenied(_("Your unit does not work this case."))
    if kind not in EntityKind.values:
        raise ValidationError(_("Unknown kind of entity."))
    pairs = [(n, s) for n, s in (names or []) if n.strip()]
    if kind == EntityKind.PERSON:
        cleaned = clean_names([n for n, _s in pairs])
        scripts = {n: s for n, s in pairs}
        pairs = [(n, scripts.get(n) or _guess_script(n)) for n in cleaned]
        label = label.strip() or cleaned[0]
    label = clean_text(label, label=_("Label"), max_chars=MAX_NAME_CHARS)
    if sex not in ("", "M", "F"):
        raise ValidationError(_("Sex is M, F or empty."))
    with transaction.atomic():
        entity = Entity.objects.create(
            kind=kind,
            label=label,
            birth_date=clean_birth_date(birth_date),
            sex=sex,
            nationality=(nationality or "").upper()[:2],
            documents=clean_documents(documents or []),
            notes=notes,
            is_demo=is_demo,
        )
        entity.cases.add(case)
        for position, (name, script) in enumerate(pairs):
            EntityName.objects.create(entity=entity, name=name, script=script, position=position)
        if kind == EntityKind.PERSON:
            person_index.file_person(entity)
        do_add_event(case, TimelineKind.ENTITY, label, author_name=_author(acting_user))
        audit.record(
            AuditEventType.CASE_ENTITY_ADDED,
            actor=acting_user,
            target=entity,
            extra={"case": str(case.uid), "kind": kind},
        )
    return entity


def _guess_script(name: str) -> str:
    if any("\u0e80" <= ch <= "\u0eff" for ch in name):
        return Script.LAO
    if any(ord(ch) > 127 for ch in name):
        return Script.VIETNAMESE
    return Script.ROMANISED


def check_set_case_status(case: Case, *, status: str, acting_user: Officer) -> Case:
    """Open, suspend or close a joint case (an officer of a unit working it); the other parties'
    nodes follow through `cases.case.shared`."""
    require_case_role(acting_user)
    if not case.units.filter(pk__in=scope_unit_ids(acting_user)).exists():
        raise PermissionDenied(_("Your unit does not work this case."))
    if status not in CaseStatus.values:
        raise ValidationError(_("Unknown status."))
    if status == case.status:
        return case
    with transaction.atomic():
        before = case.status
        case.status = status
        case.save(update_fields=["status"])
        do_add_event(
            case, TimelineKind.STATUS, str(CaseStatus(status).label), author_name=_author(acting_user)
        )
        audit.record(
            AuditEventType.CASE_SAVED, actor=acting_user, target=case, extra={"status": [before, status]}
        )
        share(CASE_SHARED, case_payload(case), case.party_codes())
    return case
