"""The permission test matrix every endpoint gets (STYLE.md, rules 6 and 7).

NetBox's `ViewTestCases` idea for pytest: an endpoint is a few lines of data (an `Endpoint`), and
`cases()` turns a list of them into one parametrised test per (endpoint, caller), where the caller is
the anonymous visitor or one of the named officers of a `World`. `check()` then asserts what that
caller must get:

- anonymous: a redirect to /login/ for a page, 401 for /api/;
- an officer who cannot see the endpoint's target record (need-to-know): 404, so existence is hidden;
- an officer who sees it but whose roles do not allow the action: `Endpoint.denied` (403 by default;
  some pages answer a refusal with a message on the page or a redirect);
- neither anonymous, hidden nor refused requests record an audit event (so nothing was done);
- an officer who may: `Endpoint.ok`, and on a list every `Endpoint.rows` record shows exactly when
  the officer may see it (so another unit's or party's records are absent).

`budget_cases()` gives the list endpoints that carry a query budget; `check_budget()` measures one
with `django_assert_max_num_queries` on the demo data (counts include the session and user lookups),
and `check_scaling()` adds rows and asserts the count does not grow: an N+1 fails there even when the
budget, set a little above today's count, still holds.

Visibility is declared once per record (`Target.seen_by`), not per endpoint: a detail page, its API
twin and every list that shows the record then agree by construction.

`shared_data()` loads the world once per test module inside a transaction that is rolled back at
the end; each test runs in a savepoint inside it (pytest-django's usual per-test rollback), so a
write made by one case is gone before the next.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Target:
    """A record of the world that endpoints point at, and the officers who may see it."""

    key: str
    value: str  # what goes into a URL: a uid or a code
    seen_by: frozenset[str]
    marker: str = ""  # what shows the record in a list page or response; defaults to `value`

    @property
    def mark(self) -> str:
        return self.marker or self.value


@dataclass
class World:
    """Named officers (name -> Officer) and named records, built once per test module."""

    officers: dict[str, Any]
    targets: dict[str, Target]
    values: dict[str, str] = field(default_factory=dict)  # other placeholders of URLs and bodies
    sessions: dict[str, str] = field(default_factory=dict)  # officer name -> a logged-in session key

    def log_in_everyone(self) -> None:
        """One session per officer, made with the world (and rolled back with it): tests then only
        send the cookie instead of logging in again, which would write a session each time."""
        for name, officer in self.officers.items():
            client = Client()
            client.force_login(officer)
            self.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def client(self, actor: str) -> Client:
        client = Client(HTTP_HOST="127.0.0.1", secure=True)
        if actor in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[actor]
        elif actor != ANONYMOUS:
            client.force_login(self.officers[actor])
        return client

    def format(self, text: str) -> str:
        names = {key: t.value for key, t in self.targets.items()} | self.values
        return text.format(**names)

    def sees(self, actor: str, target: str) -> bool:
        return actor in self.targets[target].seen_by


@dataclass(frozen=True)
class Endpoint:
    """One URL and method, and who may use it.

    `path` and string values of `data` hold `{placeholders}` filled from the world (target keys and
    `World.values`). `may` names the officers whose roles allow the action (None: every officer).
    `target` is the record the URL points at: officers who cannot see it get 404 whatever their
    roles, as `get_visible_or_404` does. `rows` are the records a list shows, each present exactly
    when the caller sees it. `budget` caps the queries of one request by `budget_as`.
    """

    id: str
    path: str
    method: str = "GET"
    data: Mapping[str, Any] | None = None
    json: bool = False  # send `data` as a JSON body (API writes); else form-encoded
    may: frozenset[str] | None = None
    target: str | None = None
    ok: int = 200
    denied: int = 403
    shows: str | None = None  # text (with placeholders) the answer to an allowed caller holds
    rows: tuple[str, ...] = ()
    rows_absent_only: bool = False  # the page shows a selection: only check that unseen rows are absent
    callers: tuple[str, ...] | None = None  # a subset of the officers, for slow endpoints (PDFs)
    audited: bool = False  # an allowed write records an audit event
    budget: int | None = None
    budget_as: str = "liaison"
    bugs: Mapping[str, str] = field(default_factory=dict)  # caller -> a known bug: a strict xfail
    n_plus_one: str = ""  # a known query per row: the scaling check is a strict xfail

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def cases(endpoints: Iterable[Endpoint], actors: Iterable[str]) -> list[Any]:
    """One pytest param per (endpoint, caller), anonymous first; known bugs become strict xfails."""
    params = []
    everyone = tuple(actors)
    for endpoint in endpoints:
        for actor in (ANONYMOUS, *(endpoint.callers or everyone)):
            reason = endpoint.bugs.get(actor)
            marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {reason}")] if reason else []
            params.append(pytest.param(endpoint, actor, id=f"{endpoint.id}[{actor}]", marks=marks))
    return params


def budget_cases(endpoints: Iterable[Endpoint], *, scaling: bool = False) -> list[Any]:
    """The list endpoints (those with a budget); for the scaling check, known N+1s are strict xfails."""
    params = []
    for e in endpoints:
        if e.budget is None:
            continue
        marks = (
            [pytest.mark.xfail(strict=True, reason=f"BUG: N+1: {e.n_plus_one}")]
            if scaling and e.n_plus_one
            else []
        )
        params.append(pytest.param(e, id=f"{e.id}[{e.budget_as}]<={e.budget}", marks=marks))
    return params


def request(client: Client, endpoint: Endpoint, world: World) -> Any:
    path = world.format(endpoint.path)
    method = getattr(client, endpoint.method.lower())
    if endpoint.data is None:
        return method(path)
    data = {k: world.format(v) if isinstance(v, str) else v for k, v in endpoint.data.items()}
    if endpoint.json:
        return method(path, data=json.dumps(data), content_type="application/json")
    return method(path, data)


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return str(response.content.decode(errors="replace"))


HIDDEN, DENIED, ALLOWED = "hidden", "denied", "allowed"


def expectation(endpoint: Endpoint, actor: str, world: World) -> tuple[str, int]:
    """What `actor` must get from `endpoint`: (anonymous | hidden | denied | allowed, status)."""
    if actor == ANONYMOUS:
        return ANONYMOUS, 401 if endpoint.is_api else 302
    if endpoint.target is not None and not world.sees(actor, endpoint.target):
        return HIDDEN, 404
    if endpoint.may is not None and actor not in endpoint.may:
        return DENIED, endpoint.denied
    return ALLOWED, endpoint.ok


def check(endpoint: Endpoint, actor: str, world: World) -> None:
    """Call the endpoint as `actor` and assert the matrix's answer for that caller."""
    from liaison.core.models import AuditEvent

    client = world.client(actor)
    last_event = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    response = request(client, endpoint, world)
    outcome, want = expectation(endpoint, actor, world)
    text = body(response)
    assert response.status_code == want, (
        f"{endpoint.method} {world.format(endpoint.path)} as {actor} ({outcome}): "
        f"{response.status_code}, expected {want}\n{text[:300]}"
    )
    new_events = list(AuditEvent.objects.filter(pk__gt=last_event).values_list("event_type", flat=True))
    if outcome == ANONYMOUS:
        if not endpoint.is_api:
            assert response["Location"].startswith("/login/"), response["Location"]
        assert not new_events, f"an anonymous {endpoint.method} recorded {new_events}"
        return
    if outcome != ALLOWED:
        assert not new_events, f"a {outcome} {endpoint.method} as {actor} still recorded {new_events}"
        return
    if endpoint.audited:
        assert new_events, f"{endpoint.method} {endpoint.id} as {actor} recorded no audit event"
    if endpoint.shows is not None:
        assert world.format(endpoint.shows) in text
    for key in endpoint.rows:
        target = world.targets[key]
        if world.sees(actor, key):
            assert endpoint.rows_absent_only or target.mark in text, (
                f"{actor} should see {key} on {endpoint.id}"
            )
        else:
            assert target.mark not in text, f"{actor} must not see {key} on {endpoint.id} (need-to-know)"


def check_budget(endpoint: Endpoint, world: World, assert_max_num_queries: Callable[..., Any]) -> None:
    """The list as `budget_as` (login done before counting) within `budget` queries."""
    client = world.client(endpoint.budget_as)
    with assert_max_num_queries(endpoint.budget):
        response = request(client, endpoint, world)
    assert response.status_code == endpoint.ok


def count_queries(endpoint: Endpoint, world: World, actor: str) -> int:
    """How many queries one request by `actor` takes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(actor)
    with CaptureQueriesContext(connection) as captured:
        response = request(client, endpoint, world)
    assert response.status_code == endpoint.ok
    return len(captured.captured_queries)


def check_scaling(endpoint: Endpoint, world: World, add_rows: Callable[[], object]) -> None:
    """The list costs as many queries after `add_rows()` as before: no query per row (N+1)."""
    before = count_queries(endpoint, world, endpoint.budget_as)
    add_rows()
    after = count_queries(endpoint, world, endpoint.budget_as)
    assert after <= before, (
        f"{world.format(endpoint.path)} as {endpoint.budget_as}: {before} queries, {after} with more rows"
    )


@contextmanager
def shared_data(django_db_blocker: Any, data_dir: Path) -> Iterator[None]:
    """Hold the database open for a module's worth of tests, all rolled back at the end.

    Settings that the builders need for the whole module are set here: a node data directory of
    its own (keys, signatory keys) and a fast password hasher."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            DATA_DIR=data_dir, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
        transaction.atomic(),
    ):
        try:
            yield
        finally:
            transaction.set_rollback(True)
