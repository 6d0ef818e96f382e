"""The app contract: an app plugs in through its AppConfig alone, and the catalogue documents it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_a_throwaway_app_is_live_through_the_contract_alone(tmp_path: Path) -> None:
    """tests/contract_app is added to INSTALLED_APPS (its settings.py does only that): its page, API,
    dashboard panel, navigation entry, envelope type and WebSocket route are live, with no edit in
    config/ or web/; the socket refuses a page of another site (Origin check)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.contract_app.settings",
        "LIAISON_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }
    env.pop("LIAISON_DATABASE_URL", None)  # a fresh SQLite file of its own
    done = subprocess.run(
        [sys.executable, "-m", "tests.contract_app.check_live"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["page"] == [200, "contract demo page"]
    assert seen["api"] == [200, {"hello": "contract"}]
    assert seen["panel"] and seen["nav"]
    assert seen["applied"] == ["delivered"] and seen["documented"]
    assert seen["socket_same_origin"] is True
    assert seen["socket_foreign_origin"] is False


def test_docs_envelopes_md_is_generated_from_the_catalogues() -> None:
    from liaison.federation.catalogue import render_markdown

    current = (REPO / "docs" / "envelopes.md").read_text(encoding="utf-8")
    assert current == render_markdown(), (
        "docs/envelopes.md is stale: run `liaison envelopes --write docs/envelopes.md`"
    )


def test_every_installed_app_type_is_listed_in_the_docs() -> None:
    from liaison.federation.catalogue import catalogue

    text = (REPO / "docs" / "envelopes.md").read_text(encoding="utf-8")
    for versions in catalogue().values():
        for entry in versions.values():
            assert f"## `{entry.wire_type}`" in text


@pytest.mark.parametrize(
    ("wire_type", "payload", "reason"),
    [
        ("no_such.app_type.v1", {}, "unknown_type"),
        ("federation.ping", {"n": 1}, "unknown_type"),  # no version segment
        ("federation.ping.v7", {"n": 1}, "unknown_version"),
        ("federation.ping.v1", {"n": "one"}, "invalid_payload"),
        ("federation.ping.v1", {"n": 1, "extra": True}, "invalid_payload"),
    ],
)
def test_the_catalogue_refuses_with_a_reason_the_sender_can_read(wire_type, payload, reason) -> None:  # type: ignore[no-untyped-def]
    from liaison.federation import catalogue

    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.validate(catalogue.lookup(wire_type), payload)
    assert refused.value.code == reason
    if reason == "unknown_version":
        assert "v1" in refused.value.detail and "v7" in refused.value.detail
    if reason == "invalid_payload":
        assert refused.value.detail.startswith("federation.ping.v1 payload: ")
