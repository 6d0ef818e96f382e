"""Shared fixtures. Test data is made through the same service functions the product uses."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Every test process gets its own node data directory (keys, media) before settings load.
os.environ.setdefault("LIAISON_DATA_DIR", tempfile.mkdtemp(prefix="liaison-test-"))

import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis' per-example deadline is a timing assertion: on a loaded 2-core machine it failed
# tests that were right (DeadlineExceeded at 266 ms). Speed is measured in bench/, not in tests.
hypothesis_settings.register_profile("liaison", deadline=None)
hypothesis_settings.load_profile("liaison")

ARTIFACTS = Path(__file__).parent / "artifacts"

# `make mutation` (scripts/mutation.sh) runs these tests in ~3,000 pytest sessions, one per mutant.
# It names a SQLite file here: the first session migrates the test database as usual and saves a
# copy there, every later session loads that copy instead of running the migrations again (seconds
# per session). Unset, as in `make test`, nothing changes.
TEST_DB_TEMPLATE = os.environ.get("LIAISON_TEST_DB_TEMPLATE", "")

# Under mutmut a mutant may loop forever; a test that runs this long fails (the mutant is caught)
# instead of holding its worker until mutmut's own limit for the whole test list. The slowest test
# takes ~10 s on a loaded 2-core machine.
MUTANT_TEST_SECONDS = 60


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


if TEST_DB_TEMPLATE:

    @pytest.fixture(scope="session")
    def django_db_setup(django_test_environment: None, django_db_blocker: Any) -> Iterator[None]:
        """pytest-django's test database, copied from TEST_DB_TEMPLATE (made by the first session)."""
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        template = Path(TEST_DB_TEMPLATE)
        if connection.vendor != "sqlite":
            raise pytest.UsageError(
                "LIAISON_TEST_DB_TEMPLATE works with SQLite only: "
                f"unset it or LIAISON_DATABASE_URL ({connection.vendor})"
            )
        with django_db_blocker.unblock():
            if template.exists():
                old_config = _load_test_db(template)
            else:
                old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
                _save_test_db(template)
        yield
        with django_db_blocker.unblock():
            teardown_databases(old_config, verbosity=0)


def _load_test_db(template: Path) -> list[tuple[Any, str, bool]]:
    """Point the connection at the in-memory test database, as Django's create_test_db does, and
    fill it from the template instead of migrating."""
    from django.conf import settings
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return [(connection, old_name, True)]


def _save_test_db(template: Path) -> None:
    from django.db import connection

    template.parent.mkdir(parents=True, exist_ok=True)
    partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, template)  # another session sees the whole file or none


def _mutmut_durations() -> dict[str, float] | None:
    """How long each test took in mutmut's first (clean) run, when mutmut is running this session."""
    mutmut_state = sys.modules.get("mutmut.state")
    return mutmut_state.state().duration_by_test if mutmut_state is not None else None


def pytest_sessionstart(session: pytest.Session) -> None:
    if "mutmut" in sys.modules:
        # mutmut's fork server collects the tests once and forks a process per mutant, whose first
        # request would import the URLconf, every app's views and API (~2-4 s here). Imported once
        # here instead. Safe because importing them calls nothing of the trust core but
        # role_required, which is not mutated (its body runs at import; see core/access.py).
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (imports the views)


@pytest.hookimpl(tryfirst=True)  # before pytest-django's ordering, which keeps this one in its groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # mutmut runs a mutant's tests with -x: the quickest first, so a caught mutant costs little.
    # (mutmut's fork runner sorts them so; its fork server, which this project uses, does not.)
    durations = _mutmut_durations()
    if durations:
        items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


@contextlib.contextmanager
def _mutant_time_limit(item: pytest.Item) -> Iterator[None]:
    if "mutmut" not in sys.modules:
        yield
        return

    def hangs(signum: int, frame: object) -> None:
        raise TimeoutError(f"{item.nodeid} ran for over {MUTANT_TEST_SECONDS} s (the mutant hangs)")

    previous = signal.signal(signal.SIGALRM, hangs)
    signal.setitimer(signal.ITIMER_REAL, MUTANT_TEST_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# a fixture can loop as well as a test (most fixtures sign or audit something)
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _mutant_time_limit(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _mutant_time_limit(item):
        return (yield)
