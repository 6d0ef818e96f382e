"""The envelope catalogue between two running nodes: what LA cannot read is refused with its reason
and shows as a dead letter on VN's peer page."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator

import pytest

from liaison.demo.runner import DemoRunner, free_port

from .conftest import login, pinned_client

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRunner]:
    """Two nodes of their own: the dead letters this test leaves would make the shared nodes'
    `sync verify` report them as missing on LA (which is right, and not what other tests check)."""
    runner = DemoRunner(
        base_dir=tmp_path_factory.mktemp("catalogue"), ports={"VN": free_port(), "LA": free_port()}
    )
    try:
        runner.start()
        yield runner
    finally:
        runner.stop()


# Queued on VN exactly as a node one version ahead (or with a bug) would queue them: straight into
# the outbox, bypassing the sending side's own schema check.
QUEUE = """
from django.db import transaction
from liaison.federation import outbox
with transaction.atomic():
    for wire_type, payload in [
        ("federation.telepathy.v1", {"n": 1}),
        ("federation.ping.v9", {"n": 2}),
        ("federation.ping.v1", {"n": "three"}),
    ]:
        print(outbox.enqueue(wire_type, payload, to_party="LA"))
"""


def _dead_letters(db_file: object, ids: list[str]) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(str(db_file), timeout=20) as db:
        rows = db.execute(
            "select id, status, refusal_reason from federation_outboxenvelope where id in (?, ?, ?)", ids
        ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def test_unreadable_envelopes_are_refused_with_their_reason_and_kept_as_dead_letters(
    nodes: DemoRunner,
) -> None:
    vn = nodes.nodes["VN"]
    out = vn.liaison("shell", "--no-imports", "-c", QUEUE, capture=True).stdout
    ids = re.findall(r"^[0-9a-f-]{36}$", out, flags=re.M)
    assert len(ids) == 3
    want = {ids[0]: "unknown_type", ids[1]: "unknown_version", ids[2]: "invalid_payload"}
    deadline = time.monotonic() + 60
    seen: dict[str, tuple[str, str]] = {}
    while time.monotonic() < deadline:
        seen = _dead_letters(vn.data_dir / "liaison.sqlite3", ids)
        if all(seen.get(i, ("", ""))[0] == "dead" for i in ids):
            break
        time.sleep(0.3)
    assert {i: seen[i] for i in ids} == {i: ("dead", reason) for i, reason in want.items()}
    with pinned_client(vn) as client:
        assert login(client, "vn.admin", "Liaison-demo-2024").status_code == 302
        page = client.get("/federation/peers/LA/").text
    for reason in want.values():
        assert reason in page
    assert "this node reads federation.ping in version v1, not v9" in page
    assert "federation.ping.v1 payload: n:" in page
