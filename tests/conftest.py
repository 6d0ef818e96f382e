"""Shared fixtures. Test data is made through the same service functions the product uses."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

# Every test process gets its own node data directory (keys, media) before settings load.
os.environ.setdefault("LIAISON_DATA_DIR", tempfile.mkdtemp(prefix="liaison-test-"))

import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis' per-example deadline is a timing assertion: on a loaded 2-core machine it failed
# tests that were right (DeadlineExceeded at 266 ms). Speed is measured in bench/, not in tests.
hypothesis_settings.register_profile("liaison", deadline=None)
hypothesis_settings.load_profile("liaison")

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):  # type: ignore[no-untyped-def]
    # Argon2 is deliberately slow; unit tests only need a hasher that works.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default():  # type: ignore[no-untyped-def]
    # A request made in another language leaves that language active in the thread; each test
    # starts in English, the language its assertions are written in.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def parties(db):  # type: ignore[no-untyped-def]
    from liaison.core import services

    vn = services.do_save_party(
        "VN",
        names={"en": "Vietnam", "vi": "Việt Nam", "lo": "ຫວຽດນາມ", "fr": "Viêt Nam"},
        language="vi",
        acting_user=None,
    )
    la = services.do_save_party(
        "LA", names={"en": "Laos", "vi": "Lào", "lo": "ລາວ", "fr": "Laos"}, language="lo", acting_user=None
    )
    return {"VN": vn, "LA": la}


@pytest.fixture
def units(parties):  # type: ignore[no-untyped-def]
    """A small tree per party: ministry > cooperation department; ministry > two border provinces."""
    from liaison.core import services

    def unit(code: str, party: str, kind: str, name: str, parent=None):  # type: ignore[no-untyped-def]
        return services.do_save_unit(
            code, party=parties[party], kind=kind, names={"en": name}, parent=parent, acting_user=None
        )

    vn_mps = unit("VN-MPS", "VN", "ministry", "Ministry of Public Security (VN)")
    la_mps = unit("LA-MPS", "LA", "ministry", "Ministry of Public Security (LA)")
    return {
        "VN-MPS": vn_mps,
        "LA-MPS": la_mps,
        "VN-ICD": unit("VN-ICD", "VN", "department", "International Cooperation Department (VN)", vn_mps),
        "LA-ICD": unit("LA-ICD", "LA", "department", "International Cooperation Department (LA)", la_mps),
        "VN-QTR": unit("VN-QTR", "VN", "provincial_police", "Quang Tri Public Security", vn_mps),
        "VN-KTM": unit("VN-KTM", "VN", "provincial_police", "Kon Tum Public Security", vn_mps),
        "LA-SVK": unit("LA-SVK", "LA", "provincial_police", "Savannakhet Public Security", la_mps),
    }


@pytest.fixture
def make_officer(units) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    from liaison.core import services

    def make(
        username: str,
        unit: str = "VN-ICD",
        roles: tuple[str, ...] = ("officer",),
        password: str = "correct-horse-battery",
        language: str = "en",
    ):  # type: ignore[no-untyped-def]
        return services.do_create_officer(
            username,
            password=password,
            unit=units[unit],
            roles=list(roles),
            full_name=username.title(),
            language=language,
            acting_user=None,
        )

    return make


@pytest.fixture
def node_identity(db, parties, settings, tmp_path):  # type: ignore[no-untyped-def]
    """This test node's identity (party VN), with fresh keys under a temporary data dir."""
    from liaison.core import services

    settings.DATA_DIR = tmp_path
    return services.do_init_node(
        "VN", public_url="https://127.0.0.1:8443", hostnames=["127.0.0.1"], acting_user=None
    )


@pytest.fixture(autouse=True)
def _roles_after_flush(request):  # type: ignore[no-untyped-def]
    """A transactional test flushes the tables at its end, the roles of the data migration with them;
    the next transactional test gets them back, as a migrated node has them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from liaison.core.models import Role, RoleCode

    for code in RoleCode.values:
        Role.objects.get_or_create(code=code)
