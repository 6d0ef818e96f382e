"""The node's person index (cases/person_index.py): the persons it holds in any script are found by
the spellings officers ask with, namesakes and relatives are not taken for them, and the index in
the database gives the answers of the library's in-process index over the same persons (this file
runs on both database legs)."""

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


def test_the_database_index_answers_as_the_in_process_index(held) -> None:  # type: ignore[no-untyped-def]
    from liaison import matching
    from liaison.cases import person_index

    memory = matching.Index()
    for entity in sorted(held.values(), key=lambda e: e.pk):
        memory.add(str(entity.pk), person_index.person_of(entity))
    for names, birth, _expected in QUERIES:
        query = person_index.query_person(names, birth)
        expected = [(int(ref), score) for ref, score in memory.search(query, limit=5, min_score=0.5)]
        assert [(m.entity_id, m.score) for m in person_index.matches(query)] == expected, names


def test_a_person_whose_adding_is_rolled_back_is_not_found(case) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from liaison.cases import person_index, services

    with pytest.raises(RuntimeError), transaction.atomic():
        services.check_add_entity(case, kind="person", names=[("Vilay Lakhamphong", "")], acting_user=None)
        assert person_index.best_match(person_index.query_person(["Vilay Lakhamphong"])) is not None
        raise RuntimeError("the officer's request failed after the person was added")
    assert person_index.best_match(person_index.query_person(["Vilay Lakhamphong"])) is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_files_the_persons_held_before_it() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from liaison.cases import person_index

    before = [("cases", "0003_field_labels_party_asked_opening_party")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    entity = old.get_model("cases", "Entity").objects.create(
        kind="person", label="ກົງທອງ ພົງວິຈິດ", birth_date="1971"
    )
    old.get_model("cases", "EntityName").objects.create(entity=entity, name="ກົງທອງ ພົງວິຈິດ", script="laoo")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    found = person_index.best_match(person_index.query_person(["Kong Thoong Phongvichit"], "1971"))
    assert found is not None and found.entity_id == entity.pk
