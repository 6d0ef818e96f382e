"""The cases demo: an invented joint drug-trafficking case between the Quang Tri and Savannakhet public
security, with persons under Vietnamese, Lao-script and romanised names (all invented, marked
illustrative), a hit/no-hit query answered "hit", and an assistance request quoting its reference.

Both nodes load it, each into its own database, as the peer would have learnt it: the case header,
the query's answer and the request exist on both sides (same uids); each node's persons exist only
on the node that holds them. No envelope is sent. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction

from liaison.cases import services
from liaison.cases.models import AssistanceRequest, Case, HitQuery, ReceivedHitQuery
from liaison.core.models import Officer, Party, Unit

NAMESPACE = uuid.UUID("2f3c9b8e-5d41-4a0c-9e77-0b7d1c4e6a90")
CASE_REF = "VN-LA-DRUG-DEMO-1"
# A fixed reference (a real one is random): both nodes must load the same.
HIT_REFERENCE = "H-DEMO-7C41E09A2B"
ASKED_AT = dt.datetime(2025, 11, 3, 2, 30, tzinfo=dt.UTC)


def demo_uid(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


# Persons and other entities, by the party whose node holds them. All invented.
ENTITIES: dict[str, list[dict]] = {
    "VN": [
        {
            "kind": "person",
            "names": [("Hoàng Văn Thắng", "latn-vi"), ("Hoang Van Thang", "latn")],
            "birth_date": "1986-04",
            "sex": "M",
            "nationality": "VN",
            "documents": ["DEMO-VN-P-0001"],
            "notes": "Illustrative: driver arrested at the La Lay crossing.",
        },
        {
            "kind": "person",
            "names": [("Trần Thị Mai", "latn-vi"), ("Tran Thi Mai", "latn")],
            "birth_date": "1991",
            "sex": "F",
            "nationality": "VN",
        },
        {"kind": "vehicle", "label": "74C-000.00 (demo plate)"},
        {"kind": "phone", "label": "+84 000 000 000 (demo number)"},
    ],
    "LA": [
        {
            "kind": "person",
            "names": [("ບຸນເລີດ ພົມມະຈັນ", "laoo"), ("Bounleuth Phommachanh", "latn")],
            "birth_date": "1979-08-14",
            "sex": "M",
            "nationality": "LA",
            "documents": ["DEMO-LA-ID-4821"],
            "notes": "Illustrative: owner of the warehouse in Xeno.",
        },
        {
            "kind": "person",
            "names": [("ຄຳຫຼ້າ ສີວົງໄຊ", "laoo")],
            "birth_date": "1983",
            "sex": "M",
            "nationality": "LA",
            "documents": ["DEMO-LA-ID-7730"],
            "notes": "Illustrative: held under the Lao-script name only.",
        },
        {"kind": "organisation", "label": "Demo Transport Co. (invented)"},
    ],
}


def _case(own: str) -> Case:
    existing = Case.objects.filter(uid=demo_uid("case")).first()
    if existing is not None:
        return existing
    return services.check_open_case(
        uid=demo_uid("case"),
        reference=CASE_REF,
        title="Methamphetamine shipments across the Lao Bao - Dansavanh crossing (illustrative)",
        offence="drug_trafficking",
        parties=list(Party.objects.filter(code__in=["VN", "LA"])),
        units=list(Unit.objects.filter(code__in=["VN-PS-QTR", "VN-MPS-DCD", "LA-PS-SVK", "LA-MPS-DCD"])),
        opened_on=dt.date(2025, 10, 20),
        summary="An invented case for the demonstration: no real person, vehicle or number.",
        language="en",
        acting_user=None,
        is_demo=True,
        send=False,
    )


def _entities(case: Case, own: str) -> None:
    if case.entities.exists():
        return
    for row in ENTITIES[own]:
        services.check_add_entity(
            case,
            kind=row["kind"],
            label=row.get("label", ""),
            names=row.get("names", []),
            birth_date=row.get("birth_date", ""),
            sex=row.get("sex", ""),
            nationality=row.get("nationality", ""),
            documents=row.get("documents", []),
            notes=row.get("notes", ""),
            acting_user=None,
            is_demo=True,
        )


QUERY_NAMES = ["Bounleut Phommachan"]  # a romanisation LA's node does not hold: the index finds the Lao name
QUERY_BIRTH = "1979"


def _hit(case: Case, own: str) -> None:
    uid = demo_uid("hit-query")
    if own == "VN" and not HitQuery.objects.filter(uid=uid).exists():
        officer = Officer.objects.filter(username="vn.duty").first()
        if officer is None:
            return
        services.check_ask_hit(
            to_party=Party.objects.get(code="LA"),
            offence="drug_trafficking",
            case=case,
            acting_user=officer,
            asked_at=ASKED_AT,
            is_demo=True,
            send=False,
            uid=uid,  # the demo's fixed uid, the one the LA node's copy holds
            names=QUERY_NAMES,
            birth_date=QUERY_BIRTH,
        )
        services.receive_hit_answer(
            {"query": str(uid), "result": "hit", "reference": HIT_REFERENCE}, from_party="LA"
        )
    if own == "LA" and not ReceivedHitQuery.objects.filter(query_uid=uid).exists():
        services.receive_hit_query(
            {
                "query": str(uid),
                "asked_by": "Lê Quang Vinh",
                "asked_unit": "VN-PS-QTR",
                "purpose": {
                    "offence": "drug_trafficking",
                    "case_uid": str(case.uid),
                    "case_reference": CASE_REF,
                },
                "names": QUERY_NAMES,
                "birth_date": QUERY_BIRTH,
                "documents": [],
            },
            from_party="VN",
            reference=HIT_REFERENCE,
            send=False,
        )


def _request(case: Case, own: str) -> None:
    uid = demo_uid("request")
    if AssistanceRequest.objects.filter(uid=uid).exists():
        return
    asked_at = ASKED_AT + dt.timedelta(hours=1)
    payload = {
        "uid": str(uid),
        "case_uid": str(case.uid),
        "case_reference": CASE_REF,
        "from_unit": "VN-PS-QTR",
        "to_unit": "LA-PS-SVK",
        "urgency": "urgent",
        "subject": "Identity and address of the person behind hit H-DEMO-7C41E09A2B (illustrative)",
        "body": "Our driver named the warehouse owner in Xeno. Please send his identity and address.",
        "language": "en",
        "hit_reference": HIT_REFERENCE,
        "asked_by_name": "Lê Quang Vinh",
        "asked_at": asked_at.isoformat(),
        "deadline": services.deadline_for("VN", "LA", "urgent", asked_at).isoformat(),
    }
    if own == "VN":
        # Recorded as the peer's node would: the VN side of a request it sent (no envelope now).
        _as_sent(payload, case)
    else:
        services.receive_request(payload, from_party="VN")


def _as_sent(payload: dict, case: Case) -> None:
    officer = Officer.objects.filter(username="vn.duty").first()
    if officer is None:
        return
    services.check_send_request(
        case=case,
        to_unit=Unit.objects.get(code=payload["to_unit"]),
        urgency=payload["urgency"],
        subject=payload["subject"],
        body=payload["body"],
        language="en",
        hit_reference=payload["hit_reference"],
        acting_user=officer,
        uid=uuid.UUID(payload["uid"]),
        asked_at=dt.datetime.fromisoformat(payload["asked_at"]),
        is_demo=True,
        send=False,
    )


def load_demo(own: str) -> None:
    if own not in ("VN", "LA"):
        return
    with transaction.atomic():
        parties = {p.code: p for p in Party.objects.filter(code__in=["VN", "LA"])}
        if len(parties) < 2:
            return
        services.do_save_arrangement(
            parties["VN"],
            parties["LA"],
            immediate_hours=8,
            urgent_hours=72,
            routine_hours=168,
            legal_basis="Illustrative: the two ministries' cooperation agreement",
            acting_user=None,
        )
        case = _case(own)
        _entities(case, own)
        _hit(case, own)
        _request(case, own)
