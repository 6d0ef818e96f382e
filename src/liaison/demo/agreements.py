"""The agreements app's part of the demo (`AgreementsConfig.demo_loader`): loads agreements_data.py (the
shared history the seed articles tell) through the agreements services.

Both nodes load the same history, each into its own database: every object gets a uid derived from its
demo key, so the two copies are the same objects and later updates from either node find them.
Idempotent: a document that exists is left alone; meetings are refreshed. Historical documents were
signed in ink at their meetings: they are recorded `signed_on_paper`, carry no digital signature, and
their commitments are made directly. No envelope is sent: the peer loads the same history itself.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.db import transaction

from liaison.agreements import services
from liaison.agreements.models import Commitment, Document, Meeting, SignatoryKey
from liaison.agreements.services.commitments import commitment_uid
from liaison.core.models import Official, Party, Unit
from liaison.demo.agreements_data import COMMITMENTS, DOCUMENTS, MEETINGS

NAMESPACE = uuid.UUID("6f0d5c1e-2b8a-4f51-9d0e-6c1a9a3f4b21")
PARTIES = ("VN", "LA")
# The demo signatory accounts of core_data.py and the officials they sign for.
DEMO_SIGNATORIES = {
    "VN": ("vn.signatory", "luong_tam_quang"),
    "LA": ("la.signatory", "kongthong_phongvichit"),
}


def demo_uid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def _plan_year(row: dict[str, Any], meeting: dict[str, Any] | None) -> int | None:
    if row["kind"] == "cooperation_plan":
        found = re.search(r"(20\d\d)", row["key"])
        if found:
            return int(found.group(1))
    return int(meeting["date_start"][:4]) if meeting else None


def _load_meetings(parties: list[Party]) -> dict[str, Meeting]:
    meetings: dict[str, Meeting] = {}
    by_code = {p.code: p for p in parties}
    for row in MEETINGS:
        meetings[row["key"]] = services.do_save_meeting(
            uid=demo_uid("meeting", row["key"]),
            kind=row["kind"],
            number=row.get("number"),
            titles=row["title"],
            starts_on=dt.date.fromisoformat(row["date_start"]),
            ends_on=dt.date.fromisoformat(row["date_end"]) if row.get("date_end") else None,
            date_precision=row.get("date_precision", "day"),
            places=row.get("place") or {},
            host_party=by_code.get(row.get("host_party") or ""),
            parties=parties,
            co_chairs=list(Official.objects.filter(key__in=row.get("co_chairs", []))),
            outcome_notes=(row.get("summary") or {}).get("en", ""),
            notes_language="en",
            source_ref=row.get("source", ""),
            source_quote=row.get("source_quote", ""),
            also_reported=row.get("also_reported", []),
            origin_party=by_code.get(row.get("host_party") or "") or parties[0],
            is_demo=True,
            acting_user=None,
            actor_name="demo",
        )
    return meetings


def _undertakings(document_key: str) -> list[dict[str, Any]]:
    doc_of = {c["key"]: c["document"] for c in COMMITMENTS}
    rows = []
    for c in COMMITMENTS:
        if c["document"] != document_key:
            continue
        carried = c.get("carried_from")
        rows.append(
            {
                "key": c["key"],
                "clause": c.get("clause", ""),
                "texts": c["text"],
                "area": c.get("area") or "other",
                "owners": {"VN": c["owner_vn"], "LA": c["owner_la"]},
                "due_on": c.get("due"),
                "carried_forward_from": str(commitment_uid(demo_uid("document", doc_of[carried]), carried))
                if carried
                else None,
                "source_quote": c.get("source_quote", ""),
                "source_ref": c.get("source", ""),
            }
        )
    return rows


def _record_history(document: Document) -> None:
    """The progress entries of each commitment, as updates of the owner unit of the reporting party."""
    for c in COMMITMENTS:
        if c["document"] != document.reference.lower():
            continue
        commitment = Commitment.objects.get(uid=commitment_uid(document.uid, c["key"]))
        if commitment.updates.exists():
            continue
        entries = list(c.get("progress", []))
        final = c.get("status", "planned")
        if not entries and final != "planned":
            entries = [
                {
                    "date": c.get("due") or str(document.created_at.date()),
                    "party": "VN",
                    "note": {},
                    "percent": 100 if final == "done" else None,
                }
            ]
        for index, entry in enumerate(entries):
            last = index == len(entries) - 1
            percent = entry.get("percent")
            status = final if last else ("done" if (percent or 0) >= 100 else "in_progress")
            owner = c["owner_vn"] if entry["party"] == "VN" else c["owner_la"]
            note = entry.get("note") or {}
            services.check_record_progress(
                commitment,
                status=status,
                note=note.get("en", ""),
                percent=percent,
                language="en",
                at=dt.datetime.combine(dt.date.fromisoformat(entry["date"]), dt.time(12), tzinfo=dt.UTC),
                unit=Unit.objects.filter(code=owner).first(),
                author_name="demo",
                federate=False,
                illustrative=True,  # the seeds report no progress: every entry is invented
                acting_user=None,
            )


def _register_signatory(party_code: str) -> None:
    from liaison.core.models import Officer

    username, official_key = DEMO_SIGNATORIES[party_code]
    officer = Officer.objects.filter(username=username).first()
    official = Official.objects.filter(key=official_key).first()
    if officer is None or official is None or SignatoryKey.objects.filter(officer=officer).exists():
        return
    services.do_register_signatory(officer, official, acting_user=None)


def load(party_code: str) -> None:
    parties = list(Party.objects.filter(code__in=PARTIES).order_by("code"))
    if len(parties) != len(PARTIES):
        raise ValueError("the agreements demo needs the parties VN and LA (load the core demo first)")
    with transaction.atomic():
        meetings = _load_meetings(parties)
        meeting_rows = {m["key"]: m for m in MEETINGS}
        for row in DOCUMENTS:
            uid = demo_uid("document", row["key"])
            document = Document.objects.filter(uid=uid).first()
            if document is None:
                meeting_row = meeting_rows.get(row.get("meeting") or "")
                meeting = meetings.get(row.get("meeting") or "")
                undertakings = _undertakings(row["key"])
                signed_on = row.get("signed_on")
                if signed_on is None and undertakings and meeting is not None:
                    # The seeds report these minutes in force without the day of signature: the
                    # meeting's date stands for it (its precision is the meeting's).
                    signed_on = meeting.starts_on.isoformat()
                officials = list(
                    Official.objects.filter(key__in=row.get("signatories", [])).select_related("party")
                )
                document = services.check_create_document(
                    uid=uid,
                    reference=row["key"].upper(),
                    kind=row["kind"],
                    parties=parties,
                    signatories={o.party.code: o for o in officials},
                    titles=row["title"],
                    working_language=row.get("working_language", "en"),
                    texts=row.get("text") or {},
                    undertakings=undertakings,
                    meeting=meeting,
                    plan_year=_plan_year(row, meeting_row),
                    signed_on_paper=dt.date.fromisoformat(signed_on) if signed_on else None,
                    source_ref=row.get("source", ""),
                    source_quote=row.get("source_quote", ""),
                    also_reported=row.get("also_reported", []),
                    origin_party=meeting.host_party if meeting and meeting.host_party else parties[0],
                    is_demo=True,
                    acting_user=None,
                    actor_name="demo",
                )
            _record_history(document)
        _register_signatory(party_code)
