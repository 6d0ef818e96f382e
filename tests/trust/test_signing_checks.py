"""Signatory keys and document signing on this node, and the offline check of every stored
signature, link by link: where a key is made and kept, each refusal of `do_register_signatory` and
`check_sign_version`, and each failure `verify_signature` can report."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.agreements import services, statements
from liaison.agreements.models import DocumentSignatory, SignatoryKey, Signature
from liaison.agreements.services import signing
from liaison.core import canonical, identity
from liaison.core.models import AuditEvent, AuditEventType

from .test_agreements_through_inbox import peer_signature

pytestmark = pytest.mark.django_db


# 20:30 UTC on 4 March is 03:30 on 5 March in the node's time zone (Asia/Ho_Chi_Minh)
LA_SIGNED_AT = dt.datetime(2025, 3, 4, 20, 30, tzinfo=dt.UTC)


@pytest.fixture
def signed_by_la(draft, vn, remote):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    version = draft.versions.get()
    signature = peer_signature(draft, version, remote.signing_key, signed_at=LA_SIGNED_AT)
    services.receive_signature(signature, from_party="LA")
    return version


def test_signing_refusals(draft, vn, make_officer, signed_by_la) -> None:  # type: ignore[no-untyped-def]
    la_officer = make_officer("la.liaison", unit="LA-ICD", roles=("liaison",))
    with pytest.raises(PermissionDenied, match=r"^You sign on your own party's node\.$"):
        services.check_sign_version(draft, 1, acting_user=la_officer)
    with pytest.raises(ValidationError, match=r"^\['This document has no version 9\.'\]$"):
        services.check_sign_version(draft, 9, acting_user=vn["signatory"])
    type(signed_by_la).objects.filter(pk=signed_by_la.pk).update(texts={"en": "altered"})
    altered = "The stored text of this version does not match its hash: it was altered. Do not sign."
    with pytest.raises(ValidationError, match=rf"^\['{re.escape(altered)}'\]$"):
        services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    type(signed_by_la).objects.filter(pk=signed_by_la.pk).update(texts=signed_by_la.texts)
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    with pytest.raises(ValidationError, match=r"^\['VN has signed version 1 already\.'\]$"):
        services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    assert Signature.objects.filter(party__code="VN").count() == 1


def test_no_designated_signatory_no_signature(draft, vn) -> None:  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    DocumentSignatory.objects.filter(document=draft, party__code="VN").delete()
    with pytest.raises(
        ValidationError, match=r"^\['No signatory is designated for VN on this document\.'\]$"
    ):
        services.check_sign_version(draft, 1, acting_user=vn["signatory"])


def test_a_signatory_key_is_made_once_on_its_own_partys_node(vn, officials, make_officer) -> None:  # type: ignore[no-untyped-def]
    key = SignatoryKey.objects.get(officer=vn["signatory"])
    assert services.do_register_signatory(vn["signatory"], officials["VN"], acting_user=None) == key
    assert SignatoryKey.objects.filter(officer=vn["signatory"]).count() == 1
    attestation = statements.key_attestation(
        party="VN",
        official=officials["VN"].key,
        public_key=key.public_key,
        attested_at=key.attested_at.isoformat(),
    )
    assert canonical.verify(key.node_public_key, attestation, key.attestation)
    own_party_only = "A signatory key is made on the node of the signatory's own party."
    with pytest.raises(ValidationError) as refused:
        services.do_register_signatory(vn["signatory"], officials["LA"], acting_user=None)
    assert refused.value.messages == [own_party_only]
    la_officer = make_officer("la.someone", unit="LA-ICD")
    with pytest.raises(ValidationError) as refused:
        services.do_register_signatory(la_officer, officials["VN"], acting_user=None)
    assert refused.value.messages == [own_party_only]
    assert SignatoryKey.objects.count() == 1


def test_each_officer_and_official_pair_has_its_own_key(draft, vn, parties, make_officer) -> None:  # type: ignore[no-untyped-def]
    """Idempotent per pair only: a second holder for the same official, or the same holder for a
    second official, gets a new key, not the one that already exists for the other pair."""
    from liaison.core import services as core

    services.check_share_document(draft, acting_user=vn["liaison"])
    first = SignatoryKey.objects.get(officer=vn["signatory"])
    # a second account that may sign for Lương Tam Quang (e.g. on another desk)
    second_holder = make_officer("vn.signatory2", unit="VN-MPS", roles=("liaison",))
    second = services.do_register_signatory(second_holder, first.official, acting_user=None)
    assert second.officer == second_holder and second.public_key != first.public_key
    signature = services.check_sign_version(draft, 1, acting_user=second_holder)
    assert signature.key == second
    # the first holder may also sign for the deputy: with a key attested for the deputy
    deputy = core.do_save_official(
        "deputy", party=parties["VN"], name="Deputy", variants=[], titles={}, ranks={}, acting_user=None
    )
    for_deputy = services.do_register_signatory(vn["signatory"], deputy, acting_user=None)
    assert (for_deputy.officer, for_deputy.official) == (vn["signatory"], deputy)
    assert for_deputy.public_key not in (first.public_key, second.public_key)
    assert SignatoryKey.objects.filter(officer=vn["signatory"]).count() == 2


def test_a_signatory_private_key_is_a_0600_file_under_the_data_dir(vn, parties, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The key file goes to DATA_DIR/keys/signatories/, made with its parents when the data dir has
    none yet (here the node's own keys stayed where it was initialised: their paths are absolute),
    and is named after the key's global id, so an operator can tell which file holds which key."""
    from liaison.core import services as core

    settings.DATA_DIR = tmp_path / "moved-data"
    settings.DATA_DIR.mkdir()
    deputy = core.do_save_official(
        "deputy", party=parties["VN"], name="Deputy", variants=[], titles={}, ranks={}, acting_user=None
    )
    key = services.do_register_signatory(vn["signatory"], deputy, acting_user=None)
    path = settings.DATA_DIR / "keys" / "signatories" / f"{key.uid.hex}.pem"
    assert key.key_file == str(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert identity.public_key_b64(identity.load_signing_key(path)) == key.public_key


def test_a_new_signatory_key_is_audited(vn, parties, make_officer) -> None:  # type: ignore[no-untyped-def]
    from liaison.core import services as core

    admin = make_officer("vn.admin", unit="VN-ICD", roles=("admin",))
    deputy = core.do_save_official(
        "deputy", party=parties["VN"], name="Deputy", variants=[], titles={}, ranks={}, acting_user=None
    )
    key = services.do_register_signatory(vn["signatory"], deputy, acting_user=admin)
    row = AuditEvent.objects.filter(event_type=AuditEventType.SIGNATORY_KEY_CREATED).latest("id")
    assert (row.actor_id, row.actor_name, row.target_type, row.target_id) == (
        admin.pk,
        "vn.admin",
        "agreements.signatorykey",
        str(key.pk),
    )
    assert row.extra_data == {
        "signatory_key": key.public_key,
        "official": "deputy",
        "officer": "vn.signatory",
    }
    # asking again for the same pair returns the key and records nothing more
    services.do_register_signatory(vn["signatory"], deputy, acting_user=admin)
    assert AuditEvent.objects.filter(event_type=AuditEventType.SIGNATORY_KEY_CREATED).count() == 2


def test_a_private_key_is_never_written_into_a_file_that_exists(vn, parties, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The key file is created exclusively: a file already at its name (planted there, readable by
    others) makes the registration fail instead of receiving the private key."""
    from liaison.core import services as core

    deputy = core.do_save_official(
        "deputy", party=parties["VN"], name="Deputy", variants=[], titles={}, ranks={}, acting_user=None
    )
    taken = uuid.UUID("0a7e0000-0000-4000-8000-000000000001")
    planted = Path(settings.DATA_DIR) / "keys" / "signatories" / f"{taken.hex}.pem"
    planted.write_bytes(b"planted")
    planted.chmod(0o644)
    fresh = iter([taken])
    real_uuid4 = uuid.uuid4
    # the next key's file name is the planted one (uuid4 is random: the name is fixed only here)
    monkeypatch.setattr(uuid, "uuid4", lambda: next(fresh, None) or real_uuid4())
    with pytest.raises(FileExistsError):
        services.do_register_signatory(vn["signatory"], deputy, acting_user=None)
    assert planted.read_bytes() == b"planted"
    assert not SignatoryKey.objects.filter(official=deputy).exists()


def test_no_key_is_made_when_the_node_identity_goes_away_meanwhile(vn, parties, settings) -> None:  # type: ignore[no-untyped-def]
    """The node key attests the new key; if the node's identity row is removed (by another process)
    after the party check, the key is refused as on an uninitialised node, and nothing is written."""
    from django.db import connection

    from liaison.core import services as core
    from liaison.core.models import NodeIdentity

    deputy = core.do_save_official(
        "deputy", party=parties["VN"], name="Deputy", variants=[], titles={}, ranks={}, acting_user=None
    )
    removed = []

    def remove_node_after_key_lookup(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        result = execute(sql, params, many, context)
        if not removed and "signatorykey" in sql.lower():
            removed.append(True)
            NodeIdentity.objects.all().delete()
        return result

    key_dir = Path(settings.DATA_DIR) / "keys" / "signatories"
    files_before = set(key_dir.iterdir())
    with connection.execute_wrapper(remove_node_after_key_lookup), pytest.raises(ValidationError) as refused:
        services.do_register_signatory(vn["signatory"], deputy, acting_user=None)
    assert removed and refused.value.messages == ["This node is not initialised."]
    assert not SignatoryKey.objects.filter(official=deputy).exists()
    assert set(key_dir.iterdir()) == files_before


def _check(version, party: str):  # type: ignore[no-untyped-def]
    return signing.verify_signature(Signature.objects.get(version=version, party__code=party))


def test_offline_check_of_a_peer_signature_link_by_link(signed_by_la, remote, vn, officials) -> None:  # type: ignore[no-untyped-def]
    check = _check(signed_by_la, "LA")
    assert (check.party, check.version, check.ok) == ("LA", 1, True)
    assert check.detail == "signed by Kongthong Phongvichit on 5 Mar 2025 (node key checked)"
    key = SignatoryKey.objects.get(party__code="LA")
    # the key does not belong to this signature's official
    SignatoryKey.objects.filter(pk=key.pk).update(official=officials["VN"])
    assert _check(signed_by_la, "LA") == signing.Check(
        "LA", 1, False, "the key does not belong to this party's signatory"
    )
    SignatoryKey.objects.filter(pk=key.pk).update(official=officials["LA"])
    # the stored attestation was altered
    SignatoryKey.objects.filter(pk=key.pk).update(attestation=Signature.objects.get().signature)
    assert _check(signed_by_la, "LA") == signing.Check(
        "LA", 1, False, "the signatory key's attestation does not verify against the node key"
    )
    # re-attested by another node key: consistent in itself, but not LA's pinned key
    stranger = Ed25519PrivateKey.generate()
    attestation = statements.key_attestation(
        party="LA",
        official=officials["LA"].key,
        public_key=key.public_key,
        attested_at=key.attested_at.isoformat(),
    )
    SignatoryKey.objects.filter(pk=key.pk).update(
        attestation=canonical.sign(stranger, attestation), node_public_key=identity.public_key_b64(stranger)
    )
    assert (
        _check(signed_by_la, "LA").detail == "the signatory key was attested by a node key that is not LA's"
    )
    # once LA is no longer pinned here, the attestation can only be checked against the stored key
    from liaison.federation import services as federation_services

    federation_services.do_remove_peer(remote.peer, acting_user=None)
    assert _check(signed_by_la, "LA") == signing.Check(
        "LA",
        1,
        True,
        "signed by Kongthong Phongvichit on 5 Mar 2025 "
        "(node key not pinned here: attestation checked against stored key)",
    )


def test_a_signature_over_another_text_fails_the_offline_check(signed_by_la) -> None:  # type: ignore[no-untyped-def]
    Signature.objects.filter(party__code="LA").update(content_sha256="0" * 64)
    check = _check(signed_by_la, "LA")
    assert (
        not check.ok
        and check.detail == "the signature covers another text than the one stored (hash differs)"
    )


def test_verification_lists_every_version_and_only_latest_counts_as_signed(
    draft, vn, remote, signed_by_la
) -> None:  # type: ignore[no-untyped-def]
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    new = services.check_new_version(
        draft,
        titles=signed_by_la.titles,
        working_language="en",
        texts={"en": "Article 1\nChanged."},
        undertakings=signed_by_la.undertakings,
        acting_user=vn["liaison"],
    )
    result = services.verify_document(draft)
    assert [(c.party, c.version) for c in result.checks] == [("LA", 1), ("VN", 1)]
    assert result.ok and result.signed_parties == []  # nobody signed version 2 yet
    assert services.signed_version(draft) == signed_by_la
    services.check_sign_version(draft, new.number, acting_user=vn["signatory"])
    assert services.verify_document(draft).signed_parties == ["VN"]
    assert services.signed_version(draft) == signed_by_la  # version 2 lacks LA's signature
    # LA signs version 2 after VN: the checks read by version, then party, whatever the arrival
    la_second = peer_signature(
        draft, new, remote.signing_key, signature_uid="5d6f7a1e-0000-4000-8000-000000000002"
    )
    services.receive_signature(la_second, from_party="LA")
    result = services.verify_document(draft)
    assert [(c.party, c.version) for c in result.checks] == [("LA", 1), ("VN", 1), ("LA", 2), ("VN", 2)]
    assert result.ok and result.signed_parties == ["LA", "VN"]
    assert services.signed_version(draft) == new


def test_a_document_signed_on_paper_says_so(draft) -> None:  # type: ignore[no-untyped-def]
    type(draft).objects.filter(pk=draft.pk).update(signed_on_paper=dt.date(2023, 3, 2))
    draft.refresh_from_db()
    assert services.verify_document(draft).notes == [
        "signed on paper on 2 Mar 2023; no digital signature recorded"
    ]
    assert services.verify_document(draft).ok


def test_a_text_altered_after_signing_fails_the_offline_check(signed_by_la) -> None:  # type: ignore[no-untyped-def]
    type(signed_by_la).objects.filter(pk=signed_by_la.pk).update(texts={"en": "altered"})
    assert _check(signed_by_la, "LA") == signing.Check(
        "LA", 1, False, "the stored text of version 1 does not match its recorded hash (text altered)"
    )


def test_only_the_text_the_signatory_confirmed_is_signed(draft, vn) -> None:  # type: ignore[no-untyped-def]
    """The sign page shows the version's SHA-256 and sends it back: another hash signs nothing."""
    services.check_share_document(draft, acting_user=vn["liaison"])
    version = draft.versions.get()
    with pytest.raises(ValidationError) as refused:
        services.check_sign_version(draft, 1, acting_user=vn["signatory"], content_sha256="0" * 64)
    assert refused.value.messages == [
        "Version 1 is not the text you confirmed (its SHA-256 differs). Nothing was signed."
    ]
    assert not Signature.objects.exists()
    signature = services.check_sign_version(
        draft, 1, acting_user=vn["signatory"], content_sha256=version.content_sha256
    )
    assert signature.content_sha256 == version.content_sha256
