"""The trust core's management commands through `call_command`: peer, worker, sync (see
test_sync_and_manifests.py), audit and agreements verify."""

from __future__ import annotations

import functools
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from liaison.federation import envelope, outbox
from liaison.federation.models import OutboxEnvelope, OutboxStatus, Peer, Receipt
from tests.federation.conftest import fake_network

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- peer ------------------------------------------------------------------------------------------


def test_peer_list_show_ping_remove(remote) -> None:  # type: ignore[no-untyped-def]
    listing = run("peer", "list")
    assert listing.startswith("LA  ") and "queue 0" in listing and "last delivery never" in listing
    assert "https://127.0.0.1:9" in listing and "(removed)" not in listing
    assert run("peer", "ping", "LA", "--count", "3") == "queued 3 ping(s) for LA\n"
    rows = list(OutboxEnvelope.objects.filter(to_party="LA").order_by("seq"))
    assert [r.body["payload"]["n"] for r in rows] == [0, 1, 2]
    assert {r.body["type"] for r in rows} == {"federation.ping.v1"}
    shown = run("peer", "show", "LA")
    assert "party:        LA\n" in shown
    assert "fingerprint:  SHA256:" + remote.fingerprint[:8].upper() in shown
    assert f"signing key:  ed25519:{remote.peer.signing_public_key}\n" in shown
    assert "queue depth:  3\n" in shown and "last error:   -\n" in shown
    assert run("peer", "remove", "LA") == "peer LA removed\n"
    assert not Peer.objects.get(party__code="LA").is_active
    assert "LA (removed)" in run("peer", "list")


def test_peer_commands_on_unknown_or_no_peers(node_identity) -> None:  # type: ignore[no-untyped-def]
    assert run("peer", "list") == "no peer is pinned\n"
    for action in ("show", "remove", "ping"):
        with pytest.raises(CommandError, match="no peer 'KH'"):
            call_command("peer", action, "KH")


def test_peer_add_that_cannot_reach_the_peer_pins_nothing(node_identity) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError):
        call_command("peer", "add", "--url", "https://127.0.0.1:9", "--fingerprint", "SHA256:" + "00" * 32)
    assert not Peer.objects.exists()


# --- worker ----------------------------------------------------------------------------------------


class LaInbox:
    """Answers batches like LA's node: a receipt signed by LA's key (`batch_id` can be wrong)."""

    def __init__(self, remote: Any) -> None:
        self.remote = remote
        self.batch_id: str | None = None
        self.batches: list[dict[str, Any]] = []

    def __call__(self, batch: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.batches.append(batch)
        results = [envelope.ReceiptResult(e["id"], "applied") for e in batch["envelopes"]]
        receipt = envelope.sign_receipt(
            self.batch_id or batch["batch"],
            results,
            from_party="LA",
            to_party="VN",
            key=self.remote.signing_key,
        )
        return 200, {"receipt": receipt.as_dict()}


@pytest.fixture
def la_inbox(remote, monkeypatch) -> LaInbox:  # type: ignore[no-untyped-def]
    from liaison.federation.management.commands import worker as command
    from liaison.federation.worker import Worker

    inbox = LaInbox(remote)
    monkeypatch.setattr(command, "Worker", functools.partial(Worker, connect=fake_network(inbox)))
    return inbox


def _queue(n: int) -> list[str]:
    with transaction.atomic():
        return outbox.enqueue_many("federation.ping.v1", ({"n": i} for i in range(n)), to_party="LA")


def test_worker_once_delivers_the_queue_in_batches(la_inbox) -> None:  # type: ignore[no-untyped-def]
    ids = _queue(5)
    assert run("worker", "--once", "--batch", "2") == ""
    assert [len(b["envelopes"]) for b in la_inbox.batches] == [2, 2, 1]
    assert [e["id"] for b in la_inbox.batches for e in b["envelopes"]] == ids
    assert set(OutboxEnvelope.objects.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
    assert Receipt.objects.count() == 3
    peer = Peer.objects.get(party__code="LA")
    assert peer.state == "up" and peer.last_error == "" and peer.lease_owner == ""


def test_worker_refuses_a_receipt_for_another_batch(la_inbox) -> None:  # type: ignore[no-untyped-def]
    """A receipt signed by the peer but for another batch proves nothing about this one."""
    _queue(2)
    la_inbox.batch_id = envelope.new_id()
    run("worker", "--once")
    assert set(OutboxEnvelope.objects.values_list("status", flat=True)) == {OutboxStatus.PENDING}
    assert not Receipt.objects.exists()
    peer = Peer.objects.get(party__code="LA")
    assert peer.last_error == "receipt refused: receipt is for another batch or between other parties"
    assert peer.consecutive_failures == 1


def test_worker_once_against_an_unreachable_peer_keeps_the_queue(remote) -> None:  # type: ignore[no-untyped-def]
    _queue(1)  # the peer is pinned at https://127.0.0.1:9, where nothing listens
    run("worker", "--once", "--max-backoff", "0.1", "--max-attempts", "1")
    assert OutboxEnvelope.objects.get().status == OutboxStatus.PENDING
    peer = Peer.objects.get(party__code="LA")
    assert peer.last_error.startswith("unreachable: ") and peer.consecutive_failures == 1
    assert peer.next_attempt_at is not None


# --- audit and agreements ------------------------------------------------------------------------


def test_audit_verify_reports_rows_and_the_broken_one(remote) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from liaison.core.models import AuditEvent

    total = AuditEvent.objects.count()
    assert total > 0
    assert run("audit", "verify") == f"audit trail OK: {total} rows, chain intact\n"
    victim = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET target_id = %s WHERE id = %s", ["x", victim.pk])
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert str(failure.value) == (
        f"audit trail BROKEN at row {victim.pk}: content does not match its hash: the row was edited "
        "(1 rows before it are intact)"
    )


def test_agreements_verify_names_each_signature_and_fails_on_a_forged_one(remote, draft, vn) -> None:  # type: ignore[no-untyped-def]
    from liaison.agreements import services
    from liaison.agreements.models import Signature

    from .test_agreements_through_inbox import peer_signature

    assert "  note: no signature yet\n" in run("agreements", "verify", draft.reference)
    services.check_share_document(draft, acting_user=vn["liaison"])
    version = draft.versions.get()
    services.receive_signature(peer_signature(draft, version, remote.signing_key), from_party="LA")
    half = run("agreements", "verify", str(draft.uid))
    assert half.startswith("VN-LA-MIN-15 (latest version 1)\n  OK   LA v1: signed by Kongthong Phongvichit")
    assert "(node key checked)" in half and "  signed by LA\n" in half
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    assert "  signed by LA and VN\n" in run("agreements", "verify", draft.reference.lower())
    Signature.objects.filter(party__code="VN").update(
        signature=Signature.objects.get(party__code="LA").signature
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="signature check FAILED for VN-LA-MIN-15"):
        call_command("agreements", "verify", draft.reference, stdout=out)
    assert "  FAIL VN v1: the Ed25519 signature does not verify against the signatory key" in out.getvalue()
    with pytest.raises(CommandError, match="no document 'NOPE'"):
        call_command("agreements", "verify", "NOPE")
