"""`make run`'s two nodes, started the same way, each answering over HTTPS with its own identity."""

from __future__ import annotations

import pytest

from liaison.demo.core_data import DEMO_OFFICERS, DEMO_PASSWORD

from .conftest import login, pinned_client

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("party", ["VN", "LA"])
def test_each_node_logs_in_every_demo_role_over_https(two_nodes, party):  # type: ignore[no-untyped-def]
    node = two_nodes.nodes[party]
    officers = [o for o in DEMO_OFFICERS if o["party"] == party]
    assert {role for o in officers for role in o["roles"]} >= {
        "viewer",
        "officer",
        "duty_officer",
        "liaison",
        "admin",
    }
    for officer in officers:
        with pinned_client(node) as client:
            response = login(client, officer["username"], DEMO_PASSWORD)
            assert response.status_code == 302, (officer["username"], response.text[:500])
            dashboard = client.get("/")
            assert dashboard.status_code == 200
            assert f">{party}</span>" in dashboard.text  # the node's party badge


def test_nodes_have_distinct_identities(two_nodes):  # type: ignore[no-untyped-def]
    shown = {
        party: node.liaison("node", "show", capture=True).stdout for party, node in two_nodes.nodes.items()
    }
    assert "party:        VN" in shown["VN"] and "party:        LA" in shown["LA"]
    fingerprints = {two_nodes.fingerprint(node) for node in two_nodes.nodes.values()}
    assert len(fingerprints) == 2


def test_a_wrong_password_is_refused_on_the_live_node(two_nodes):  # type: ignore[no-untyped-def]
    with pinned_client(two_nodes.nodes["LA"]) as client:
        response = login(client, "la.viewer", "not-the-password")
        assert response.status_code == 401


def test_restart_keeps_the_data(two_nodes):  # type: ignore[no-untyped-def]
    # prepare() on an initialised node migrates and keeps keys and officers (what a second `make run` does).
    before = two_nodes.fingerprint(two_nodes.nodes["VN"])
    two_nodes.prepare()
    assert two_nodes.fingerprint(two_nodes.nodes["VN"]) == before
