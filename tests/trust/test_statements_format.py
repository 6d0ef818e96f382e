"""The bytes a document signature covers are a format other nodes (and anyone checking offline)
re-derive on their own: they are pinned here byte for byte, so renaming a key or dropping a field
shows as a change of format, not as a signature that only this code can still check."""

from __future__ import annotations

import hashlib

from liaison.agreements import statements


def test_signature_statement_bytes() -> None:
    assert statements.signature_statement(
        document_uid="0b9e3a52-1111-4aaa-9bbb-000000000001",
        version=2,
        content_sha256="ab" * 32,
        party="LA",
        official="kongthong_phongvichit",
        signed_at="2025-03-01T08:00:00+00:00",
    ) == (
        b'{"content_sha256":"' + b"ab" * 32 + b'","document":"0b9e3a52-1111-4aaa-9bbb-000000000001",'
        b'"official":"kongthong_phongvichit","party":"LA","purpose":"liaison.agreements.signature.v1",'
        b'"signed_at":"2025-03-01T08:00:00+00:00","version":2}'
    )


def test_key_attestation_bytes() -> None:
    assert statements.key_attestation(
        party="VN", official="luong_tam_quang", public_key="PUBKEY=", attested_at="2025-03-01T00:00:00+00:00"
    ) == (
        b'{"attested_at":"2025-03-01T00:00:00+00:00","official":"luong_tam_quang","party":"VN",'
        b'"public_key":"PUBKEY=","purpose":"liaison.agreements.signatory-key.v1"}'
    )


def _content() -> dict[str, object]:
    return statements.document_content(
        document_uid="0b9e3a52-1111-4aaa-9bbb-000000000001",
        reference="VN-LA-MIN-15",
        kind="minutes",
        version=1,
        parties=["VN", "LA"],
        meeting_uid=None,
        plan_year=2023,
        titles={"en": "Minutes"},
        working_language="en",
        texts={"en": "Article 1", "lo": "ມາດຕາ 1"},
        undertakings=[{"key": "c1"}],
        attachments=[
            {"sha256": "bb", "name": "b.pdf"},
            {"sha256": "aa", "name": "z.pdf"},
            {"sha256": "aa", "name": "a.pdf"},
        ],
    )


def test_document_content_names_everything_agreed_in_a_fixed_order() -> None:
    content = _content()
    assert content == {
        "document": "0b9e3a52-1111-4aaa-9bbb-000000000001",
        "reference": "VN-LA-MIN-15",
        "kind": "minutes",
        "version": 1,
        "parties": ["LA", "VN"],
        "meeting": None,
        "plan_year": 2023,
        "titles": {"en": "Minutes"},
        "working_language": "en",
        "texts": {"en": "Article 1", "lo": "ມາດຕາ 1"},
        "undertakings": [{"key": "c1"}],
        "attachments": [
            {"sha256": "aa", "name": "a.pdf"},
            {"sha256": "aa", "name": "z.pdf"},
            {"sha256": "bb", "name": "b.pdf"},
        ],
    }
    expected = (
        '{"attachments":[{"name":"a.pdf","sha256":"aa"},{"name":"z.pdf","sha256":"aa"},'
        '{"name":"b.pdf","sha256":"bb"}],"document":"0b9e3a52-1111-4aaa-9bbb-000000000001",'
        '"kind":"minutes","meeting":null,"parties":["LA","VN"],"plan_year":2023,'
        '"reference":"VN-LA-MIN-15","texts":{"en":"Article 1","lo":"ມາດຕາ 1"},"titles":{"en":"Minutes"},'
        '"undertakings":[{"key":"c1"}],"version":1,"working_language":"en"}'
    ).encode()
    assert statements.content_sha256(content) == hashlib.sha256(expected).hexdigest()
