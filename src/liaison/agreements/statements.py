"""What a document signature covers. Pure: no Django, no database; the canonical bytes, signing and
verifying are core.canonical's, the one implementation the federation uses too.

A document version is reduced to `document_content(...)`, a JSON object of everything agreed: the
texts in each language, the undertakings and the hashes of the attachments. Its RFC 8785 bytes are
hashed (SHA-256). A signatory signs a *statement* naming that hash, the document, the version, the
party and the official; a node attests a signatory key with another statement. Anyone holding the
node keys can re-derive every byte and check every signature offline.
"""

from __future__ import annotations

import hashlib
from typing import Any

from liaison.core.canonical import canonical

__all__ = ["content_sha256", "document_content", "key_attestation", "signature_statement"]

SIGNATURE_PURPOSE = "liaison.agreements.signature.v1"
ATTESTATION_PURPOSE = "liaison.agreements.signatory-key.v1"


def document_content(
    *,
    document_uid: str,
    reference: str,
    kind: str,
    version: int,
    parties: list[str],
    meeting_uid: str | None,
    plan_year: int | None,
    titles: dict[str, str],
    working_language: str,
    texts: dict[str, str],
    undertakings: list[dict[str, Any]],
    attachments: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "document": document_uid,
        "reference": reference,
        "kind": kind,
        "version": version,
        "parties": sorted(parties),
        "meeting": meeting_uid,
        "plan_year": plan_year,
        "titles": titles,
        "working_language": working_language,
        "texts": texts,
        "undertakings": undertakings,
        "attachments": sorted(attachments, key=lambda a: (a["sha256"], a["name"])),
    }


def content_sha256(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def signature_statement(
    *, document_uid: str, version: int, content_sha256: str, party: str, official: str, signed_at: str
) -> bytes:
    return canonical(
        {
            "purpose": SIGNATURE_PURPOSE,
            "document": document_uid,
            "version": version,
            "content_sha256": content_sha256,
            "party": party,
            "official": official,
            "signed_at": signed_at,
        }
    )


def key_attestation(*, party: str, official: str, public_key: str, attested_at: str) -> bytes:
    return canonical(
        {
            "purpose": ATTESTATION_PURPOSE,
            "party": party,
            "official": official,
            "public_key": public_key,
            "attested_at": attested_at,
        }
    )
