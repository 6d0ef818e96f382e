"""Federation between `make run`'s two real nodes (DemoRunner: real processes, real mutual TLS on
free loopback ports): peering done by the runner, refusals at the TLS layer, a ping end to end."""

from __future__ import annotations

import sqlite3
import ssl
import time
from pathlib import Path

import httpx
import pytest

from liaison.core import identity
from liaison.demo.runner import DemoRunner, NodeProcess

pytestmark = pytest.mark.e2e


def server_pinned_context(node: NodeProcess) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.load_verify_locations(cafile=str(node.data_dir / "keys" / "tls_cert.pem"))
    return context


def inbox_count(node: NodeProcess, envelope_type: str = "federation.ping.v1") -> int:
    with sqlite3.connect(node.data_dir / "liaison.sqlite3", timeout=20) as db:
        return int(
            db.execute(
                "select count(*) from federation_inboxenvelope where type = ?", (envelope_type,)
            ).fetchone()[0]
        )


def test_runner_peered_both_nodes(two_nodes: DemoRunner) -> None:
    for here, there in (("VN", "LA"), ("LA", "VN")):
        out = two_nodes.nodes[here].liaison("peer", "list", capture=True).stdout
        assert out.startswith(there), out
        assert two_nodes.nodes[there].url in out


def test_peer_add_again_is_quiet_and_idempotent(two_nodes: DemoRunner) -> None:
    vn, la = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    result = vn.liaison(
        "peer", "add", "--url", la.url, "--fingerprint", two_nodes.fingerprint(la), capture=True
    )
    assert result.returncode == 0 and "unchanged" in result.stdout


def test_peer_add_with_a_wrong_fingerprint_is_refused(two_nodes: DemoRunner) -> None:
    vn, la = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    wrong = "SHA256:" + "AB" * 32
    result = vn.liaison("peer", "add", "--url", la.url, "--fingerprint", wrong, check=False, capture=True)
    assert result.returncode != 0
    assert "refusing to pin" in result.stderr, result.stderr


def test_inbox_without_client_certificate_is_refused(two_nodes: DemoRunner) -> None:
    la = two_nodes.nodes["LA"]
    with httpx.Client(base_url=la.url, verify=server_pinned_context(la), timeout=10) as client:
        response = client.post(
            "/federation/v1/inbox", content=b"{}", headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 403
    assert response.json()["reason"] == "no_client_certificate"


def test_unpinned_client_certificate_is_refused_by_tls(two_nodes: DemoRunner, tmp_path: Path) -> None:
    la = two_nodes.nodes["LA"]
    files = identity.generate(tmp_path, "KH", ["127.0.0.1"])  # a node LA never pinned
    context = server_pinned_context(la)
    context.load_cert_chain(str(files.tls_cert), str(files.tls_key))
    with (
        httpx.Client(base_url=la.url, verify=context, timeout=10) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.post("/federation/v1/inbox", content=b"{}", headers={"Content-Type": "application/json"})


def test_ping_crosses_both_ways(two_nodes: DemoRunner) -> None:
    vn, la = two_nodes.nodes["VN"], two_nodes.nodes["LA"]
    before = inbox_count(la), inbox_count(vn)
    vn.liaison("peer", "ping", "LA", "--count", "3")
    la.liaison("peer", "ping", "VN", "--count", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (inbox_count(la), inbox_count(vn)) == (before[0] + 3, before[1] + 2):
            break
        time.sleep(0.2)
    assert (inbox_count(la), inbox_count(vn)) == (before[0] + 3, before[1] + 2)
    for here, there in ((vn, "LA"), (la, "VN")):
        out = here.liaison("sync", "verify", "--peer", there, capture=True).stdout
        assert out.startswith("OK"), out
