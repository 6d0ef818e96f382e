"""Fixtures of the agreements tests: a VN node whose outgoing envelopes are captured in memory."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519


@dataclass
class Outbox:
    sent: list[tuple[str, dict[str, Any], list[str]]] = field(default_factory=list)

    def of_type(self, envelope_type: str) -> list[dict[str, Any]]:
        return [payload for t, payload, _to in self.sent if t == envelope_type]


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Outbox:
    from liaison.federation import public

    box = Outbox()

    def share(envelope_type: Any, payload: dict[str, Any], *, to_parties: Any, refs: Any = ()) -> list[str]:
        box.sent.append((envelope_type.name, envelope_type.payload(payload), list(to_parties)))
        return ["test"]

    monkeypatch.setattr(public, "share", share)
    return box


@pytest.fixture
def la_node_key(monkeypatch: pytest.MonkeyPatch) -> ed25519.Ed25519PrivateKey:
    """The LA node's Ed25519 key, as pinned on this (VN) node."""
    from liaison.federation import public

    key = ed25519.Ed25519PrivateKey.generate()
    from liaison.core import identity

    pinned = identity.public_key_b64(key)
    monkeypatch.setattr(
        public, "node_signing_key", lambda party: pinned if party == "LA" else None, raising=False
    )
    return key


@pytest.fixture
def officials(parties):  # type: ignore[no-untyped-def]
    from liaison.core import services

    return {
        "VN": services.do_save_official(
            "luong_tam_quang",
            party=parties["VN"],
            name="Lương Tam Quang",
            variants=["Luong Tam Quang"],
            titles={},
            ranks={},
            acting_user=None,
        ),
        "LA": services.do_save_official(
            "kongthong_phongvichit",
            party=parties["LA"],
            name="Kongthong Phongvichit",
            variants=["Kong Thoong Phongvichit"],
            titles={},
            ranks={},
            acting_user=None,
        ),
    }


@pytest.fixture
def vn(node_identity, make_officer, officials, outbox):  # type: ignore[no-untyped-def]
    """A VN node: a liaison officer, a signatory (with a key for Lương Tam Quang), an owner, an outsider."""
    from liaison.agreements import services

    signatory = make_officer("vn.signatory", unit="VN-MPS", roles=("liaison",))
    services.do_register_signatory(signatory, officials["VN"], acting_user=None)
    return {
        "liaison": make_officer("vn.liaison", unit="VN-ICD", roles=("liaison",)),
        "signatory": signatory,
        "owner": make_officer("vn.owner", unit="VN-QTR", roles=("officer",)),
        "outsider": make_officer("vn.outsider", unit="VN-KTM", roles=("officer",)),
    }


def undertakings() -> list[dict[str, Any]]:
    return [
        {
            "key": "c1",
            "clause": "2.1",
            "texts": {"en": "Exchange information monthly through the hotline."},
            "area": "information_exchange",
            "owners": {"VN": "VN-ICD", "LA": "LA-ICD"},
            "due_on": "2023-06-30",
        },
        {
            "key": "c2",
            "clause": "2.2",
            "texts": {"en": "Hold quarterly meetings of the border provinces."},
            "area": "border_cooperation",
            "owners": {"VN": "VN-QTR", "LA": "LA-SVK"},
            "due_on": "2099-12-31",
        },
        {
            "key": "c3",
            "clause": "3.1",
            "texts": {"en": "Draft a scheme for counter-terrorism exercises."},
            "area": "counter_terrorism",
            "owners": {"VN": "VN-ICD", "LA": "LA-ICD"},
            "due_on": "2023-12-31",
        },
    ]


@pytest.fixture
def meeting(vn, parties):  # type: ignore[no-untyped-def]
    """The 16th VN-LA security conference, planned by VN's liaison officer (no document yet)."""
    from liaison.agreements import services

    return services.do_save_meeting(
        kind="security_conference",
        number=16,
        starts_on=dt.date(2025, 3, 20),
        parties=[parties["VN"], parties["LA"]],
        titles={"en": "16th conference"},
        acting_user=vn["liaison"],
    )


@pytest.fixture
def draft(vn, parties, officials):  # type: ignore[no-untyped-def]
    from liaison.agreements import services

    return services.check_create_document(
        reference="VN-LA-MIN-15",
        kind="minutes",
        parties=[parties["VN"], parties["LA"]],
        signatories={"VN": officials["VN"], "LA": officials["LA"]},
        titles={"en": "Minutes of the 15th conference"},
        working_language="en",
        texts={
            "en": "Article 1\nThe parties met.\nArticle 2\nThey agreed.",
            "vi": "Điều 1\nHai bên đã họp.",
            "lo": "ມາດຕາ 1\nສອງຝ່າຍໄດ້ປະຊຸມ.",
        },
        undertakings=undertakings(),
        plan_year=2023,
        acting_user=vn["liaison"],
    )


def la_signature(document, version, *, la_node_key, official_key: str = "kongthong_phongvichit"):  # type: ignore[no-untyped-def]
    """What the LA node sends after its signatory signed `version`: the signature envelope payload."""
    from liaison.agreements import statements
    from liaison.core import canonical, identity

    signatory = ed25519.Ed25519PrivateKey.generate()
    public_key = identity.public_key_b64(signatory)
    attested_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC).isoformat()
    signed_at = dt.datetime.now(dt.UTC).isoformat()
    statement = statements.signature_statement(
        document_uid=str(document.uid),
        version=version.number,
        content_sha256=version.content_sha256,
        party="LA",
        official=official_key,
        signed_at=signed_at,
    )
    return {
        "document": str(document.uid),
        "reference": document.reference,
        "version": version.number,
        "signature": {
            "uid": "5d6f7a1e-0000-4000-8000-000000000001",
            "party": "LA",
            "official": official_key,
            "signed_at": signed_at,
            "content_sha256": version.content_sha256,
            "signature": canonical.sign(signatory, statement),
        },
        "key": {
            "uid": "5d6f7a1e-0000-4000-8000-000000000002",
            "party": "LA",
            "official": {"key": official_key, "party": "LA", "name": "Kongthong Phongvichit", "variants": []},
            "public_key": public_key,
            "attested_at": attested_at,
            "attestation": canonical.sign(
                la_node_key,
                statements.key_attestation(
                    party="LA", official=official_key, public_key=public_key, attested_at=attested_at
                ),
            ),
            "node_public_key": identity.public_key_b64(la_node_key),
        },
    }


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
