"""Acceptance of issue 12 (hit/no-hit) across two real nodes (DemoRunner: HTTPS, peered, workers).

A VN officer of Quang Tri asks the LA node, through the JSON API, whether it holds "Khamla
Sivongxay" (born 1983): LA holds that person only under the Lao-script name ຄຳຫຼ້າ ສີວົງໄຊ. VN gets
"hit" and an opaque reference, and nothing of LA's record (checked against the record as LA's own
officer reads it). An assistance request quoting the reference is answered on the LA node with the
record's details, which then show on the VN node. Both nodes audit the query with its purpose.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from liaison.demo.cases import CASE_REF, demo_uid
from liaison.demo.core_data import DEMO_PASSWORD

from .conftest import login, pinned_client

pytestmark = pytest.mark.e2e

ASKED_NAME = "Khamla Sivongxay"
HELD_NAME = "ຄຳຫຼ້າ ສີວົງໄຊ"
ASKER_VIEW = {
    "uid", "to_party", "names", "birth_date", "documents", "offence", "case", "asked_at",
    "result", "reference", "answered_at",
}  # fmt: skip


def _session(node: Any, username: str) -> httpx.Client:
    client = pinned_client(node)
    assert login(client, username, DEMO_PASSWORD).status_code == 302
    return client


def _post(client: httpx.Client, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
    token = next(v for k, v in client.cookies.items() if k.startswith("liaison_csrftoken"))
    return client.post(
        path,
        content=json.dumps(body or {}),
        headers={"X-CSRFToken": token, "Content-Type": "application/json", "Referer": f"{client.base_url}/"},
    )


def _until(
    fetch: Callable[[], httpx.Response], ready: Callable[[httpx.Response], bool], timeout: float = 90
) -> Any:
    """Poll until `ready`: envelopes travel through the workers, not instantly."""
    deadline = time.monotonic() + timeout
    while True:
        response = fetch()
        if ready(response):
            return response.json()
        if time.monotonic() > deadline:
            raise AssertionError(
                f"not ready after {timeout:.0f}s: {response.status_code} {response.text[:500]}"
            )
        time.sleep(1.0)


def _audit(node: Any, event_type: str) -> list[dict[str, Any]]:
    code = (
        "import json; from liaison.core.models import AuditEvent; "
        f"print(json.dumps([e.extra_data for e in AuditEvent.objects.filter(event_type={event_type!r})]))"
    )
    out = node.liaison("shell", "-c", code, capture=True).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_vn_asks_la_about_a_person_held_under_a_lao_script_name(two_nodes) -> None:  # type: ignore[no-untyped-def]
    vn_node, la_node = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    case_uid = str(demo_uid("case"))
    vn = _session(vn_node, "vn.duty")
    la = _session(la_node, "la.duty")

    # LA's own officer reads the record LA holds (the asker must never see any of this).
    la_case = la.get(f"/api/cases/cases/{case_uid}").json()
    (record,) = [e for e in la_case["entities"] if HELD_NAME in [n["name"] for n in e["names"]]]
    assert [n["name"] for n in record["names"]] == [HELD_NAME]  # held under the Lao-script name only

    # 1. VN asks, with a romanised spelling LA does not hold, for the demo case's purpose.
    asked = _post(
        vn,
        "/api/cases/hit-queries",
        {
            "to_party": "LA",
            "names": [ASKED_NAME],
            "birth_date": "1983",
            "offence": "drug_trafficking",
            "case": case_uid,
        },
    )
    assert asked.status_code == 201, asked.text
    uid = asked.json()["uid"]
    answer = _until(
        lambda: vn.get(f"/api/cases/hit-queries/{uid}"), lambda r: r.json()["result"] != "pending"
    )

    # 2. VN sees "hit" and a reference, and nothing else.
    assert answer["result"] == "hit"
    reference = answer["reference"]
    assert re.fullmatch(r"H-[0-9A-F]{20}", reference), reference
    assert set(answer) == ASKER_VIEW
    assert answer["names"] == [ASKED_NAME] and answer["birth_date"] == "1983" and answer["documents"] == []
    text = json.dumps(answer, ensure_ascii=False)
    for value in (
        HELD_NAME,
        record["uid"],
        record["label"],
        *record["documents"],
        record["birth_date"][5:] or "@",
    ):
        assert value not in text, f"the answer leaks {value!r}"
    page = vn.get(f"/cases/hit/{uid}/").text
    assert reference in page and HELD_NAME not in page and record["documents"][0] not in page
    # Nor does the joint case on VN show LA's persons: entities stay on the node that holds them.
    vn_case = json.dumps(vn.get(f"/api/cases/cases/{case_uid}").json(), ensure_ascii=False)
    assert HELD_NAME not in vn_case and record["uid"] not in vn_case

    # 3. Both nodes audited the query with its purpose.
    (vn_event,) = [e for e in _audit(vn_node, "hit.asked") if e["names"] == [ASKED_NAME]]
    assert vn_event["purpose"] == {
        "offence": "drug_trafficking",
        "case_uid": case_uid,
        "case_reference": CASE_REF,
    }
    (la_event,) = [e for e in _audit(la_node, "hit.answered") if e["names"] == [ASKED_NAME]]
    assert (
        la_event["purpose"]["offence"] == "drug_trafficking"
        and la_event["purpose"]["case_reference"] == CASE_REF
    )
    assert la_event["result"] == "hit" and la_event["reference"] == reference

    # 4. VN asks for the details, quoting the reference; LA answers with the record.
    sent = _post(
        vn,
        "/api/cases/requests",
        {
            "case": case_uid,
            "to_unit": "LA-PS-SVK",
            "urgency": "urgent",
            "subject": "Identity behind the hit",
            "hit_reference": reference,
        },
    )
    assert sent.status_code == 201, sent.text
    request_uid = sent.json()["uid"]
    incoming = _until(lambda: la.get(f"/api/cases/requests/{request_uid}"), lambda r: r.status_code == 200)
    assert incoming["hit_reference"] == reference and incoming["status"] == "asked"
    assert _post(la, f"/api/cases/requests/{request_uid}/accept").status_code == 200
    answered = _post(
        la, f"/api/cases/requests/{request_uid}/answer", {"answer": "Details below.", "include_record": True}
    )
    assert answered.status_code == 200, answered.text
    done = _until(
        lambda: vn.get(f"/api/cases/requests/{request_uid}"), lambda r: r.json()["status"] == "answered"
    )
    assert HELD_NAME in done["answer"] and record["documents"][0] in done["answer"]
    assert "1983" in done["answer"]
