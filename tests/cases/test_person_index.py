"""The node's person index (cases/person_index.py): the persons it holds in any script are found by
the spellings officers ask with, namesakes and relatives are not taken for them, and on PostgreSQL
the pg_trgm store gives the same answers as the in-process one (this file runs on both legs)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HELD = [
    (["ຄຳຫຼ້າ ສີວົງໄຊ"], "1983"),
    (["ບຸນເລີດ ພົມມະຈັນ", "Bounleuth Phommachanh"], "1979-08-14"),
    (["Hoàng Văn Thắng"], "1986-04"),
    (["Nguyễn Văn An"], ""),
    (["Kongthong Phongvichit"], ""),
    (["ສຸກສະຫວັນ ອິນທະວົງ"], ""),
]

QUERIES = [
    (["Khamla Sivongxay"], "", "ຄຳຫຼ້າ ສີວົງໄຊ"),
    (["Kham La Sivongsay"], "1983", "ຄຳຫຼ້າ ສີວົງໄຊ"),
    (["Bounleut Phommachan"], "", "ບຸນເລີດ ພົມມະຈັນ"),
    (["Hoang Van Thang"], "", "Hoàng Văn Thắng"),
    (["Thắng Hoàng Văn"], "", "Hoàng Văn Thắng"),  # word order free
    (["Kong Thoong Phongvichit"], "", "Kongthong Phongvichit"),
    (["Souksavanh Inthavong"], "", "ສຸກສະຫວັນ ອິນທະວົງ"),
    (["Nguyen Van Anh"], "", None),  # a namesake, not the person held
    (["Hoàng Văn Thành"], "", None),
    (["Khamla Sivongxay"], "1960", None),  # the name, but another generation
    (["Tran Thi Mai"], "", None),
]


@pytest.fixture
def held(case):  # type: ignore[no-untyped-def]
    from liaison.cases import services

    return {
        names[0]: services.check_add_entity(
            case, kind="person", names=[(n, "") for n in names], birth_date=birth, acting_user=None
        )
        for names, birth in HELD
    }


@pytest.mark.parametrize(("names", "birth", "expected"), QUERIES)
def test_the_index_finds_the_person_held_and_only_them(held, names, birth, expected) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import person_index

    found = person_index.best_match(person_index.query_person(names, birth))
    if expected is None:
        assert found is None, (names, found)
    else:
        assert found is not None and found.entity_id == held[expected].pk, (names, found)


def test_postgres_and_the_in_process_store_give_the_same_answers(held) -> None:  # type: ignore[no-untyped-def]
    from liaison.cases import person_index

    if not person_index.uses_postgres():
        pytest.skip("the PostgreSQL leg compares the two stores")
    for names, birth, _expected in QUERIES:
        query = person_index.query_person(names, birth)
        in_memory = person_index.matches(query, store="memory")
        on_postgres = person_index.matches(query, store="postgres")
        assert [(m.entity_id, round(m.score, 6)) for m in on_postgres] == [
            (m.entity_id, round(m.score, 6)) for m in in_memory
        ], names


def test_postgres_holds_a_trigram_index_on_the_match_keys(db) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from liaison.cases import person_index

    if not person_index.uses_postgres():
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'cases_entity_match_key_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition
