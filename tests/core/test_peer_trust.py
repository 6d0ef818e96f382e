"""The TLS layer of `liaison serve` trusts exactly the pinned peers: real handshakes on loopback
through asyncio's TLS (the code path uvicorn uses), while the peers file changes under it."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import pytest

from liaison.core import identity
from liaison.core.identity import KeyFiles
from liaison.core.server import PeerTrust, trusted_peers_file


def pin(*peers: KeyFiles) -> None:
    """What the federation app does on peering: rewrite the whole file (atomically)."""
    path = trusted_peers_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(p.tls_cert.read_text() for p in peers))
    tmp.replace(path)


async def _exchange(port: int, server: KeyFiles, client: KeyFiles | None) -> bool:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.load_verify_locations(cafile=str(server.tls_cert))
    if client is not None:
        context.load_cert_chain(str(client.tls_cert), str(client.tls_key))
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context)
        # TLS 1.3: a refused client certificate shows after the handshake, as an alert on read
        answer = await asyncio.wait_for(reader.read(2), timeout=5)
        writer.close()
        return answer == b"ok"
    except (ssl.SSLError, ConnectionError):
        return False


def accepted(trust: PeerTrust, server: KeyFiles, client: KeyFiles | None) -> bool:
    async def run() -> bool:
        async def answer(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"ok")
            await writer.drain()
            writer.close()

        listener = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=trust.context)
        port = listener.sockets[0].getsockname()[1]
        try:
            return await _exchange(port, server, client)
        finally:
            listener.close()

    return asyncio.run(run())


@pytest.fixture
def keys(tmp_path: Path, settings) -> dict[str, KeyFiles]:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    return {party: identity.generate(tmp_path / party, party, ["127.0.0.1"]) for party in ("VN", "LA", "KH")}


def test_only_pinned_certificates_pass_the_handshake(keys) -> None:  # type: ignore[no-untyped-def]
    trust = PeerTrust(str(keys["VN"].tls_cert), str(keys["VN"].tls_key))
    pin(keys["LA"])
    trust.refresh()
    assert accepted(trust, keys["VN"], keys["LA"])
    assert not accepted(trust, keys["VN"], keys["KH"])
    assert accepted(trust, keys["VN"], None)  # browsers present no certificate; the views decide


def test_a_removed_peer_is_refused_without_a_restart(keys) -> None:  # type: ignore[no-untyped-def]
    trust = PeerTrust(str(keys["VN"].tls_cert), str(keys["VN"].tls_key))
    pin(keys["LA"])
    trust.refresh()
    assert accepted(trust, keys["VN"], keys["LA"])

    pin(keys["KH"])  # LA removed, KH added
    trust.refresh()
    assert not accepted(trust, keys["VN"], keys["LA"])
    assert accepted(trust, keys["VN"], keys["KH"])

    pin()  # every peer removed
    trust.refresh()
    assert not accepted(trust, keys["VN"], keys["KH"])
    assert not accepted(trust, keys["VN"], keys["LA"])


def test_before_any_peering_no_client_certificate_passes(keys) -> None:  # type: ignore[no-untyped-def]
    trust = PeerTrust(str(keys["VN"].tls_cert), str(keys["VN"].tls_key))
    trust.refresh()  # no peers file yet
    assert not accepted(trust, keys["VN"], keys["LA"])
    assert accepted(trust, keys["VN"], None)
