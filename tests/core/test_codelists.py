"""The offence list is closed: ordinary-law crime only, and nothing at run time can extend it."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from liaison.core import codelists, services
from liaison.core.models import Unit

FORBIDDEN_WORDS = ("politic", "relig", "military", "opinion", "dissident", "reactionar", "hostile", "belief")


def test_offence_list_is_the_designed_one():
    assert codelists.codes("offence") == [
        "drug_trafficking",
        "trafficking_in_persons",
        "smuggling_of_migrants",
        "smuggling_of_goods",
        "firearms_trafficking",
        "terrorism",
        "cybercrime",
        "money_laundering",
        "fraud",
        "illegal_border_crossing",
        "document_fraud",
        "missing_persons",
    ]


def test_no_political_religious_or_military_category_in_any_language():
    for entry in codelists.OFFENCE_CATEGORIES:
        text = " ".join([entry.code, *entry.labels.values()]).lower()
        assert not any(word in text for word in FORBIDDEN_WORDS), entry.code


def test_every_code_has_four_labels():
    for entries in codelists.CODE_LISTS.values():
        for entry in entries:
            assert set(entry.labels) == {"en", "vi", "lo", "fr"}
            assert all(entry.labels.values())


def test_tlp_and_priority_lists():
    assert codelists.codes("tlp") == ["clear", "green", "amber", "amber_strict", "red"]
    assert codelists.codes("priority") == ["routine", "urgent", "immediate"]
    assert codelists.label("tlp", "amber_strict") == "TLP:AMBER+STRICT"


def test_labels_follow_the_language():
    assert codelists.label("offence", "trafficking_in_persons", "vi") == "Mua bán người"
    assert codelists.label("offence", "trafficking_in_persons", "lo") == "ການຄ້າມະນຸດ"
    assert codelists.label("offence", "trafficking_in_persons", "fr") == "Traite des personnes"


def test_database_refuses_a_code_outside_the_list(units):  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(code="VN-QTR").update(offence_focus="political_dissent")


def test_fixture_cannot_add_a_category(units, tmp_path):  # type: ignore[no-untyped-def]
    fixture = tmp_path / "sneaky.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "core.unit",
                    "pk": 9999,
                    "fields": {
                        "code": "VN-X",
                        "party": units["VN-MPS"].party_id,
                        "kind": "specialised_unit",
                        "names": {"en": "Opinion police"},
                        "offence_focus": "religious_activity",
                    },
                }
            ]
        )
    )
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(fixture), verbosity=0)
    assert not Unit.objects.filter(code="VN-X").exists()


def test_service_refuses_unknown_offence_focus(units):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises((ValidationError, IntegrityError)), transaction.atomic():
        services.do_save_unit(
            "VN-Y",
            party=units["VN-MPS"].party,
            kind="specialised_unit",
            names={"en": "x"},
            offence_focus="military_intelligence",
            acting_user=None,
        )
    assert not Unit.objects.filter(code="VN-Y").exists()


def test_admin_offers_no_way_to_add_a_category(admin_client):  # type: ignore[no-untyped-def]
    # No code-list model is registered: there is no page to add to it.
    assert admin_client.get("/admin/core/offencecategory/add/").status_code == 404
    assert admin_client.get("/admin/core/codeentry/add/").status_code == 404
    # The unit form offers exactly the closed list.
    page = admin_client.get("/admin/core/unit/add/").content.decode()
    assert 'value="drug_trafficking"' in page
    assert "political" not in page.lower()


def test_api_code_list_is_read_only(admin_client):  # type: ignore[no-untyped-def]
    response = admin_client.get("/api/core/codelists/offence")
    assert response.status_code == 200
    assert [c["code"] for c in response.json()] == codelists.codes("offence")
    assert response.json()[0]["labels"]["lo"] == "ການຄ້າຢາເສບຕິດ"
    created = admin_client.post(
        "/api/core/codelists/offence", {"code": "political"}, content_type="application/json"
    )
    assert created.status_code == 405
    assert codelists.codes("offence")[-1] == "missing_persons"
    assert admin_client.get("/api/core/codelists/religion").status_code == 404
