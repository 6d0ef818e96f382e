"""Officer names: written once as the officer writes them, sorted by the naming convention of the
officer's party (a Vietnamese name by its given name, the last word; a Lao name by its given name, the
first word; others by the last word, then the rest)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from liaison.core.names import fold, name_sort_key


def test_a_vietnamese_name_sorts_by_its_given_name_the_last_word() -> None:
    an, binh = name_sort_key("Nguyễn Văn An", "VN"), name_sort_key("Trần Thị Bình", "VN")
    assert an == "an nguyen van"
    assert an < binh  # "An" < "Bình", although Nguyễn > Trần would not decide it
    # Family names only break ties between equal given names.
    assert name_sort_key("Lê Văn An", "VN") < an < name_sort_key("Phạm An Anh", "VN")


def test_a_lao_name_sorts_by_its_given_name_the_first_word() -> None:
    assert name_sort_key("Kongthong Phongvichit", "LA") == "kongthong phongvichit"
    # The same two words under the Vietnamese convention would sort by "Phongvichit".
    assert name_sort_key("Kongthong Phongvichit", "VN").startswith("phongvichit")
    assert name_sort_key("Kongthong Phongvichit", "LA") < name_sort_key("Vilay Lakhamphong", "LA")


def test_another_party_sorts_by_the_last_word_then_the_rest() -> None:
    assert name_sort_key("Sok Dara Chan", "KH") == "chan sok dara"
    assert name_sort_key("Jean Dupont", None) == "dupont jean"


def test_the_key_folds_case_and_vietnamese_diacritics() -> None:
    assert fold("Ánh") == fold("anh") == "anh"
    assert fold("Đỗ Đức") == "do duc"
    assert name_sort_key("Lê Thị Ánh", "VN")[:4] == name_sort_key("Trần Anh", "VN")[:4] == "anh "
    # Diacritics do not push a name to the end of the alphabet: "Ánh" comes before "Bảo".
    assert name_sort_key("Lê Thị Ánh", "VN") < name_sort_key("Hà Bảo", "VN")


def test_lao_script_keeps_its_vowel_signs_and_files_preposed_vowels_under_their_consonant() -> None:
    # ສົມສັກ: the vowel sign ົ is a combining mark of the Lao block, not a diacritic to drop.
    assert name_sort_key("ສົມສັກ ພົມມະວົງ", "LA") == "ສົມສັກ ພົມມະວົງ"
    # ແກ້ວ (Keo) is filed under ກ, before ຄຳ (Kham) which starts with ຄ.
    assert name_sort_key("ແກ້ວ ມະນີ", "LA") < name_sort_key("ຄຳແພງ ສີສຸວັນ", "LA")


@pytest.mark.django_db
def test_officer_lists_follow_each_partys_convention(units, make_officer) -> None:  # type: ignore[no-untyped-def]
    from liaison.core import services
    from liaison.core.models import Officer

    def create(username: str, unit: str, full_name: str) -> None:
        services.do_create_officer(
            username, password="x-long-password", unit=units[unit], roles=["viewer"],
            full_name=full_name, acting_user=None,
        )  # fmt: skip

    create("vn.binh", "VN-ICD", "Trần Thị  Bình")
    create("vn.an", "VN-ICD", "Nguyễn Văn An")
    create("la.kongthong", "LA-ICD", "Kongthong Phongvichit")
    create("vn.anh", "VN-ICD", "Lê Thị Ánh")
    admin = make_officer("vn.admin", unit="VN-MPS", roles=("admin",))

    an = Officer.objects.get(username="vn.an")
    assert an.full_name == "Nguyễn Văn An" and an.get_full_name() == "Nguyễn Văn An"
    assert Officer.objects.get(username="vn.binh").full_name == "Trần Thị Bình"  # spaces normalised
    expected = ["vn.an", "vn.anh", "vn.binh", "la.kongthong", "vn.admin"]  # An, Ánh, Bình, Kongthong, V…
    assert [o.username for o in Officer.objects.all()] == expected

    # The administrator's list of officers, by name, in the same order.
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(admin)
    page = client.get("/admin/core/officer/").content.decode()
    shown = [u for u in re.findall(r"(vn\.\w+|la\.\w+)", page) if u in expected]
    assert list(dict.fromkeys(shown)) == expected


@pytest.mark.django_db
def test_admin_edit_of_name_or_unit_refreshes_the_sort_key(units, make_officer) -> None:  # type: ignore[no-untyped-def]
    from liaison.core.models import Officer

    admin = make_officer("vn.admin", unit="VN-MPS", roles=("admin",))
    officer = make_officer("someone", unit="VN-ICD")
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/core/officer/{officer.pk}/change/",
        {
            "username": "someone",
            "full_name": "Kongthong Phongvichit",
            "unit": units["LA-ICD"].pk,
            "language": "lo",
            "is_active": "on",
            "failed_logins": 0,
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Officer.objects.get(pk=officer.pk).name_sort_key == "kongthong phongvichit"


@pytest.mark.django_db(transaction=True)
def test_migration_backfills_full_name_and_sort_key_and_can_run_again() -> None:
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, backfilled = [("core", "0002_seed_roles")], [("core", "0003_officer_full_name_and_sort_key")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        Party, Unit, Officer = (old.get_model("core", name) for name in ("Party", "Unit", "Officer"))
        vn = Party.objects.create(code="VN", names={"en": "Vietnam"}, language="vi")
        la = Party.objects.create(code="LA", names={"en": "Laos"}, language="lo")
        vn_unit = Unit.objects.create(code="VN-X", party=vn, kind="department", names={})
        la_unit = Unit.objects.create(code="LA-X", party=la, kind="department", names={})
        # What do_create_officer used to write: the first word, then the rest.
        for username, unit, first, last in (
            ("vn.binh", vn_unit, "Trần", "Thị Bình"),
            ("vn.an", vn_unit, "Nguyễn", "Văn An"),
            ("la.k", la_unit, "Kongthong", "Phongvichit"),
            ("nobody", None, "", ""),
        ):
            Officer.objects.create(username=username, unit=unit, first_name=first, last_name=last)

        executor = MigrationExecutor(connection)
        executor.migrate(backfilled)
        new = executor.loader.project_state(backfilled).apps
        Officer = new.get_model("core", "Officer")
        rows = {o.username: (o.full_name, o.name_sort_key) for o in Officer.objects.all()}
        assert rows == {
            "vn.an": ("Nguyễn Văn An", "an nguyen van"),
            "vn.binh": ("Trần Thị Bình", "binh tran thi"),
            "la.k": ("Kongthong Phongvichit", "kongthong phongvichit"),
            "nobody": ("", ""),
        }
        # Run again (e.g. after the conventions change): same result, a name written since is kept.
        Officer.objects.filter(username="vn.an").update(full_name="Nguyễn Văn Ân")
        migration = importlib.import_module("liaison.core.migrations.0003_officer_full_name_and_sort_key")
        with connection.schema_editor() as editor:
            migration.backfill_names(new, editor)
            migration.backfill_names(new, editor)
        assert Officer.objects.get(username="vn.an").full_name == "Nguyễn Văn Ân"
        assert Officer.objects.get(username="vn.binh").name_sort_key == "binh tran thi"
    finally:
        MigrationExecutor(connection).migrate(leaves)
