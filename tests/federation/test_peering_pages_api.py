"""Peering actions, the peer pages and the federation JSON API, with the permission matrix:
no log-in, an officer without the admin role, and the node administrator."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from liaison.core import identity
from liaison.core.models import AuditEvent, AuditEventType
from liaison.core.server import trusted_peers_file
from liaison.federation import outbox, services
from liaison.federation.client import PeerIdentity
from liaison.federation.models import OutboxEnvelope, OutboxStatus, Peer

from .conftest import make_remote

pytestmark = pytest.mark.django_db


def identity_of(remote) -> PeerIdentity:  # type: ignore[no-untyped-def]
    return PeerIdentity(
        party=remote.party,
        url="https://127.0.0.1:9",
        signing_public_key=identity.public_key_b64(remote.signing_key),
        certificate_pem=remote.cert_pem,
        fingerprint=remote.fingerprint,
    )


# --- peering -----------------------------------------------------------------------------------


def test_add_is_audited_and_writes_the_trusted_peers_file(
    node_identity, tmp_path, django_capture_on_commit_callbacks
) -> None:
    la = make_remote(tmp_path / "r", "LA")
    with django_capture_on_commit_callbacks(execute=True):
        peer, outcome = services.do_add_peer(identity_of(la), acting_user=None)
    assert outcome == "added" and peer.party.code == "LA"
    assert AuditEvent.objects.filter(event_type=AuditEventType.PEER_ADDED, target_id=str(peer.pk)).exists()
    assert la.cert_pem.strip() in trusted_peers_file().read_text()


def test_adding_the_same_peer_again_changes_nothing(remote) -> None:
    before = AuditEvent.objects.count()
    peer, outcome = services.do_add_peer(identity_of(remote), acting_user=None)
    assert outcome == "unchanged" and peer.pk == remote.peer.pk
    assert AuditEvent.objects.count() == before


def test_a_new_identity_for_a_pinned_party_needs_replace(remote, tmp_path) -> None:
    impostor = make_remote(tmp_path / "impostor", "LA")
    with pytest.raises(ValidationError):
        services.do_add_peer(identity_of(impostor), acting_user=None)
    peer, outcome = services.do_add_peer(identity_of(impostor), replace=True, acting_user=None)
    assert outcome == "updated" and peer.certificate_fingerprint == impostor.fingerprint
    assert AuditEvent.objects.filter(event_type=AuditEventType.PEER_CHANGED).exists()


def test_own_party_cannot_be_a_peer(node_identity, tmp_path) -> None:
    me = make_remote(tmp_path / "me", "VN")
    with pytest.raises(ValidationError):
        services.do_add_peer(identity_of(me), acting_user=None)


def test_url_change_is_an_update(remote) -> None:
    _peer, outcome = services.do_add_peer(
        replace(identity_of(remote), url="https://la.example:8444"), acting_user=None
    )
    assert outcome == "updated"


def test_remove_unpins_and_rewrites_the_file(remote, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.do_remove_peer(remote.peer, acting_user=None)
    assert not Peer.objects.active().exists()
    assert remote.cert_pem.strip() not in trusted_peers_file().read_text()


def test_bad_fingerprint_is_refused_before_connecting(node_identity) -> None:
    with pytest.raises(ValidationError):
        services.check_add_peer("https://127.0.0.1:9", "SHA256:12", acting_user=None)


def test_unreachable_peer_is_a_clear_error(node_identity) -> None:
    from liaison.demo.runner import free_port

    with pytest.raises(services.PeeringError, match="Cannot reach"):
        services.check_add_peer(f"https://127.0.0.1:{free_port()}", "ab" * 32, acting_user=None)


# --- pages and API -----------------------------------------------------------------------------


@pytest.fixture
def dead_letter(remote) -> OutboxEnvelope:  # type: ignore[no-untyped-def]
    envelope_id = outbox.enqueue("federation.ping.v1", {"n": 1}, to_party="LA")
    OutboxEnvelope.objects.filter(id=envelope_id).update(
        status=OutboxStatus.DEAD, attempts=5, refusal_reason="unknown_type"
    )
    return OutboxEnvelope.objects.get(id=envelope_id)


PAGES = ["/federation/peers/", "/federation/peers/LA/"]
API = ["/api/federation/peers", "/api/federation/peers/LA"]


@pytest.mark.parametrize("url", PAGES + API)
def test_anonymous_is_turned_away(client, remote, url) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", PAGES + API)
def test_officer_without_admin_role_is_forbidden(client, remote, make_officer, url) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_officer("duty1", roles=("duty_officer", "liaison")))
    assert client.get(url).status_code == 403


def test_admin_sees_state_queue_last_delivery_and_dead_letters(
    client, remote, make_officer, dead_letter, django_assert_max_num_queries
) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    outbox.enqueue("federation.ping.v1", {"n": 2}, to_party="LA")
    with django_assert_max_num_queries(12):
        page = client.get("/federation/peers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "status-up" in html and ">LA<" in html
    detail = client.get("/federation/peers/LA/").content.decode()
    assert dead_letter.id in detail and "unknown_type" in detail
    api = client.get("/api/federation/peers").json()
    assert api[0]["code"] == "LA" and api[0]["state"] == "up"
    assert (api[0]["queue_depth"], api[0]["dead_letters"]) == (1, 1)
    assert "last_delivery_at" in api[0] and "state_since" in api[0]
    one = client.get("/api/federation/peers/LA").json()
    assert one["dead_letter_list"][0]["id"] == dead_letter.id


def test_retry_button_requeues_and_audits(client, remote, make_officer, dead_letter) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    response = client.post(f"/federation/peers/LA/dead-letters/{dead_letter.id}/retry/")
    assert response.status_code == 302
    dead_letter.refresh_from_db()
    assert dead_letter.status == OutboxStatus.PENDING and dead_letter.attempts == 0
    assert AuditEvent.objects.filter(event_type=AuditEventType.DEAD_LETTER_RETRIED).count() == 1
    # a second retry of the same envelope: it is no dead letter any more
    assert client.post(f"/federation/peers/LA/dead-letters/{dead_letter.id}/retry/").status_code == 404


def test_retry_through_the_api(client, remote, make_officer, dead_letter) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    response = client.post(f"/api/federation/peers/LA/dead-letters/{dead_letter.id}/retry")
    assert response.status_code == 200 and response.json()["status"] == "pending"
    dead_letter.refresh_from_db()  # requeued for real, not only answered so
    assert dead_letter.status == OutboxStatus.PENDING and dead_letter.attempts == 0
    assert AuditEvent.objects.filter(event_type=AuditEventType.DEAD_LETTER_RETRIED).count() == 1


def test_officer_cannot_retry(client, remote, make_officer, dead_letter) -> None:
    client.force_login(make_officer("officer1", roles=("officer",)))
    assert client.post(f"/federation/peers/LA/dead-letters/{dead_letter.id}/retry/").status_code == 403
    dead_letter.refresh_from_db()
    assert dead_letter.status == OutboxStatus.DEAD


def test_add_form_shows_the_error(client, node_identity, make_officer) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    response = client.post("/federation/peers/add/", {"url": "https://127.0.0.1:1", "fingerprint": "nope"})
    assert response.status_code == 400
    assert "64 hexadecimal digits" in response.content.decode()


def test_remove_from_the_page(client, remote, make_officer) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    assert client.post("/federation/peers/LA/remove/").status_code == 302
    assert not Peer.objects.active().exists()


def test_unknown_peer_page_is_404(client, node_identity, make_officer) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    assert client.get("/federation/peers/KH/").status_code == 404
    assert client.get("/api/federation/peers/KH").status_code == 404


def test_dashboard_panel_for_admins_only(client, remote, make_officer) -> None:
    client.force_login(make_officer("admin1", roles=("admin",)))
    html = client.get("/").content.decode()
    assert "Federation peers" in html and "status-up" in html
    client.force_login(make_officer("officer1", roles=("officer",)))
    assert "Federation peers" not in client.get("/").content.decode()
