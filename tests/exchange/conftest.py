"""Fixtures of the exchange tests: this node is VN (its officers by unit and role), LA is a real
remote peer whose envelopes reach this node through the real inbox (signed, checked, applied), and
what VN sends is read back from its outbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.federation.conftest import remote  # noqa: F401 - the LA peer fixture


@pytest.fixture
def tree(units, parties):  # type: ignore[no-untyped-def]
    """The shared test units, with a border post below each twinned province and a third party."""
    from liaison.core import services

    kh = services.do_save_party("KH", names={"en": "Cambodia"}, language="km", acting_user=None)

    def unit(code: str, party: Any, kind: str, parent: Any = None) -> Any:
        return services.do_save_unit(
            code, party=party, kind=kind, names={"en": code}, parent=parent, acting_user=None
        )

    return {
        **units,
        "VN-QTR-BP": unit("VN-QTR-BP", parties["VN"], "border_post", units["VN-QTR"]),
        "LA-SVK-BP": unit("LA-SVK-BP", parties["LA"], "border_post", units["LA-SVK"]),
        "KH-MOI": unit("KH-MOI", kh, "ministry"),
    }


@pytest.fixture
def officers(tree, node_identity):  # type: ignore[no-untyped-def]
    """VN officers around the Quang Tri desk, and one officer of a third party's unit."""
    from liaison.core import services

    def make(username: str, unit: str, *roles: str) -> Any:
        return services.do_create_officer(
            username,
            password="correct-horse-battery",
            unit=tree[unit],
            roles=list(roles or ("officer",)),
            full_name=username,
            language="en",
            acting_user=None,
        )

    return {
        "qtr": make("vn.qtr", "VN-QTR", "officer"),  # writes from Quang Tri
        "qtr_duty": make("vn.qtr_duty", "VN-QTR", "duty_officer"),  # same unit
        "qtr_bp": make("vn.qtr_bp", "VN-QTR-BP", "officer"),  # a unit below Quang Tri
        "mps": make("vn.mps", "VN-MPS", "liaison"),  # the ministry above Quang Tri
        "ktm": make("vn.ktm", "VN-KTM", "officer"),  # another VN province
        "viewer": make("vn.viewer", "VN-QTR", "viewer"),  # Quang Tri, reads only
        "kh": make("kh.moi", "KH-MOI", "officer"),  # a third party's unit
    }


@pytest.fixture
def sent(db) -> Callable[[str], list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """The payloads of one envelope type this node queued, oldest first."""
    from liaison.federation.models import OutboxEnvelope

    def of_type(wire_type: str) -> list[dict[str, Any]]:
        rows = OutboxEnvelope.objects.filter(type=wire_type).order_by("seq")
        return [row.body["payload"] for row in rows]

    return of_type


@pytest.fixture
def deliver(remote, client, tree):  # type: ignore[no-untyped-def]  # noqa: F811
    """Post envelopes signed by LA to this node's inbox; returns the inbox's answer (JSON, with the
    signed receipt: a batch whose envelopes are all refused answers 4xx)."""

    def post(*items: tuple[str, dict[str, Any]]) -> dict[str, Any]:
        envelopes = [remote.envelope(payload, type=wire_type) for wire_type, payload in items]
        response = remote.post(client, remote.batch(envelopes))
        assert "receipt" in response.json(), response.content
        return dict(response.json())

    return post


def draft(**changes: Any) -> Any:
    from liaison.exchange import services

    values: dict[str, Any] = {
        "offence": "drug_trafficking",
        "tlp": "amber",
        "priority": "urgent",
        "legal_basis": "2022 cooperation agreement, article 4",
        "body": "Two vehicles crossed at Lao Bao at 02:00 carrying methamphetamine.",
        "language": "en",
    }
    values.update(changes)
    return services.Draft(**values)


def la_message(
    *,
    tlp: str = "amber",
    uid: str = "01900000-0000-7000-8000-000000000001",
    thread: str = "01900000-0000-7000-8000-0000000000aa",
    named: list[dict[str, str]] | None = None,
    body: str = "ລົດສອງຄັນຂ້າມຊາຍແດນ",
    sender: str = "LA-SVK",
    recipient: str = "VN-QTR",
    attachments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What LA's node sends when its Savannakhet desk writes to Quang Tri."""
    return {
        "thread": {
            "uid": thread,
            "subject": f"Crossings at Dansavanh ({tlp})",
            "subject_language": "en",
            "unit_a": sender,
            "unit_b": recipient,
            "origin_party": "LA",
            "created_at": "2026-01-05T02:00:00+00:00",
        },
        "message": {
            "uid": uid,
            "sender_unit": sender,
            "recipient_unit": recipient,
            "party": "LA",
            "author_name": "ບຸນມີ ແສງທອງ",
            "offence": "smuggling_of_goods",
            "tlp": tlp,
            "priority": "urgent",
            "legal_basis": "Agreement of 2022, art. 4",
            "case_reference": "SVK-2026-001",
            "language": "lo",
            "body": body,
            "translation": "Two cars crossed the border",
            "translation_language": "en",
            "named_recipients": named or [],
            "created_at": "2026-01-05T02:00:00+00:00",
            "attachments": attachments or [],
        },
    }
