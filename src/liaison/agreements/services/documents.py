"""Documents and their versions: draft, new version, share with the peer, receive from the peer."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.models import AuditEventType, Officer, Official, Party, Unit

from .. import statements
from ..choices import Area
from ..envelopes import DOCUMENT_SHARED, FILE_CHUNK
from ..models import Document, DocumentSignatory, DocumentVersion, Meeting, StoredFile
from . import files
from .common import clean_reports, invalid, officer_party_code, require_liaison, share, this_party_code
from .meetings import apply_meeting_payload, ensure_official, meeting_payload, official_payload

# --- undertakings ------------------------------------------------------------------------------


def clean_undertakings(rows: list[dict[str, Any]], parties: list[str]) -> list[dict[str, Any]]:
    """Normalise the undertakings of a version: keys, texts by language, owner unit codes by party,
    ISO due date. Raises ValidationError with a message naming the row."""
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        key = str(row.get("key") or f"c{index}")
        if key in seen:
            raise invalid(_("Two undertakings share the key %(key)s.") % {"key": key})
        seen.add(key)
        texts = {
            lang: str(text).strip() for lang, text in (row.get("texts") or {}).items() if str(text).strip()
        }
        if not texts:
            raise invalid(_("Undertaking %(n)s has no text.") % {"n": index})
        owners = {str(p): str(u) for p, u in (row.get("owners") or {}).items() if u}
        for party, unit_code in owners.items():
            unit = Unit.objects.filter(code=unit_code).select_related("party").first()
            if unit is None or unit.party.code != party:
                raise invalid(
                    _("Undertaking %(n)s: %(unit)s is not a unit of %(party)s.")
                    % {"n": index, "unit": unit_code, "party": party}
                )
        area = str(row.get("area") or Area.OTHER)
        if area not in Area.values:
            raise invalid(_("Undertaking %(n)s: unknown area %(area)s.") % {"n": index, "area": area})
        due = row.get("due_on")
        if isinstance(due, dt.date):
            due = due.isoformat()
        undertaking: dict[str, Any] = {
            "key": key,
            "clause": str(row.get("clause") or ""),
            "texts": texts,
            "area": area,
            "owners": dict(sorted(owners.items())),
            "due_on": str(due) if due else None,
            "carried_forward_from": str(row["carried_forward_from"])
            if row.get("carried_forward_from")
            else None,
            "source_quote": str(row.get("source_quote") or ""),
        }
        # The article this undertaking's sentence comes from, which need not be its document's. Only
        # present when given, so the signed content of undertakings without one is what it always was.
        if row.get("source_ref"):
            undertaking["source_ref"] = str(row["source_ref"])
        cleaned.append(undertaking)
    return cleaned


def document_date(meeting: Meeting | None, signed_on_paper: dt.date | None = None) -> dt.date | None:
    """The date a document bears: its meeting's first day, or for history the day it was signed in
    ink. A document with neither (a plan drafted between meetings) has no date to compare with."""
    if meeting is not None:
        return meeting.starts_on
    return signed_on_paper


def check_due_dates(rows: list[dict[str, Any]], date: dt.date | None) -> None:
    """Refuse an undertaking due before the document's own date, naming the row (and its clause)."""
    if date is None:
        return
    for index, row in enumerate(rows, start=1):
        due = row.get("due_on")
        if due and dt.date.fromisoformat(str(due)) < date:
            values = {
                "n": index,
                "clause": row.get("clause") or "",
                "due": formats.date_format(dt.date.fromisoformat(str(due)), "DATE_FORMAT"),
                "date": formats.date_format(date, "DATE_FORMAT"),
            }
            if row.get("clause"):
                message = _(
                    "Undertaking %(n)s (§ %(clause)s) is due on %(due)s, before the date of the "
                    "document (%(date)s). Correct its due date."
                )
            else:
                message = _(
                    "Undertaking %(n)s is due on %(due)s, before the date of the document (%(date)s). "
                    "Correct its due date."
                )
            raise invalid(message % values)


# --- canonical content ---------------------------------------------------------------------------


def version_content(
    version: DocumentVersion, *, attachments: list[StoredFile] | None = None
) -> dict[str, Any]:
    document = version.document
    files_ = attachments if attachments is not None else list(version.attachments.all())
    return statements.document_content(
        document_uid=str(document.uid),
        reference=document.reference,
        kind=document.kind,
        version=version.number,
        parties=document.party_codes(),
        meeting_uid=str(document.meeting.uid) if document.meeting else None,
        plan_year=document.plan_year,
        titles=version.titles,
        working_language=version.working_language,
        texts=version.texts,
        undertakings=version.undertakings,
        attachments=[{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files_],
    )


def document_payload(document: Document) -> dict[str, Any]:
    return {
        "uid": str(document.uid),
        "reference": document.reference,
        "kind": document.kind,
        "plan_year": document.plan_year,
        "parties": document.party_codes(),
        "origin_party": document.origin_party.code,
        "signatories": [
            {"party": s.party.code, "official": official_payload(s.official)}
            for s in document.signatories.select_related("party", "official__party")
        ],
        "signed_on_paper": document.signed_on_paper.isoformat() if document.signed_on_paper else None,
        "source_ref": document.source_ref,
        "source_quote": document.source_quote,
        "also_reported": document.also_reported,
    }


def version_payload(version: DocumentVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "titles": version.titles,
        "working_language": version.working_language,
        "texts": version.texts,
        "undertakings": version.undertakings,
        "change_note": version.change_note,
        "content_sha256": version.content_sha256,
        "party": version.party.code,
        "author_name": version.author_name,
        "created_at": version.created_at.isoformat(),
        "attachments": [files.describe(f) for f in version.attachments.all()],
    }


# --- drafting ------------------------------------------------------------------------------------


def _write_version(
    document: Document,
    *,
    number: int,
    titles: dict[str, str],
    working_language: str,
    texts: dict[str, str],
    undertakings: list[dict[str, Any]],
    change_note: str,
    party: Party,
    author_name: str,
    new_files: list[files.NewFile],
    keep: list[StoredFile],
) -> DocumentVersion:
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        titles=titles,
        working_language=working_language,
        texts={k: v for k, v in texts.items() if v},
        undertakings=undertakings,
        change_note=change_note,
        content_sha256="",
        party=party,
        author_name=author_name,
        created_at=timezone.now(),
    )
    for old in keep:  # an unchanged attachment is carried to the new version (same bytes, same hash)
        StoredFile.objects.create(
            role=StoredFile.ATTACHMENT,
            version=version,
            name=old.name,
            content_type=old.content_type,
            size=old.size,
            sha256=old.sha256,
            file=old.file.name,
            complete=old.complete,
        )
    for new in new_files:
        files.store(new, role=StoredFile.ATTACHMENT, version=version)
    version.content_sha256 = statements.content_sha256(version_content(version))
    version.save(update_fields=["content_sha256"])
    return version


def check_create_document(
    *,
    reference: str,
    kind: str,
    parties: list[Party],
    signatories: dict[str, Official],
    titles: dict[str, str],
    working_language: str,
    texts: dict[str, str],
    undertakings: list[dict[str, Any]],
    meeting: Meeting | None = None,
    plan_year: int | None = None,
    attachments: list[files.NewFile] | None = None,
    signed_on_paper: dt.date | None = None,
    source_ref: str = "",
    source_quote: str = "",
    also_reported: list[dict[str, str]] | None = None,
    uid: uuid.UUID | None = None,
    origin_party: Party | None = None,
    is_demo: bool = False,
    acting_user: Officer | None,
    actor_name: str = "",
) -> Document:
    """Draft a new document with its first version on this node (the drafting party holds the pen)."""
    if acting_user is not None:
        require_liaison(acting_user)
    codes = sorted(p.code for p in parties)
    own = this_party_code()
    if own not in codes:
        raise invalid(_("This node's party must be a party to the document."))
    _check_signatories(signatories, codes)
    if Document.objects.filter(reference=reference).exists():
        raise invalid(_("A document with the reference %(ref)s exists already.") % {"ref": reference})
    cleaned = clean_undertakings(undertakings, codes)
    check_due_dates(cleaned, document_date(meeting, signed_on_paper))
    with transaction.atomic():
        document = Document.objects.create(
            uid=uid or uuid.uuid4(),
            reference=reference,
            kind=kind,
            meeting=meeting,
            plan_year=plan_year,
            origin_party=origin_party or Party.objects.get(code=own),
            signed_on_paper=signed_on_paper,
            source_ref=source_ref,
            source_quote=source_quote,
            also_reported=clean_reports(also_reported),
            is_demo=is_demo,
        )
        document.parties.set(parties)
        for official in signatories.values():
            DocumentSignatory.objects.create(document=document, party=official.party, official=official)
        version = _write_version(
            document,
            number=1,
            titles=titles,
            working_language=working_language,
            texts=texts,
            undertakings=cleaned,
            change_note="",
            party=document.origin_party,
            author_name=actor_name or (acting_user.get_full_name() if acting_user else ""),
            new_files=attachments or [],
            keep=[],
        )
        audit.record(
            AuditEventType.DOCUMENT_SAVED,
            actor=acting_user,
            actor_name=actor_name,
            target=document,
            extra={"created": True, "version": 1, "content_sha256": version.content_sha256},
        )
        if signed_on_paper is not None:
            from .commitments import materialise_commitments

            materialise_commitments(version, actor_name=actor_name or "demo")
        return document


def _check_signatories(signatories: dict[str, Official], codes: list[str]) -> None:
    for code, official in signatories.items():
        if code not in codes or official.party.code != code:
            raise invalid(_("%(name)s cannot sign for %(party)s.") % {"name": official.name, "party": code})


def _signatory_keys(document: Document) -> dict[str, str]:
    return {s.party.code: s.official.key for s in document.signatories.select_related("party", "official")}


def _set_signatories(document: Document, signatories: dict[str, Official]) -> None:
    """Make `signatories` (party code -> official) the designated signatories of `document`.

    Signatures already made keep their own official: they stay attached to the version they sign."""
    document.signatories.exclude(party__code__in=list(signatories)).delete()
    for code, official in signatories.items():
        row = document.signatories.filter(party__code=code).first()
        if row is None:
            DocumentSignatory.objects.create(document=document, party=official.party, official=official)
        elif row.official_id != official.pk:
            row.official = official
            row.save(update_fields=["official"])


def check_new_version(
    document: Document,
    *,
    titles: dict[str, str],
    working_language: str,
    texts: dict[str, str],
    undertakings: list[dict[str, Any]],
    change_note: str = "",
    attachments: list[files.NewFile] | None = None,
    drop_attachments: list[str] | None = None,
    signatories: dict[str, Official] | None = None,
    acting_user: Officer,
) -> DocumentVersion:
    """Every change makes a new version; versions, signed or not, are never edited.

    `signatories`, when given, replaces the designated signatories (the whole set, by party): a
    document assigned to the wrong official is corrected by a revision, which every party then signs."""
    require_liaison(acting_user)
    if officer_party_code(acting_user) != document.origin_party.code:
        raise PermissionDenied(
            _(
                "Only the drafting party (%(party)s) changes this document; propose changes to "
                "them through your liaison channel."
            )
            % {"party": document.origin_party.code}
        )
    cleaned = clean_undertakings(undertakings, document.party_codes())
    check_due_dates(cleaned, document_date(document.meeting, document.signed_on_paper))
    if signatories is not None:
        _check_signatories(signatories, document.party_codes())
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        signatories_before = _signatory_keys(locked)
        if signatories is not None:
            _set_signatories(locked, signatories)
        signatories_after = _signatory_keys(locked)
        latest = locked.versions.order_by("-number").first()
        assert latest is not None
        keep = [f for f in latest.attachments.all() if str(f.uid) not in set(drop_attachments or [])]
        version = _write_version(
            locked,
            number=latest.number + 1,
            titles=titles,
            working_language=working_language,
            texts=texts,
            undertakings=cleaned,
            change_note=change_note,
            party=locked.origin_party,
            author_name=acting_user.get_full_name() or acting_user.username,
            new_files=attachments or [],
            keep=keep,
        )
        if version.content_sha256 == latest.content_sha256 and signatories_after == signatories_before:
            raise invalid(_("Nothing changed: the text is the same as version %(n)s.") % {"n": latest.number})
        audit.record(
            AuditEventType.DOCUMENT_SAVED,
            actor=acting_user,
            target=locked,
            extra={
                "created": False,
                "version": version.number,
                "previous": latest.number,
                "content_sha256": version.content_sha256,
                "change_note": change_note,
                "signatories": {"before": signatories_before, "after": signatories_after},
            },
        )
        if locked.shared_at is not None:
            _share_version(locked, version)
        return version


# --- sharing -------------------------------------------------------------------------------------


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def missing_for_signing(document: Document) -> list[str]:
    """What the latest version lacks before the parties can sign it, one sentence per gap.

    A signable document has: a designated signatory for every party; its text in each party's own
    language (`Party.language`) and in the working language (the bilateral practice: each party signs
    in its language, the working-language text settles divergences); and every undertaking an owner
    unit on each side and a due date. A document signed on paper is a record of what was signed in
    ink and is shared as it stands."""
    if document.signed_on_paper is not None:
        return []
    version = document.versions.order_by("-number").first()
    if version is None:
        return [_("The document has no version.")]
    parties = sorted(document.parties.all(), key=lambda p: p.code)
    problems: list[str] = []
    designated = {s.party.code for s in document.signatories.select_related("party")}
    for party in parties:
        if party.code not in designated:
            problems.append(_("No signatory designated for %(party)s.") % {"party": party.name or party.code})
    required = [p.language for p in parties if p.language] + [version.working_language]
    for code in dict.fromkeys(required):
        if not str(version.texts.get(code, "")).strip():
            problems.append(_("No text in %(language)s.") % {"language": _language_name(code)})
    for index, row in enumerate(version.undertakings, start=1):
        label = (
            _("Undertaking %(n)s (§ %(clause)s)") % {"n": index, "clause": row["clause"]}
            if row.get("clause")
            else _("Undertaking %(n)s") % {"n": index}
        )
        owners = row.get("owners") or {}
        for party in parties:
            if not owners.get(party.code):
                problems.append(
                    _("%(undertaking)s: no owner unit for %(party)s.")
                    % {"undertaking": label, "party": party.name or party.code}
                )
        if not row.get("due_on"):
            problems.append(_("%(undertaking)s: no due date.") % {"undertaking": label})
    return problems


def _share_version(document: Document, version: DocumentVersion) -> None:
    payload = {
        "meeting": meeting_payload(document.meeting) if document.meeting else None,
        "document": document_payload(document),
        "version": version_payload(version),
    }
    share(DOCUMENT_SHARED, payload, document.party_codes(), refs=[str(document.uid)])
    for stored in version.attachments.all():
        for chunk in files.chunk_payloads(stored):
            share(FILE_CHUNK, chunk, document.party_codes(), refs=[str(document.uid)])


def check_share_document(document: Document, *, acting_user: Officer) -> Document:
    """Send the draft (its latest version) to the other parties; later versions follow by themselves."""
    require_liaison(acting_user)
    if document.origin_party.code != this_party_code():
        raise invalid(
            _("This document came from %(party)s: it is shared already.")
            % {"party": document.origin_party.code}
        )
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.shared_at is not None:
            raise invalid(_("This document is shared already; new versions are sent automatically."))
        problems = missing_for_signing(locked)
        if problems:
            raise ValidationError(problems)
        latest = locked.versions.order_by("-number").first()
        assert latest is not None
        locked.shared_at = timezone.now()
        locked.save(update_fields=["shared_at"])
        _share_version(locked, latest)
        audit.record(
            AuditEventType.DOCUMENT_SHARED,
            actor=acting_user,
            target=locked,
            extra={
                "version": latest.number,
                "to": [p for p in locked.party_codes() if p != this_party_code()],
            },
        )
        return locked


def receive_shared(payload: dict[str, Any], *, from_party: str) -> DocumentVersion:
    """Apply an `agreements.document.shared` envelope: upsert meeting and document, add the version."""
    data = payload["document"]
    vdata = payload["version"]
    if data["origin_party"] != from_party:
        raise ValueError(f"{from_party} sent document {data['reference']} drafted by {data['origin_party']}")
    actor_name = f"peer:{from_party}"
    meeting = (
        apply_meeting_payload(payload["meeting"], actor_name=actor_name) if payload.get("meeting") else None
    )
    own = this_party_code()
    if own not in data["parties"]:
        raise ValueError(f"document {data['reference']} is not addressed to {own}")
    document = Document.objects.select_for_update().filter(uid=uuid.UUID(data["uid"])).first()
    created = document is None
    if document is None:
        if Document.objects.filter(reference=data["reference"]).exists():
            raise ValueError(f"reference {data['reference']} is used here by another document")
        document = Document.objects.create(
            uid=uuid.UUID(data["uid"]),
            reference=data["reference"],
            kind=data["kind"],
            meeting=meeting,
            plan_year=data.get("plan_year"),
            origin_party=Party.objects.get(code=data["origin_party"]),
            shared_at=timezone.now(),
            source_ref=data.get("source_ref", ""),
            source_quote=data.get("source_quote", ""),
            also_reported=clean_reports(data.get("also_reported")),
        )
        document.parties.set(Party.objects.filter(code__in=data["parties"]))
        for row in data.get("signatories", []):
            official = ensure_official(row["official"])
            DocumentSignatory.objects.create(document=document, party=official.party, official=official)
    elif document.origin_party.code != from_party:
        raise ValueError(f"document {data['reference']} belongs to {document.origin_party.code}")
    existing = document.versions.filter(number=vdata["number"]).first()
    latest_here = document.versions.order_by("-number").first()
    if (
        not created
        and existing is None
        and (latest_here is None or int(vdata["number"]) > latest_here.number)
    ):
        # A newer version carries the drafting party's current signatories (they may have been corrected).
        _set_signatories(
            document,
            {row["party"]: ensure_official(row["official"]) for row in data.get("signatories", [])},
        )
    if existing is not None:
        if existing.content_sha256 != vdata["content_sha256"]:
            raise ValueError(
                f"version {vdata['number']} of {data['reference']} differs from the copy held here"
            )
        return existing
    cleaned = clean_undertakings(vdata.get("undertakings", []), data["parties"])
    version = DocumentVersion.objects.create(
        document=document,
        number=int(vdata["number"]),
        titles=vdata.get("titles") or {},
        working_language=vdata["working_language"],
        texts=vdata.get("texts") or {},
        undertakings=cleaned,
        change_note=vdata.get("change_note", ""),
        content_sha256="",
        party=document.origin_party,
        author_name=vdata.get("author_name", ""),
        created_at=parse_datetime(vdata.get("created_at", "")) or timezone.now(),
    )
    for meta in vdata.get("attachments", []):
        files.announce(meta, role=StoredFile.ATTACHMENT, version=version)
    version.content_sha256 = statements.content_sha256(version_content(version))
    if version.content_sha256 != vdata["content_sha256"]:
        raise ValueError(
            f"version {vdata['number']} of {data['reference']}: content hash does not match its text"
        )
    version.save(update_fields=["content_sha256"])
    audit.record(
        AuditEventType.DOCUMENT_SAVED,
        actor=None,
        actor_name=actor_name,
        target=document,
        extra={
            "created": created,
            "version": version.number,
            "content_sha256": version.content_sha256,
            "from": from_party,
        },
    )
    return version
