"""The TLP matrix: for each label, who can and who cannot read a message, through the pages (thread
page and list) and the API (message and thread lists), on the sending node and on the receiving node.

One database plays both: as the sending node, Quang Tri (VN) writes to Savannakhet (LA) through the
services; as the receiving node, LA's Savannakhet desk writes to Quang Tri and its envelope arrives
through the real inbox, signed by LA's key. The readers are VN officers around Quang Tri (see
conftest.py's `officers`): the same officer set answers differently on the two sides, because AMBER
flows down from the sending unit on one side and from the recipient unit on the other.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from liaison.exchange import services
from liaison.exchange.models import Message

from .conftest import draft, la_message

pytestmark = pytest.mark.django_db

EVERYONE = {"qtr", "qtr_duty", "qtr_bp", "mps", "ktm", "viewer", "kh"}
VN = EVERYONE - {"kh"}
QTR_UNIT = {"qtr", "qtr_duty", "viewer"}  # officers of Quang Tri itself
QTR_SUBTREE = QTR_UNIT | {"qtr_bp"}  # and of the border post below it

# Readers on the SENDING node: VN's Quang Tri desk (vn.qtr) writes to LA's Savannakhet; RED names
# vn.ktm. AMBER reaches the sending unit's subtree, AMBER+STRICT the sending unit only.
SENDING = {
    "clear": EVERYONE,
    "green": VN,
    "amber": QTR_SUBTREE,
    "amber_strict": QTR_UNIT,
    "red": {"qtr", "ktm"},  # the author and the officer named
}
# Readers on the RECEIVING node: LA's Savannakhet writes to VN's Quang Tri; RED names vn.qtr_duty.
RECEIVING = {
    "clear": EVERYONE,
    "green": VN,
    "amber": QTR_SUBTREE,
    "amber_strict": QTR_UNIT,
    "red": {"qtr_duty"},  # named: not even the rest of the recipient unit
}
LABELS = tuple(SENDING)


def _client(officer: Any) -> Client:
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(officer)
    return client


def _check(officers: dict[str, Any], message: Message, readers: set[str]) -> None:
    marker = message.body
    thread = message.thread
    for name, officer in officers.items():
        client = _client(officer)
        may = name in readers
        page = client.get(f"/exchange/threads/{thread.uid}/")
        api = client.get(f"/api/exchange/messages/{message.uid}")
        listing = client.get("/api/exchange/threads")
        page_list = client.get("/exchange/")
        where = f"{message.tlp} as {name}"
        assert page.status_code == (200 if may else 404), where
        assert api.status_code == (200 if may else 404), where
        assert (marker in page.content.decode()) is may, where
        assert (str(thread.uid) in listing.content.decode()) is may, where
        assert (thread.subject in page_list.content.decode()) is may, where
        if may:
            assert api.json()["text"]["text"] == marker
            assert api.json()["tlp"]["code"] == message.tlp


@pytest.mark.parametrize("tlp", LABELS)
def test_tlp_on_the_sending_node(tlp: str, officers, tree) -> None:  # type: ignore[no-untyped-def]
    named = [("VN", "vn.ktm")] if tlp == "red" else []
    message = services.check_send_message(
        draft(tlp=tlp, body=f"Sent {tlp} text", named_recipients=named),
        recipient_unit=tree["LA-SVK"],
        subject=f"Sent under {tlp}",
        acting_user=officers["qtr"],
    )
    _check(officers, message, SENDING[tlp])


@pytest.mark.parametrize("tlp", LABELS)
def test_tlp_on_the_receiving_node(tlp: str, officers, deliver) -> None:  # type: ignore[no-untyped-def]
    named = [{"party": "VN", "username": "vn.qtr_duty"}] if tlp == "red" else []
    result = deliver(
        ("exchange.message.sent.v1", la_message(tlp=tlp, named=named, body=f"Received {tlp} text"))
    )
    assert result["receipt"]["results"][0]["outcome"] == "applied"
    _check(officers, Message.objects.get(), RECEIVING[tlp])


def test_a_granted_widening_lets_the_unit_read_on_both_nodes(officers, tree, deliver) -> None:  # type: ignore[no-untyped-def]
    """Receiving side: Quang Tri asks LA (the originator) to pass an AMBER message to Kon Tum; until
    LA's grant arrives through the inbox, Kon Tum cannot read it."""
    deliver(("exchange.message.sent.v1", la_message(tlp="amber", body="Route through Kon Tum")))
    message = Message.objects.get()
    request = services.check_request_widen(
        message, unit=tree["VN-KTM"], reason="Kon Tum watches the same route.", acting_user=officers["qtr"]
    )
    _check(officers, message, QTR_SUBTREE)
    decision = {
        "request": {
            "uid": str(request.uid),
            "message": str(message.uid),
            "unit": "VN-KTM",
            "reason": request.reason,
            "requested_by_name": request.requested_by_name,
            "requested_by_unit": "VN-QTR",
            "requested_at": request.requested_at.isoformat(),
        },
        "status": "granted",
        "decided_by_name": "ບຸນມີ",
        "decided_at": "2026-01-05T04:00:00+00:00",
    }
    deliver(("exchange.widen.decided.v1", decision))
    _check(officers, message, QTR_SUBTREE | {"ktm"})


def test_a_granted_widening_on_the_sending_node(officers, tree) -> None:  # type: ignore[no-untyped-def]
    """Sending side: the originator's unit grants Kon Tum's request locally."""
    message = services.check_send_message(
        draft(tlp="amber_strict", body="Strict text"),
        recipient_unit=tree["LA-SVK"],
        subject="Strict",
        acting_user=officers["qtr"],
    )
    request = services.check_request_widen(
        message, unit=tree["VN-KTM"], reason="Same route.", acting_user=officers["qtr_duty"]
    )
    _check(officers, message, QTR_UNIT)
    services.check_decide_widen(request, grant=True, acting_user=officers["qtr"])
    _check(officers, message, QTR_UNIT | {"ktm"})
