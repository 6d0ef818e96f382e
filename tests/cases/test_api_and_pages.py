"""The hit/no-hit query through the JSON API and the page form: malformed queries answer 4xx with a
reason, queries beyond the limit a clear 429, and the asker's view holds the answer and nothing else.
Plus the pages a user walks through, the dashboard panel and the administrator's daily figures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(officer: Any) -> Client:
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def _ask_api(client: Client, names: list[str], **extra: Any) -> Any:
    body = {"to_party": "LA", "names": names, "offence": "drug_trafficking", **extra}
    return client.post("/api/cases/hit-queries", data=json.dumps(body), content_type="application/json")


def _ask_page(client: Client, names: str, **extra: Any) -> Any:
    return client.post(
        "/cases/hit/", {"to_party": "LA", "names": names, "offence": "drug_trafficking", **extra}
    )


MALFORMED = [
    pytest.param("", "“Name” is empty.", id="empty"),
    pytest.param("A" * 10_000, "too long: 10000 characters, at most 200", id="10000-chars"),
    pytest.param("Nguyen\x00Van An", "contains control characters", id="nul"),
    pytest.param("Nguyen\x07Van An", "contains control characters", id="bell"),
    pytest.param("Nguyen\u202eVan An", "contains control characters", id="bidi-override"),
]


@pytest.mark.parametrize(("name", "reason"), MALFORMED)
def test_a_malformed_query_through_the_api_is_a_422_with_its_reason(case, qtr, name, reason) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases.models import HitQuery

    response = _ask_api(_client(qtr), [name])
    assert response.status_code == 422, response.content[:300]
    assert reason in response.json()["detail"]
    assert not HitQuery.objects.exists()


@pytest.mark.parametrize(("name", "reason"), MALFORMED)
def test_a_malformed_query_on_the_page_is_a_400_with_its_reason(case, qtr, name, reason) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases.models import HitQuery

    response = _ask_page(_client(qtr), name)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not HitQuery.objects.exists()


def test_a_malformed_date_of_birth_or_document_is_refused_too(case, qtr) -> None:  # type: ignore[no-untyped-def]
    client = _client(qtr)
    response = _ask_api(client, ["Hoang Van Thang"], birth_date="14/08/1979")
    assert response.status_code == 422 and "YYYY" in response.json()["detail"]
    response = _ask_api(client, ["Hoang Van Thang"], documents=["X" * 41])
    assert response.status_code == 422 and "“Document number” is too long" in response.json()["detail"]
    response = _ask_api(client, ["Hoang Van Thang"], offence="not_a_code")
    assert response.status_code == 422 and "purpose" in response.json()["detail"]


def test_queries_beyond_the_limit_are_refused_with_a_429_on_the_api_and_the_page(case, qtr, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_HIT_QUERIES_PER_HOUR = 3
    client = _client(qtr)
    for _ in range(3):
        assert _ask_api(client, ["Hoang Van Thang"]).status_code == 201
    refused = _ask_api(client, ["Hoang Van Thang"])
    assert refused.status_code == 429
    assert "Limit reached: at most 3 hit/no-hit queries per officer per hour" in refused.json()["detail"]
    page = _ask_page(client, "Hoang Van Thang")
    assert page.status_code == 429
    assert "Limit reached: at most 3 hit/no-hit queries per officer per hour" in page.content.decode()
    assert "You may ask 0 more queries this hour." in page.content.decode()


def test_the_askers_view_is_the_result_and_the_reference_only(case, qtr) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import services

    client = _client(qtr)
    created = _ask_api(client, ["Khamla Sivongxay"], birth_date="1983", case=str(case.uid))
    assert created.status_code == 201
    uid = created.json()["uid"]
    assert created.json()["result"] == "pending" and created.json()["reference"] == ""
    services.receive_hit_answer(
        {"query": uid, "result": "hit", "reference": "H-0123456789ABCDEF0123"}, from_party="LA"
    )
    answer = client.get(f"/api/cases/hit-queries/{uid}").json()
    assert set(answer) == {
        "uid",
        "to_party",
        "names",
        "birth_date",
        "documents",
        "offence",
        "case",
        "asked_at",
        "result",
        "reference",
        "answered_at",
    }
    # What the officer asked, and the answer: nothing the peer held is among the values.
    assert answer["names"] == ["Khamla Sivongxay"] and answer["birth_date"] == "1983"
    assert (answer["result"], answer["reference"]) == ("hit", "H-0123456789ABCDEF0123")
    page = client.get(f"/cases/hit/{uid}/").content.decode()
    assert "H-0123456789ABCDEF0123" in page and "Ask for the details" in page


def test_an_officer_sees_only_their_units_queries(case, qtr, ktm) -> None:  # type: ignore[no-untyped-def]
    uid = _ask_api(_client(qtr), ["A B"]).json()["uid"]
    assert _client(ktm).get(f"/api/cases/hit-queries/{uid}").status_code == 404
    assert _client(ktm).get("/api/cases/hit-queries").json() == []


def test_pages_walk_from_case_to_entity_to_request(case, qtr, units) -> None:  # type: ignore[no-untyped-def]
    client = _client(qtr)
    assert client.get("/cases/").status_code == 200
    response = client.post(
        f"/cases/{case.uid}/",
        {"kind": "person", "names": "Hoàng Văn Thắng\nHoang Van Thang", "birth_date": "1986-04", "sex": "M"},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.uid}/").content.decode()
    assert "Hoàng Văn Thắng" in page and "Entity added" in page
    response = client.post(
        "/cases/requests/new/",
        {"case": str(case.uid), "to_unit": "LA-SVK", "urgency": "urgent", "subject": "Address of the driver"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Address of the driver" in detail and "Asked" in detail
    assert "Joint cases" in client.get("/").content.decode()  # the dashboard panel


def test_the_daily_figures_are_for_the_node_administrator(case, qtr, admin) -> None:  # type: ignore[no-untyped-def]
    _ask_api(_client(qtr), ["A B"])
    assert _client(qtr).get("/cases/queries/daily/").status_code == 403
    page = _client(admin).get("/cases/queries/daily/")
    assert page.status_code == 200 and "qtr.duty" in page.content.decode()
    figures = _client(admin).get("/api/cases/query-figures").json()
    assert [(f["officer"], f["direction"], f["queries"]) for f in figures] == [("qtr.duty", "asked", 1)]


def test_the_demo_loads_twice_without_change_and_holds_a_hit(node_identity) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases.models import AssistanceRequest, Case, Entity, HitQuery
    from liaison.demo.cases import HIT_REFERENCE
    from liaison.demo.core import load_demo

    load_demo()
    load_demo()
    case = Case.objects.get()
    assert case.is_demo and case.offence == "drug_trafficking"
    assert Entity.objects.filter(kind="person", is_demo=True).count() == 2  # VN's own persons only
    query = HitQuery.objects.get()
    assert (query.result, query.reference) == ("hit", HIT_REFERENCE)
    assert AssistanceRequest.objects.get().hit_reference == HIT_REFERENCE


def test_a_party_whose_node_is_not_linked_is_neither_offered_nor_asked(case, qtr) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases.models import HitQuery
    from liaison.core import services as core

    core.do_save_party("KH", names={"en": "Cambodia"}, language="km", acting_user=None)
    client = _client(qtr)
    form = client.get("/cases/hit/").content.decode()
    assert '<option value="LA"' in form and '<option value="KH"' not in form

    response = _ask_api(client, ["Sok Dara"], to_party="KH")
    assert response.status_code == 422, response.content[:300]
    assert "not linked with the node of Cambodia" in response.json()["detail"]
    assert not HitQuery.objects.exists(), "no query that could never be answered"
