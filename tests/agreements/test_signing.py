"""Co-signature: share, sign the latest version only, signatures from the peer, offline verification."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from liaison.agreements import services
from liaison.agreements.envelopes import DOCUMENT_SIGNED
from liaison.agreements.models import Commitment, SignatoryKey, Signature
from liaison.core.access import refusal_text

from .conftest import la_signature

pytestmark = pytest.mark.django_db


def _refusal(call: Callable[[], object]) -> str:
    """What the page tells the officer when `call` is refused."""
    with pytest.raises((ValidationError, PermissionDenied)) as refused:
        call()
    return refusal_text(refused.value)


ONLY_THE_SIGNATORY = (
    "Only Lương Tam Quang, the designated signatory for VN, can sign this document, with their "
    "signatory key on this node."
)


def _sign_both(draft, vn, la_node_key):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    version = draft.versions.get()
    services.receive_signature(la_signature(draft, version, la_node_key=la_node_key), from_party="LA")
    services.check_sign_version(draft, 1, acting_user=vn["signatory"])
    return version


def test_draft_is_shared_then_signed_by_both_and_commitments_made(draft, vn, outbox, la_node_key):  # type: ignore[no-untyped-def]
    assert (
        _refusal(lambda: services.check_sign_version(draft, 1, acting_user=vn["signatory"]))
        == "Share the draft with the other parties before signing it."
    )
    version = _sign_both(draft, vn, la_node_key)
    assert services.is_fully_signed(version)
    assert Commitment.objects.filter(document=draft).count() == 3
    shared = outbox.of_type("agreements.document.shared")
    assert shared and shared[0]["version"]["content_sha256"] == version.content_sha256
    signed = outbox.of_type(DOCUMENT_SIGNED.name)
    assert signed[0]["signature"]["party"] == "VN" and signed[0]["key"]["attestation"]
    result = services.verify_document(draft)
    assert result.ok and result.signed_parties == ["LA", "VN"]


def test_only_the_designated_signatory_signs(draft, vn):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    assert (
        _refusal(lambda: services.check_sign_version(draft, 1, acting_user=vn["liaison"]))
        == ONLY_THE_SIGNATORY
    )


def test_a_key_for_another_official_or_without_its_private_half_does_not_sign(
    draft, vn, make_officer, parties
):  # type: ignore[no-untyped-def]
    from liaison.core import services as core

    services.check_share_document(draft, acting_user=vn["liaison"])
    deputy = core.do_save_official(
        "deputy", party=parties["VN"], name="Deputy", variants=[], titles={}, ranks={}, acting_user=None
    )
    other = make_officer("vn.deputy", unit="VN-MPS", roles=("liaison",))
    services.do_register_signatory(other, deputy, acting_user=None)  # can sign, but for the deputy
    assert _refusal(lambda: services.check_sign_version(draft, 1, acting_user=other)) == ONLY_THE_SIGNATORY
    # linked to the designated official, but the private key is not on this node (an administrator
    # linked the officer to a key without its file)
    SignatoryKey.objects.filter(officer=vn["signatory"]).update(key_file="")
    assert (
        _refusal(lambda: services.check_sign_version(draft, 1, acting_user=vn["signatory"]))
        == ONLY_THE_SIGNATORY
    )
    assert not Signature.objects.exists()


def test_a_document_of_this_party_alone_is_signed_without_sharing(vn, parties, officials):  # type: ignore[no-untyped-def]
    internal = services.check_create_document(
        reference="VN-INTERNAL-1",
        kind="minutes",
        parties=[parties["VN"]],
        signatories={"VN": officials["VN"]},
        titles={"en": "Internal minutes"},
        working_language="en",
        texts={"en": "Article 1\nWe met.", "vi": "Điều 1\nChúng tôi đã họp."},
        undertakings=[],
        acting_user=vn["liaison"],
    )
    services.check_sign_version(internal, 1, acting_user=vn["signatory"])
    assert services.verify_document(internal).signed_parties == ["VN"]


def test_signing_a_version_that_is_no_longer_the_latest_is_refused(draft, vn):  # type: ignore[no-untyped-def]
    services.check_share_document(draft, acting_user=vn["liaison"])
    services.check_new_version(
        draft,
        titles={"en": "Minutes of the 15th conference"},
        working_language="en",
        texts={"en": "Article 1\nThe parties met in Vientiane.\nArticle 2\nThey agreed."},
        undertakings=draft.versions.get(number=1).undertakings,
        change_note="place",
        acting_user=vn["liaison"],
    )
    assert (
        _refusal(lambda: services.check_sign_version(draft, 1, acting_user=vn["signatory"]))
        == "Version 1 is no longer the latest: version 2 replaced it. Read version 2 and sign that one."
    )
    services.check_sign_version(draft, 2, acting_user=vn["signatory"])


def test_a_signed_version_is_never_edited_a_change_makes_a_new_version(draft, vn, la_node_key):  # type: ignore[no-untyped-def]
    version = _sign_both(draft, vn, la_node_key)
    text_before = version.texts
    new = services.check_new_version(
        draft,
        titles=version.titles,
        working_language="en",
        texts={"en": "Article 1\nChanged after signature."},
        undertakings=version.undertakings,
        acting_user=vn["liaison"],
    )
    version.refresh_from_db()
    assert new.number == 2 and version.texts == text_before
    assert not services.is_fully_signed(new)
    assert services.signed_version(draft) == version


def test_peer_signature_with_forged_attestation_is_refused(draft, vn, la_node_key):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric import ed25519

    services.check_share_document(draft, acting_user=vn["liaison"])
    forged = la_signature(draft, draft.versions.get(), la_node_key=ed25519.Ed25519PrivateKey.generate())
    with pytest.raises(ValueError, match="pinned key"):
        services.receive_signature(forged, from_party="LA")
    with pytest.raises(ValueError, match="cannot deliver a signature of LA"):
        services.receive_signature(
            la_signature(draft, draft.versions.get(), la_node_key=la_node_key), from_party="KH"
        )


def test_verify_command_passes_then_fails_on_tampered_signature(draft, vn, la_node_key, capsys):  # type: ignore[no-untyped-def]
    _sign_both(draft, vn, la_node_key)
    call_command("agreements", "verify", draft.reference)
    assert "signed by LA and VN" in capsys.readouterr().out
    signature = Signature.objects.get(version__document=draft, party__code="LA")
    raw = bytearray(signature.signature.encode())
    raw[5] = ord("A") if raw[5] != ord("A") else ord("B")
    Signature.objects.filter(pk=signature.pk).update(signature=raw.decode())
    with pytest.raises(CommandError, match="FAILED"):
        call_command("agreements", "verify", draft.reference)
    assert "does not verify" in capsys.readouterr().out


def test_verify_command_fails_on_tampered_text(draft, vn, la_node_key, capsys):  # type: ignore[no-untyped-def]
    version = _sign_both(draft, vn, la_node_key)
    texts = dict(version.texts)
    texts["en"] = texts["en"].replace("agreed", "disagreed")
    type(version).objects.filter(pk=version.pk).update(texts=texts)
    with pytest.raises(CommandError, match="FAILED"):
        call_command("agreements", "verify", str(draft.uid))
    assert "text altered" in capsys.readouterr().out


def test_verify_command_fails_when_text_and_its_hash_are_both_rewritten(draft, vn, la_node_key):  # type: ignore[no-untyped-def]
    from liaison.agreements import statements

    version = _sign_both(draft, vn, la_node_key)
    version.texts = {**version.texts, "en": "Something else entirely."}
    new_hash = statements.content_sha256(services.version_content(version))
    type(version).objects.filter(pk=version.pk).update(texts=version.texts, content_sha256=new_hash)
    result = services.verify_document(draft)
    assert not result.ok
    assert all("another text" in c.detail for c in result.checks)
