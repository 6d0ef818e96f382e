"""Per-day signed manifests and `liaison sync verify` on one node, without a browser: this VN node's
data is real (outbox, inbox through the real inbox view); the LA side answers the two manifest
requests like an LA node would, with manifests signed by LA's pinned key."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from liaison.core import identity
from liaison.federation import client as federation_client
from liaison.federation import envelope, manifests, outbox, sync
from liaison.federation import services as federation_services
from liaison.federation.client import PeerIdentity
from liaison.federation.models import Direction, InboxEnvelope, Manifest, OutboxEnvelope, OutboxStatus, Peer
from liaison.federation.node import local_node
from liaison.federation.views.protocol import TEST_CLIENT_CERT_KEY
from tests.federation.conftest import make_remote

pytestmark = pytest.mark.django_db


def _day(ids: list[str]) -> dict[dt.date, list[str]]:
    by_day: dict[dt.date, list[str]] = {}
    for envelope_id in ids:
        row = OutboxEnvelope.objects.filter(id=envelope_id).first()
        created = row.created_at if row else InboxEnvelope.objects.get(envelope_id=envelope_id).created
        by_day.setdefault(created.astimezone(dt.UTC).date(), []).append(envelope_id)
    return by_day


class LaSide:
    """What the LA node answers to `sync verify`: its signed manifests about VN and their ids.

    `received`/`sent`: the ids LA holds per day; `signed`: what its manifests were signed with when
    the envelopes went through (by default the same ids); `key`/`node`: who signs, and as whom."""

    def __init__(self, remote: Any) -> None:
        self.key = remote.signing_key
        self.node = "LA"
        self.peer = "VN"
        self.received: dict[dt.date, list[str]] = {}
        self.sent: dict[dt.date, list[str]] = {}
        self.signed: dict[tuple[dt.date, str], list[str]] = {}
        self.requests: list[str] = []
        self.status = 200
        self.down = False
        self.listed = True  # False: the answer has no "manifests" list
        self.live = True  # False: documents carry only the signed figures
        self.client_certificates: list[str] = []  # SHA-256 of each TLS client certificate seen

    def _ids(self, direction: str) -> dict[dt.date, list[str]]:
        return self.received if direction == Direction.RECEIVED else self.sent

    def document(self, day: dt.date, direction: str) -> dict[str, Any]:
        live = self._ids(direction).get(day, [])
        signed = self.signed.get((day, direction), live)
        count, running, _last = manifests.hash_ids(signed)
        manifest = Manifest(party=self.peer, day=day, direction=direction, count=count, running_hash=running)
        fields = manifests.signed_fields(self.node, manifest)
        sig = base64.b64encode(self.key.sign(envelope.canonical(fields))).decode()
        live_count, live_hash, _ = manifests.hash_ids(live)
        if not self.live:
            return {**fields, "sig": sig}
        return {**fields, "sig": sig, "live": {"count": live_count, "hash": live_hash}}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        self.requests.append(str(request.url))
        if self.status != 200:
            return httpx.Response(self.status, json={"reason": "unknown_peer", "detail": "who are you"})
        path = request.url.path.removeprefix(federation_client.MANIFESTS_PATH)
        if not path:
            since = request.url.params.get("since")
            docs = [
                self.document(day, direction)
                for direction in (Direction.RECEIVED, Direction.SENT)
                for day in sorted(self._ids(direction))
                if not since or day >= dt.date.fromisoformat(since)
            ]
            return httpx.Response(200, json={"node": self.node, "manifests": docs} if self.listed else {})
        day, direction = path.strip("/").split("/")
        ids = sorted(self._ids(direction).get(dt.date.fromisoformat(day), []))
        return httpx.Response(200, json={"day": day, "direction": direction, "ids": ids})


@pytest.fixture
def la_side(remote, monkeypatch) -> LaSide:  # type: ignore[no-untyped-def]
    side = LaSide(remote)
    real = federation_client.peer_client

    def peer_client(url: str, peer_cert_pem: str, node: Any, **kwargs: Any) -> httpx.Client:
        return real(url, peer_cert_pem, node, transport=httpx.MockTransport(side))

    monkeypatch.setattr(federation_client, "peer_client", peer_client)
    return side


@pytest.fixture
def traffic(client, remote) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """3 pings queued here for LA, and 2 received from LA through the real inbox."""
    with transaction.atomic():
        sent = outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(3)), to_party="LA")
    received = [remote.envelope({"n": i}) for i in range(2)]
    assert remote.post(client, remote.batch(received)).status_code == 200
    return {"sent": sent, "received": [e["id"] for e in received]}


def _agree(la_side: LaSide, traffic: dict[str, list[str]]) -> None:
    la_side.received = _day(traffic["sent"])
    la_side.sent = _day(traffic["received"])


def _run(*args: str) -> str:
    import io

    out = io.StringIO()
    call_command("sync", "verify", "--peer", "LA", *args, stdout=out)
    return out.getvalue()


def test_both_sides_agree(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    report = sync.verify(la_side_peer(), local_node())
    assert report.ok and report.totals() == (3, 2) and (report.node, report.peer) == ("VN", "LA")
    assert {d.direction for d in report.days} == {"sent", "received"}
    assert all(d.ours == d.theirs == d.ours_signed == d.theirs_signed for d in report.days)
    assert (
        _run() == "OK: VN and LA agree on 2 manifest(s): 3 envelope(s) sent, 2 received, "
        "each side's manifests signed.\n"
    )
    assert len(la_side.requests) == 2 and all("?since" not in r for r in la_side.requests)


def la_side_peer():  # type: ignore[no-untyped-def]
    from liaison.federation.models import Peer

    return Peer.objects.get(party__code="LA")


def test_an_envelope_the_peer_never_got_is_named(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    lost = traffic["sent"][1]
    la_side.received = _day([i for i in traffic["sent"] if i != lost])
    OutboxEnvelope.objects.filter(id=lost).update(status=OutboxStatus.DEAD, refusal_reason="unknown_type")
    report = sync.verify(la_side_peer(), local_node())
    assert not report.ok
    bad = [d for d in report.days if not d.ok]
    assert len(bad) == 1 and bad[0].direction == "sent"
    assert bad[0].missing_on_peer == [lost] and bad[0].missing_here == []
    assert bad[0].ours[0] == 3 and bad[0].theirs[0] == 2
    with pytest.raises(SystemExit) as stop:
        _run()
    assert stop.value.code == 1


def test_the_mismatch_report_names_ids_and_reasons(la_side, traffic, capsys) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    lost = traffic["sent"][1]
    la_side.received = _day([i for i in traffic["sent"] if i != lost])
    OutboxEnvelope.objects.filter(id=lost).update(status=OutboxStatus.DEAD, refusal_reason="unknown_type")
    with pytest.raises(SystemExit):
        call_command("sync", "verify", "--peer", "LA")
    out = capsys.readouterr().out
    day = next(iter(la_side.received))
    assert f"MISMATCH {day} sent by VN: 3 here, 2 on LA" in out
    assert f"  missing on LA: {lost} (dead letter: unknown_type)" in out
    assert "received" not in out.split("MISMATCH")[0]  # the agreeing day is not reported


def test_data_lost_here_after_signing_shows_against_our_own_manifest(la_side, traffic, capsys) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    gone = traffic["received"][0]
    InboxEnvelope.objects.filter(envelope_id=gone).delete()
    report = sync.verify(la_side_peer(), local_node())
    day = next(d for d in report.days if not d.ok)
    assert day.direction == "received" and day.ours[0] == 1 and day.ours_signed[0] == 2
    assert day.missing_here == [gone] and day.missing_on_peer == []
    with pytest.raises(SystemExit):
        call_command("sync", "verify", "--peer", "LA")
    out = capsys.readouterr().out
    assert "sent by LA: 1 here, 2 on LA" in out
    assert "VN's data no longer matches the manifest it signed (2 signed, 1 now)" in out
    assert f"  missing here (VN): {gone}" in out


def test_data_lost_on_the_peer_after_signing_shows_against_its_manifest(la_side, traffic, capsys) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    ((day, ids),) = la_side.received.items()
    la_side.signed[(day, Direction.RECEIVED)] = list(ids)
    la_side.received = {day: ids[:1]}
    report = sync.verify(la_side_peer(), local_node())
    bad = next(d for d in report.days if not d.ok)
    assert bad.theirs[0] == 1 and bad.theirs_signed[0] == 3 and bad.ours == bad.ours_signed
    assert bad.missing_on_peer == sorted(ids[1:])
    with pytest.raises(SystemExit):
        call_command("sync", "verify", "--peer", "LA")
    assert "LA's data no longer matches the manifest it signed (3 signed, 1 now)" in capsys.readouterr().out


def test_a_day_only_the_peer_has_is_compared_too(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    extra_day = dt.date(2024, 1, 2)
    la_side.sent[extra_day] = [envelope.new_id()]
    report = sync.verify(la_side_peer(), local_node())
    day = next(d for d in report.days if d.day == extra_day)
    assert not day.ok and day.ours == (0, manifests.GENESIS) and day.ours_signed == (0, manifests.GENESIS)
    assert day.missing_here == la_side.sent[extra_day]


def test_since_limits_both_sides(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    la_side.sent[dt.date(2024, 1, 2)] = [envelope.new_id()]  # before `since`: not compared
    Manifest.objects.create(
        party="LA",
        day=dt.date(2024, 1, 3),
        direction="sent",
        count=9,
        running_hash="1" * 64,
        updated_at=dt.datetime.now(dt.UTC),
    )
    today = next(iter(la_side.received))
    report = sync.verify(la_side_peer(), local_node(), since=today)
    assert report.ok and {d.day for d in report.days} == {today}
    assert la_side.requests[0].endswith(f"?since={today.isoformat()}")
    assert _run("--since", today.isoformat()).startswith("OK: VN and LA agree on 2 manifest(s)")


def test_a_manifest_not_signed_by_the_pinned_key_stops_the_check(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    la_side.key = Ed25519PrivateKey.generate()
    with pytest.raises(sync.SyncError, match="not signed by its pinned key"):
        sync.verify(la_side_peer(), local_node())
    with pytest.raises(CommandError, match="a manifest from LA is not signed by its pinned key"):
        _run()


@pytest.mark.parametrize(("node", "peer"), [("KH", "VN"), ("LA", "KH")])
def test_a_manifest_between_other_parties_stops_the_check(la_side, traffic, node, peer) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    la_side.node, la_side.peer = node, peer
    with pytest.raises(sync.SyncError, match="LA sent a manifest between other parties"):
        sync.verify(la_side_peer(), local_node())


def test_an_unreachable_or_refusing_peer_is_an_error_not_a_mismatch(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    la_side.down = True
    with pytest.raises(CommandError, match="cannot reach the peer"):
        _run()
    la_side.down = False
    la_side.status = 403
    with pytest.raises(CommandError, match="the peer answered HTTP 403 unknown_peer"):
        _run()


@pytest.mark.parametrize(
    ("status", "content", "error"),
    [
        (502, b"", "the peer answered HTTP 502$"),
        (502, b"<html>Bad Gateway</html>", "the peer answered HTTP 502$"),  # a proxy's page
        (500, b"[]", "the peer answered HTTP 500$"),
        (403, b'{"detail": "who are you"}', "the peer answered HTTP 403$"),
        (
            200,
            b"<html>maintenance</html>",
            "the peer's answer to /federation/v1/manifests is not a JSON object",
        ),
        (200, b'["a list"]', "the peer's answer to /federation/v1/manifests is not a JSON object"),
        (200, b"", "the peer's answer to /federation/v1/manifests is not a JSON object"),
    ],
)
def test_an_answer_that_is_not_the_peers_json_is_named(remote, monkeypatch, status, content, error) -> None:  # type: ignore[no-untyped-def]
    """What a proxy or a broken node may answer: the error says the HTTP status and never shows a
    stray reason or a traceback."""
    real = federation_client.peer_client

    def peer_client(url: str, peer_cert_pem: str, node: Any, **kwargs: Any) -> httpx.Client:
        answer = httpx.MockTransport(lambda request: httpx.Response(status, content=content))
        return real(url, peer_cert_pem, node, transport=answer)

    monkeypatch.setattr(federation_client, "peer_client", peer_client)
    with pytest.raises(sync.SyncError, match=error):
        sync.verify(la_side_peer(), local_node())


def test_a_day_only_this_node_has_names_every_id_missing_on_the_peer(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    la_side.sent = _day(traffic["received"])  # LA has lost (or never had) what VN sent it
    report = sync.verify(la_side_peer(), local_node())
    (bad,) = [d for d in report.days if not d.ok]
    assert bad.direction == "sent" and bad.theirs == bad.theirs_signed == (0, manifests.GENESIS)
    assert bad.missing_on_peer == sorted(traffic["sent"]) and bad.missing_here == []


def test_an_answer_without_a_manifest_list_is_a_peer_with_no_manifests(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_side, traffic)
    la_side.listed = False
    report = sync.verify(la_side_peer(), local_node())
    assert {d.direction for d in report.days if not d.ok} == {"sent", "received"}
    assert all(d.theirs == d.theirs_signed == (0, manifests.GENESIS) for d in report.days)


def test_manifests_without_live_figures_are_compared_as_signed(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    """A node that does not recompute its figures sends only what it signed: agreeing days agree."""
    _agree(la_side, traffic)
    la_side.live = False
    report = sync.verify(la_side_peer(), local_node())
    assert report.ok and report.totals() == (3, 2)
    assert all(d.theirs == d.theirs_signed == d.ours for d in report.days)
    la_side.signed[(next(iter(la_side.received)), Direction.RECEIVED)] = traffic["sent"][:2]
    (bad,) = [d for d in sync.verify(la_side_peer(), local_node()).days if not d.ok]
    assert bad.direction == "sent" and bad.theirs == bad.theirs_signed and bad.theirs[0] == 2


def test_a_peer_holding_other_ids_than_it_signed_shows_though_the_count_agrees(la_side, traffic) -> None:  # type: ignore[no-untyped-def]
    """LA restored a backup in which one envelope VN sent is replaced by another: the same number of
    ids, another hash."""
    _agree(la_side, traffic)
    ((day, ids),) = la_side.received.items()
    stranger = envelope.new_id()
    la_side.signed[(day, Direction.RECEIVED)] = list(ids)
    la_side.received = {day: [*ids[:2], stranger]}
    report = sync.verify(la_side_peer(), local_node())
    (bad,) = [d for d in report.days if not d.ok]
    assert bad.theirs[0] == bad.theirs_signed[0] == bad.ours[0] == 3 and bad.theirs[1] != bad.theirs_signed[1]
    assert bad.missing_on_peer == [ids[2]] and bad.missing_here == [stranger]


class _LaOverTls(BaseHTTPRequestHandler):
    side: LaSide

    def do_GET(self) -> None:
        certificate = self.connection.getpeercert(binary_form=True)  # type: ignore[attr-defined]
        self.side.client_certificates.append(hashlib.sha256(certificate).hexdigest())
        answer = self.side(httpx.Request("GET", f"https://127.0.0.1{self.path}"))
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def la_over_tls(remote, tmp_path, node_identity) -> Iterator[LaSide]:  # type: ignore[no-untyped-def]
    """LA's answers served over real TLS on loopback with LA's certificate, to a client presenting
    the certificate LA pinned for VN (a fake of LA's node: the handshake and the pins are real)."""
    la_files = identity.key_files(tmp_path / "remote" / "la")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(la_files.tls_cert, la_files.tls_key)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cadata=local_node().certificate_pem)
    side = LaSide(remote)
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_LaOverTls,), {"side": side}))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Peer.objects.filter(pk=remote.peer.pk).update(url=f"https://127.0.0.1:{server.server_address[1]}")
    try:
        yield side
    finally:
        server.shutdown()
        server.server_close()


def test_sync_runs_over_tls_with_this_nodes_client_certificate(la_over_tls, traffic) -> None:  # type: ignore[no-untyped-def]
    _agree(la_over_tls, traffic)
    lost = traffic["sent"][0]
    la_over_tls.received = _day(traffic["sent"][1:])
    report = sync.verify(la_side_peer(), local_node())
    (bad,) = [d for d in report.days if not d.ok]
    assert bad.missing_on_peer == [lost] and report.totals() == (3, 2)
    # both requests (the list, then the day's ids) came with the certificate LA pinned for VN
    vn = hashlib.sha256(ssl.PEM_cert_to_DER_cert(local_node().certificate_pem)).hexdigest()
    assert len(la_over_tls.requests) == 2 and la_over_tls.client_certificates == [vn, vn]


def test_sync_needs_an_active_peer(remote) -> None:  # type: ignore[no-untyped-def]
    from liaison.federation import services

    with pytest.raises(CommandError, match="no active peer 'KH'"):
        call_command("sync", "verify", "--peer", "KH")
    services.do_remove_peer(remote.peer, acting_user=None)
    with pytest.raises(CommandError, match="no active peer 'LA'"):
        call_command("sync", "verify", "--peer", "LA")


# --- manifests -------------------------------------------------------------------------------------


def test_manifests_chain_ids_in_sorted_order() -> None:
    ids = [envelope.new_id() for _ in range(3)]
    count, running, last = manifests.hash_ids(reversed(ids))
    expected = manifests.GENESIS
    for envelope_id in ids:
        expected = manifests.chain(expected, envelope_id)
    assert (count, running, last) == (3, expected, ids[-1])
    assert manifests.hash_ids([]) == (0, manifests.GENESIS, "")
    assert manifests.chain("a", "b") != manifests.chain("b", "a")


def test_a_late_id_that_sorts_first_recomputes_the_day(client, remote) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC)
    early = envelope.build(
        "federation.ping.v1", {"n": 0}, from_party="LA", to_party="VN", key=remote.signing_key, created=now
    ).as_dict()
    late = remote.envelope({"n": 1}, created=now)
    # the second batch carries an id that sorts before the one already counted
    first, second = sorted([early, late], key=lambda e: e["id"], reverse=True)
    for env in (first, second):
        assert remote.post(client, remote.batch([env])).status_code == 200
    manifest = Manifest.objects.get(party="LA", direction="received")
    assert (manifest.count, manifest.running_hash, manifest.last_id) == manifests.hash_ids(
        [early["id"], late["id"]]
    )
    assert manifests.verify_document(
        manifests.as_document("VN", manifest), local_node().signing_public_key_b64
    )


def test_ids_of_several_days_go_to_each_days_manifest(client, remote) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC).replace(hour=12)
    days = [now - dt.timedelta(days=2), now - dt.timedelta(days=1), now - dt.timedelta(days=1)]
    envs = [remote.envelope({"n": i}, created=when) for i, when in enumerate(days)]
    assert remote.post(client, remote.batch(envs)).status_code == 200
    rows = {m.day: m for m in Manifest.objects.filter(party="LA", direction="received")}
    assert {day: m.count for day, m in rows.items()} == {days[0].date(): 1, days[1].date(): 2}
    for day, manifest in rows.items():
        assert (manifest.count, manifest.running_hash) == manifests.live("LA", day, "received")[:2]
        assert manifests.day_bounds(day) == (
            dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC),
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
        )


def test_a_manifests_day_is_the_utc_day_whatever_the_nodes_time_zone(client, remote, settings) -> None:  # type: ignore[no-untyped-def]
    """Both nodes must file an envelope under the same day to compare their manifests: the UTC day
    of its `created`, not the day in the node's own time zone (Hanoi and Vientiane are UTC+7)."""
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    late = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).replace(hour=20, minute=30)
    assert remote.post(client, remote.batch([remote.envelope({"n": 1}, created=late)])).status_code == 200
    rows = list(Manifest.objects.filter(party="LA", direction="received").values_list("day", "count"))
    assert rows == [(late.date(), 1)]  # in Hanoi it is already the next day


def test_a_days_figures_hold_that_days_envelopes_with_that_party_only(client, remote, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What a manifest signs and `sync verify` recomputes: this node also talks to KH, and has
    envelopes for LA on either side of midnight (UTC)."""
    kh = make_remote(tmp_path / "third", "KH")
    federation_services.do_add_peer(
        PeerIdentity(
            "KH", "https://127.0.0.1:9", identity.public_key_b64(kh.signing_key), kh.cert_pem, kh.fingerprint
        ),
        acting_user=None,
    )
    with transaction.atomic():
        to_la = outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(3)), to_party="LA")
        to_kh = outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(2)), to_party="KH")
    day = dt.date(2025, 3, 4)
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    times = [midnight - dt.timedelta(microseconds=1), midnight, midnight + dt.timedelta(days=1)]
    for envelope_id, when in zip([*to_la, *to_kh], [*times, midnight, midnight], strict=True):
        OutboxEnvelope.objects.filter(id=envelope_id).update(created_at=when)
    assert manifests.live("LA", day, Direction.SENT) == manifests.hash_ids([to_la[1]])
    assert manifests.live("LA", day - dt.timedelta(days=1), Direction.SENT) == manifests.hash_ids([to_la[0]])
    assert set(manifests.source_ids("KH", day, Direction.SENT)) == set(to_kh)
    from_la, from_kh = remote.envelope({"n": 1}), kh.envelope({"n": 2})
    assert remote.post(client, remote.batch([from_la])).status_code == 200
    assert kh.post(client, kh.batch([from_kh])).status_code == 200
    today = dt.datetime.fromisoformat(from_la["created"]).date()
    assert list(manifests.source_ids("LA", today, Direction.RECEIVED)) == [from_la["id"]]
    assert list(manifests.source_ids("KH", today, Direction.RECEIVED)) == [from_kh["id"]]


def test_a_manifest_document_verifies_only_unchanged_and_under_its_key(remote, node_identity) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(2)), to_party="LA")
    manifest = Manifest.objects.get(party="LA", direction="sent")
    doc = manifests.as_document("VN", manifest)
    key = node_identity.signing_public_key
    assert doc["kind"] == "manifest" and doc["node"] == "VN" and doc["peer"] == "LA" and doc["count"] == 2
    assert manifests.verify_document(doc, key)
    assert manifests.verify_document({**doc, "live": {"count": 0}}, key)  # live figures are not signed
    for field, value in (
        ("count", 3),
        ("hash", "0" * 64),
        ("day", "2020-01-01"),
        ("direction", "received"),
        ("node", "LA"),
        ("peer", "KH"),
        ("v", 2),
        ("kind", "receipt"),
    ):
        assert not manifests.verify_document({**doc, field: value}, key), field
    assert not manifests.verify_document({k: v for k, v in doc.items() if k != "sig"}, key)
    assert not manifests.verify_document(doc, identity.public_key_b64(Ed25519PrivateKey.generate()))
    assert not manifests.verify_document({**doc, "sig": "not base64!"}, key)
    # a figure with no canonical form (beyond JSON's safe integers), or a pinned key that is not one
    assert not manifests.verify_document({**doc, "count": 2**60}, key)
    assert not manifests.verify_document(doc, "not a key")


def test_our_manifests_are_served_to_the_peer_signed_with_live_figures(
    client, remote, traffic, node_identity
) -> None:  # type: ignore[no-untyped-def]
    """The other half of `sync verify`: what this node answers LA (through the real views)."""
    auth = {TEST_CLIENT_CERT_KEY: remote.cert_der}
    InboxEnvelope.objects.filter(envelope_id=traffic["received"][0]).delete()
    body = client.get(federation_client.MANIFESTS_PATH, **auth).json()
    assert body["node"] == "VN"
    docs = {d["direction"]: d for d in body["manifests"]}
    assert set(docs) == {"sent", "received"}
    for doc in docs.values():
        assert manifests.verify_document(doc, node_identity.signing_public_key)
    assert docs["sent"]["count"] == docs["sent"]["live"]["count"] == 3
    assert docs["received"]["count"] == 2 and docs["received"]["live"]["count"] == 1
    day = docs["sent"]["day"]
    ids = client.get(f"{federation_client.MANIFESTS_PATH}/{day}/sent", **auth).json()
    assert ids == {"day": day, "direction": "sent", "ids": sorted(traffic["sent"])}
    later = client.get(f"{federation_client.MANIFESTS_PATH}?since=2999-01-01", **auth).json()
    assert later["manifests"] == []
    assert client.get(f"{federation_client.MANIFESTS_PATH}/{day}/sideways", **auth).status_code == 400
    assert client.get(federation_client.MANIFESTS_PATH).status_code == 403


def test_explain_missing_says_what_the_outbox_knows(remote) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        ids = outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(3)), to_party="LA")
    OutboxEnvelope.objects.filter(id=ids[1]).update(status=OutboxStatus.DELIVERED)
    OutboxEnvelope.objects.filter(id=ids[2]).update(status=OutboxStatus.DEAD, refusal_reason="bad_signature")
    assert sync.explain_missing([*ids, "unknown"]) == {
        ids[0]: "queued, not delivered yet",
        ids[1]: "delivered, then lost",
        ids[2]: "dead letter: bad_signature",
    }
    assert set(sync.OUTBOX_WORDS) == set(OutboxStatus.values)  # a new status needs its words


def test_a_concurrent_first_insert_of_the_days_manifest_is_joined(client, remote) -> None:  # type: ignore[no-untyped-def]
    """Two inbox requests from LA on PostgreSQL: neither finds the day's manifest (a row lock cannot
    lock a row that does not exist yet), the other one inserts it first, and this one's insert must
    then be a no-op, its ids added to that row, instead of failing the whole batch. SQLite runs one
    writer at a time, so the other transaction's insert is placed here, between this request's
    look-up and its insert, at the database layer."""
    day_row = Manifest._meta.db_table
    raced: list[str] = []

    def other_transaction_inserts_first(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if not raced and sql.lstrip().upper().startswith("INSERT") and day_row in sql:
            raced.append(sql)
            today = dt.datetime.now(dt.UTC).date()
            Manifest.objects.create(
                party="LA",
                day=today,
                direction=Direction.RECEIVED,
                running_hash=manifests.GENESIS,
                updated_at=dt.datetime.now(dt.UTC),
            )
        return execute(sql, params, many, context)

    envs = [remote.envelope({"n": i}) for i in range(2)]
    with connection.execute_wrapper(other_transaction_inserts_first):
        response = remote.post(client, remote.batch(envs))
    assert raced, "the day's manifest was not inserted by this request"
    assert response.status_code == 200, response.content
    manifest = Manifest.objects.get(party="LA", direction="received")
    assert (manifest.count, manifest.running_hash, manifest.last_id) == manifests.hash_ids(
        [e["id"] for e in envs]
    )
    assert manifests.verify_document(
        manifests.as_document("VN", manifest), local_node().signing_public_key_b64
    )


def test_a_sent_id_that_sorts_first_recomputes_the_day_from_the_outbox(remote) -> None:  # type: ignore[no-untyped-def]
    """Another process (web or worker) took its id a moment earlier, or from a clock a few ms behind,
    and queued it after this one: the day's figures are recomputed from the outbox's rows."""
    node = local_node()
    early_id = envelope.new_id()
    with transaction.atomic():
        (late_id,) = outbox.enqueue_many("federation.ping.v1", [{"n": 1}], to_party="LA")
    late = OutboxEnvelope.objects.get(id=late_id)
    early = envelope.build(
        "federation.ping.v1",
        {"n": 0},
        from_party="VN",
        to_party="LA",
        key=node.signing_key,
        created=late.created_at,
        envelope_id=early_id,
    )
    with transaction.atomic():  # what enqueue_many does in that other process
        OutboxEnvelope.objects.create(
            id=early.id,
            to_party="LA",
            seq=late.seq + 1,
            type=early.type,
            body=early.as_dict(),
            created_at=early.created_at,
        )
        manifests.add(node, "LA", Direction.SENT, [(early.id, early.created_at)])
    manifest = Manifest.objects.get(party="LA", direction="sent")
    assert early_id < late_id
    assert (manifest.count, manifest.running_hash, manifest.last_id) == manifests.hash_ids(
        [early_id, late_id]
    )
    assert manifests.verify_document(manifests.as_document("VN", manifest), node.signing_public_key_b64)


def test_an_id_the_day_already_ends_with_is_not_counted_twice(remote) -> None:  # type: ignore[no-untyped-def]
    """The chain is extended only by ids after the last one counted; the last one itself, accounted
    again, makes the day recomputed from the data, where it is one envelope."""
    node = local_node()
    with transaction.atomic():
        (envelope_id,) = outbox.enqueue_many("federation.ping.v1", [{"n": 1}], to_party="LA")
    created = OutboxEnvelope.objects.get(id=envelope_id).created_at
    with transaction.atomic():
        manifests.add(node, "LA", Direction.SENT, [(envelope_id, created)])
    manifest = Manifest.objects.get(party="LA", direction="sent")
    assert (manifest.count, manifest.running_hash, manifest.last_id) == manifests.hash_ids([envelope_id])
