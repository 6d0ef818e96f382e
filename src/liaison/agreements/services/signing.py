"""Signatory keys, signatures and their offline verification.

Trust chain, checked by `verify_document` (and `liaison agreements verify DOC`):

    version text --SHA-256 of RFC 8785 form--> content hash
    content hash --named in the signing statement, Ed25519 by--> signatory key
    signatory key --attested (Ed25519) by--> node key of the signatory's party
    node key == this node's own key, or the peer key pinned when the nodes were peered

A signatory's private key never leaves their node (a 0600 file under DATA_DIR/keys/signatories/).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.core import audit, canonical, identity
from liaison.core.models import AuditEventType, Officer, Official, Party
from liaison.core.node import local_node_or_none

from .. import statements
from ..envelopes import DOCUMENT_SIGNED
from ..models import Document, DocumentVersion, SignatoryKey, Signature
from .common import invalid, node_signing_key, officer_party_code, share, this_party_code
from .documents import version_content
from .meetings import ensure_official, official_payload


def _when(text: str) -> dt.datetime:
    parsed = parse_datetime(text)
    if parsed is None:
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    return parsed


# --- signatory keys ------------------------------------------------------------------------------


def _node_private_key() -> ed25519.Ed25519PrivateKey:
    node = local_node_or_none()
    if node is None:
        raise invalid(_("This node is not initialised."))
    return node.signing_key


def do_register_signatory(
    officer: Officer, official: Official, *, acting_user: Officer | None
) -> SignatoryKey:
    """Give `officer` a new Ed25519 key to sign for `official`, attested by this node's key.

    Idempotent for a pair that has a key already (the existing key is returned)."""
    own = this_party_code()
    if official.party.code != own or officer_party_code(officer) != own:
        raise invalid(_("A signatory key is made on the node of the signatory's own party."))
    existing = SignatoryKey.objects.filter(officer=officer, official=official).first()
    if existing is not None:
        return existing
    private = ed25519.Ed25519PrivateKey.generate()
    public_key = identity.public_key_b64(private)
    attested_at = timezone.now().isoformat()
    node_key = _node_private_key()
    attestation = canonical.sign(
        node_key,
        statements.key_attestation(
            party=own, official=official.key, public_key=public_key, attested_at=attested_at
        ),
    )
    uid = uuid.uuid4()
    path = Path(settings.DATA_DIR) / "keys" / "signatories" / f"{uid.hex}.pem"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=False)
    path.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with transaction.atomic():
        key = SignatoryKey.objects.create(
            uid=uid,
            party=official.party,
            official=official,
            officer=officer,
            public_key=public_key,
            attested_at=_when(attested_at),
            attestation=attestation,
            node_public_key=identity.public_key_b64(node_key),
            key_file=str(path),
        )
        audit.record(
            AuditEventType.SIGNATORY_KEY_CREATED,
            actor=acting_user,
            target=key,
            extra={"signatory_key": public_key, "official": official.key, "officer": officer.username},
        )
        return key


def key_payload(key: SignatoryKey) -> dict[str, Any]:
    return {
        "uid": str(key.uid),
        "party": key.party.code,
        "official": official_payload(key.official),
        "public_key": key.public_key,
        "attested_at": key.attested_at.isoformat(),
        "attestation": key.attestation,
        "node_public_key": key.node_public_key,
    }


def _accept_key(data: dict[str, Any], *, from_party: str) -> SignatoryKey:
    if data["party"] != from_party:
        raise ValueError(f"{from_party} cannot attest a signatory key of {data['party']}")
    pinned = node_signing_key(from_party)
    if pinned is not None and pinned != data["node_public_key"]:
        raise ValueError(f"signatory key attested by a node key that is not {from_party}'s pinned key")
    official = ensure_official(data["official"])
    message = statements.key_attestation(
        party=data["party"],
        official=official.key,
        public_key=data["public_key"],
        attested_at=data["attested_at"],
    )
    if not canonical.verify(data["node_public_key"], message, data["attestation"]):
        raise ValueError("signatory key attestation does not verify")
    key = SignatoryKey.objects.filter(public_key=data["public_key"]).first()
    if key is None:
        key = SignatoryKey.objects.create(
            uid=uuid.UUID(data["uid"]),
            party=Party.objects.get(code=from_party),
            official=official,
            public_key=data["public_key"],
            attested_at=_when(data["attested_at"]),
            attestation=data["attestation"],
            node_public_key=data["node_public_key"],
        )
    return key


# --- who can sign --------------------------------------------------------------------------------

CAN_SIGN_HERE = "here"  # own party: an account on this node holds a key for the official
NO_ACCOUNT_HERE = "none"  # own party: nobody here can sign for the official
ATTESTED = "attested"  # other party: its node has sent a key it attested for the official
NOT_KNOWN = "unknown"  # other party: its node has told us nothing about the official


def signatory_reach(officials: list[Official]) -> dict[int, str]:
    """Whether each official can sign, as far as this node knows (official pk -> one of the codes above).

    Only an official linked to a signatory account on their own party's node can sign. For our own
    party we know; for another party we know only the keys its node attested and sent us."""
    own = this_party_code()
    ids = [o.pk for o in officials]
    local = set(
        SignatoryKey.objects.filter(official_id__in=ids, officer__isnull=False, key_file__gt="").values_list(
            "official_id", flat=True
        )
    )
    attested = set(
        SignatoryKey.objects.filter(official_id__in=ids)
        .exclude(party__code=own)
        .values_list("official_id", flat=True)
    )
    reach = {}
    for official in officials:
        if official.party.code == own:
            reach[official.pk] = CAN_SIGN_HERE if official.pk in local else NO_ACCOUNT_HERE
        else:
            reach[official.pk] = ATTESTED if official.pk in attested else NOT_KNOWN
    return reach


def reach_label(official: Official, code: str) -> str:
    """A short note on whether `official` can sign, for lists and tables."""
    if code == CAN_SIGN_HERE:
        return _("can sign on this node")
    if code == NO_ACCOUNT_HERE:
        return _("no signatory account on this node")
    if code == ATTESTED:
        return _("signatory key attested by %(party)s") % {"party": official.party.name}
    return _("not known here whether they can sign on %(party)s's node") % {"party": official.party.name}


def reach_warnings(document: Document) -> list[str]:
    """What to tell the drafter on sharing: designated signatories who cannot (or may not) sign."""
    rows = list(document.signatories.select_related("official__party", "party"))
    reach = signatory_reach([r.official for r in rows])
    warnings = []
    for row in rows:
        code = reach[row.official.pk]
        values = {"name": row.official.name, "party": row.party.name}
        if code == NO_ACCOUNT_HERE:
            warnings.append(
                _(
                    "%(name)s has no signatory account on this node: nobody can sign for %(party)s until "
                    "an administrator links one to them, or a revision designates another signatory."
                )
                % values
            )
        elif code == NOT_KNOWN:
            warnings.append(
                _(
                    "%(party)s's node has not told this node that %(name)s can sign there: check with "
                    "%(party)s that %(name)s has a signatory account."
                )
                % values
            )
    return warnings


# --- signing -------------------------------------------------------------------------------------


def is_fully_signed(version: DocumentVersion) -> bool:
    signed = {s.party.code for s in version.signatures.all()}
    return set(version.document.party_codes()) <= signed


def signed_version(document: Document) -> DocumentVersion | None:
    """The latest version every party has signed, if any."""
    for version in document.versions.order_by("-number").prefetch_related("signatures__party"):
        if is_fully_signed(version):
            return version
    return None


def check_sign_version(
    document: Document, number: int, *, acting_user: Officer, content_sha256: str | None = None
) -> Signature:
    """Sign version `number` of `document` for the acting officer's party with their signatory key.

    `content_sha256`, when given, is the hash the signatory was shown and confirmed: if the stored
    version does not have it, nothing is signed."""
    own = this_party_code()
    if officer_party_code(acting_user) != own:
        raise PermissionDenied(_("You sign on your own party's node."))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        designated = locked.signatories.select_related("official").filter(party__code=own).first()
        if designated is None:
            raise invalid(_("No signatory is designated for %(party)s on this document.") % {"party": own})
        key = SignatoryKey.objects.filter(
            officer=acting_user, official=designated.official, key_file__gt=""
        ).first()
        if key is None:
            raise PermissionDenied(
                _(
                    "Only %(name)s, the designated signatory for %(party)s, can sign this "
                    "document, with their signatory key on this node."
                )
                % {"name": designated.official.name, "party": own}
            )
        if len(locked.party_codes()) > 1 and locked.origin_party.code == own and locked.shared_at is None:
            raise invalid(_("Share the draft with the other parties before signing it."))
        latest = locked.versions.order_by("-number").first()
        version = locked.versions.filter(number=number).first()
        if version is None or latest is None:
            raise invalid(_("This document has no version %(n)s.") % {"n": number})
        if version.number != latest.number:
            raise invalid(
                _(
                    "Version %(n)s is no longer the latest: version %(latest)s replaced it. Read version "
                    "%(latest)s and sign that one."
                )
                % {"n": number, "latest": latest.number}
            )
        if version.signatures.filter(party__code=own).exists():
            raise invalid(_("%(party)s has signed version %(n)s already.") % {"party": own, "n": number})
        content_hash = statements.content_sha256(version_content(version))
        if content_hash != version.content_sha256:
            raise invalid(
                _("The stored text of this version does not match its hash: it was altered. Do not sign.")
            )
        if content_sha256 is not None and content_sha256 != content_hash:
            raise invalid(
                _("Version %(n)s is not the text you confirmed (its SHA-256 differs). Nothing was signed.")
                % {"n": number}
            )
        signed_at = timezone.now().isoformat()
        private = identity.load_signing_key(key.key_file)
        statement = statements.signature_statement(
            document_uid=str(locked.uid),
            version=version.number,
            content_sha256=content_hash,
            party=own,
            official=designated.official.key,
            signed_at=signed_at,
        )
        signature = Signature.objects.create(
            version=version,
            party=Party.objects.get(code=own),
            official=designated.official,
            key=key,
            signed_at=_when(signed_at),
            content_sha256=content_hash,
            signature=canonical.sign(private, statement),
        )
        audit.record(
            AuditEventType.DOCUMENT_SIGNED,
            actor=acting_user,
            target=locked,
            extra={
                "version": version.number,
                "party": own,
                "content_sha256": content_hash,
                "official": designated.official.key,
            },
        )
        share(
            DOCUMENT_SIGNED,
            {
                "document": str(locked.uid),
                "reference": locked.reference,
                "version": version.number,
                "signature": signature_payload(signature),
                "key": key_payload(key),
            },
            locked.party_codes(),
            refs=[str(locked.uid)],
        )
        _after_signature(version, actor_name=acting_user.username)
        return signature


def signature_payload(signature: Signature) -> dict[str, Any]:
    return {
        "uid": str(signature.uid),
        "party": signature.party.code,
        "official": signature.official.key,
        "signed_at": signature.signed_at.isoformat(),
        "content_sha256": signature.content_sha256,
        "signature": signature.signature,
    }


def _after_signature(version: DocumentVersion, *, actor_name: str) -> None:
    if is_fully_signed(version):
        from .commitments import materialise_commitments

        materialise_commitments(version, actor_name=actor_name)


def receive_signature(payload: dict[str, Any], *, from_party: str) -> Signature:
    """Apply an `agreements.document.signed` envelope after checking the whole chain."""
    document = Document.objects.select_for_update().filter(uid=uuid.UUID(payload["document"])).first()
    if document is None:
        raise ValueError(f"signature for unknown document {payload['document']}")
    data = payload["signature"]
    if data["party"] != from_party:
        raise ValueError(f"{from_party} cannot deliver a signature of {data['party']}")
    version = document.versions.filter(number=int(payload["version"])).first()
    if version is None:
        raise ValueError(f"signature for unknown version {payload['version']} of {document.reference}")
    existing = version.signatures.filter(party__code=from_party).first()
    if existing is not None:
        if existing.signature != data["signature"]:
            raise ValueError(f"{from_party} signed version {version.number} already, with another signature")
        return existing
    key = _accept_key(payload["key"], from_party=from_party)
    if data["content_sha256"] != version.content_sha256:
        raise ValueError(f"{from_party} signed a text of version {version.number} that differs from ours")
    statement = statements.signature_statement(
        document_uid=str(document.uid),
        version=version.number,
        content_sha256=data["content_sha256"],
        party=from_party,
        official=data["official"],
        signed_at=data["signed_at"],
    )
    if not canonical.verify(key.public_key, statement, data["signature"]):
        raise ValueError(
            f"the signature of {from_party} on {document.reference} v{version.number} does not verify"
        )
    official = Official.objects.get(key=data["official"])
    signature = Signature.objects.create(
        uid=uuid.UUID(data["uid"]),
        version=version,
        party=key.party,
        official=official,
        key=key,
        signed_at=_when(data["signed_at"]),
        content_sha256=data["content_sha256"],
        signature=data["signature"],
    )
    audit.record(
        AuditEventType.DOCUMENT_SIGNED,
        actor=None,
        actor_name=f"peer:{from_party}",
        target=document,
        extra={
            "version": version.number,
            "party": from_party,
            "content_sha256": data["content_sha256"],
            "official": official.key,
        },
    )
    _after_signature(version, actor_name=f"peer:{from_party}")
    return signature


# --- offline verification ------------------------------------------------------------------------


@dataclass
class Check:
    party: str
    version: int
    ok: bool
    detail: str


@dataclass
class Verification:
    document: Document
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def signed_parties(self) -> list[str]:
        latest = self.document.versions.order_by("-number").first()
        return sorted(
            c.party for c in self.checks if c.ok and latest is not None and c.version == latest.number
        )


def verify_signature(signature: Signature) -> Check:
    version = signature.version
    document = version.document
    party = signature.party.code

    def fail(reason: str) -> Check:
        return Check(party, version.number, False, reason)

    content_hash = statements.content_sha256(version_content(version))
    if content_hash != version.content_sha256:
        return fail(
            _("the stored text of version %(n)s does not match its recorded hash (text altered)")
            % {"n": version.number}
        )
    if content_hash != signature.content_sha256:
        return fail(_("the signature covers another text than the one stored (hash differs)"))
    statement = statements.signature_statement(
        document_uid=str(document.uid),
        version=version.number,
        content_sha256=signature.content_sha256,
        party=party,
        official=signature.official.key,
        signed_at=signature.signed_at.isoformat(),
    )
    key = signature.key
    if key.party_id != signature.party_id or key.official_id != signature.official_id:
        return fail(_("the key does not belong to this party's signatory"))
    if not canonical.verify(key.public_key, statement, signature.signature):
        return fail(_("the Ed25519 signature does not verify against the signatory key"))
    attestation = statements.key_attestation(
        party=key.party.code,
        official=key.official.key,
        public_key=key.public_key,
        attested_at=key.attested_at.isoformat(),
    )
    if not canonical.verify(key.node_public_key, attestation, key.attestation):
        return fail(_("the signatory key's attestation does not verify against the node key"))
    trusted = node_signing_key(party)
    if trusted is not None and trusted != key.node_public_key:
        return fail(
            _("the signatory key was attested by a node key that is not %(party)s's") % {"party": party}
        )
    # Translated where it is shown (the verify page runs in the reader's language; the CLI in English).
    if trusted:
        detail = _("signed by %(name)s on %(date)s (node key checked)")
    else:
        detail = _(
            "signed by %(name)s on %(date)s "
            "(node key not pinned here: attestation checked against stored key)"
        )
    when = date_format(timezone.localtime(signature.signed_at).date(), "SHORT_DATE_FORMAT")
    return Check(party, version.number, True, detail % {"name": signature.official.name, "date": when})


def verify_document(document: Document) -> Verification:
    result = Verification(document)
    for signature in (
        Signature.objects.filter(version__document=document)
        .select_related("version__document", "party", "official", "key__party", "key__official")
        .order_by("version__number", "party__code")
    ):
        result.checks.append(verify_signature(signature))
    if not result.checks:
        if document.signed_on_paper:
            result.notes.append(
                _("signed on paper on %(date)s; no digital signature recorded")
                % {"date": date_format(document.signed_on_paper, "SHORT_DATE_FORMAT")}
            )
        else:
            result.notes.append(_("no signature yet"))
    return result
