"""The asked node's own limit on hit/no-hit queries: whatever the asking node enforces, this node
matches at most LIAISON_HIT_ANSWERS_PER_PEER_PER_HOUR queries of one peer in any hour, so a peer
cannot enumerate the persons it holds. Beyond it the answer is "refused" (cases.hit.answer.v2),
before any matching. Queries arrive as real signed envelopes through this node's inbox."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from liaison.cases import services
from liaison.cases.envelopes import HIT_ANSWER_V2, HIT_QUERY
from liaison.cases.models import ReceivedHitQuery
from liaison.core.models import AuditEvent

from .conftest import sent

pytestmark = pytest.mark.django_db


def _query(names: list[str]) -> dict[str, Any]:
    return {
        "query": str(uuid.uuid4()),
        "asked_by": "ບຸນມີ ແສງທອງ",
        "asked_unit": "LA-SVK",
        "purpose": {"offence": "drug_trafficking", "case_uid": None, "case_reference": ""},
        "names": names,
    }


def _deliver(client, remote, envelope_type, payload: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    response = remote.post(client, remote.batch([remote.envelope(payload, type=envelope_type.wire_type)]))
    assert response.status_code == 200, response.content[:300]
    assert [r["outcome"] for r in response.json()["receipt"]["results"]] == ["applied"]


def test_a_peer_beyond_the_hourly_limit_gets_refusals_that_tell_nothing(
    client, remote, case, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_HIT_ANSWERS_PER_PEER_PER_HOUR = 2
    services.check_add_entity(case, kind="person", names=[("ຄຳຫຼ້າ ສີວົງໄຊ", "")], acting_user=None)
    for _ in range(3):
        _deliver(client, remote, HIT_QUERY, _query(["Khamla Sivongxay"]))

    assert [a["result"] for a in sent("cases.hit.answer.v1")] == ["hit", "hit"]
    (refusal,) = sent("cases.hit.answer.v2")
    assert refusal["result"] == "refused" and refusal["reference"] == ""
    third = ReceivedHitQuery.objects.get(query_uid=refusal["query"])
    assert third.entity_id is None and third.score is None, "refused before any matching"
    audited = [
        e.extra_data["result"] for e in AuditEvent.objects.filter(event_type="hit.answered").order_by("id")
    ]
    assert audited == ["hit", "hit", "refused"]


def test_refusals_do_not_count_against_the_limit(client, remote, case, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_HIT_ANSWERS_PER_PEER_PER_HOUR = 1
    for _ in range(3):
        _deliver(client, remote, HIT_QUERY, _query(["Nobody Known"]))
    assert len(sent("cases.hit.answer.v1")) == 1 and len(sent("cases.hit.answer.v2")) == 2
    settings.CASES_HIT_ANSWERS_PER_PEER_PER_HOUR = 2  # the administrator raises it: answered again
    _deliver(client, remote, HIT_QUERY, _query(["Nobody Known"]))
    assert len(sent("cases.hit.answer.v1")) == 2


def test_the_asker_sees_a_refusal_and_why(client, remote, case, qtr) -> None:  # type: ignore[no-untyped-def]
    officer = Client(HTTP_HOST="127.0.0.1", secure=True)
    officer.force_login(qtr)
    body = {"to_party": "LA", "names": ["Khamla Sivongxay"], "offence": "drug_trafficking"}
    uid = officer.post(
        "/api/cases/hit-queries", data=json.dumps(body), content_type="application/json"
    ).json()["uid"]
    _deliver(client, remote, HIT_ANSWER_V2, {"query": uid, "result": "refused"})

    assert officer.get(f"/api/cases/hit-queries/{uid}").json()["result"] == "refused"
    page = officer.get(f"/cases/hit/{uid}/").content.decode()
    assert 'id="hit-refused"' in page and "Ask again later" in page
    assert "Ask for the details" not in page
