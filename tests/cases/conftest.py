"""Fixtures of the cases tests: this is the VN node (real keys, real outbox), with officers of
Quang Tri, Kon Tum and Savannakhet, and a joint case of Quang Tri and Savannakhet."""

from __future__ import annotations

from typing import Any

import pytest

from tests.federation.conftest import remote  # noqa: F401


@pytest.fixture(autouse=True)
def _linked_with_la(request):  # type: ignore[no-untyped-def]
    # This node (VN) is linked with LA's node, as the demo's are: a hit/no-hit query can only be
    # sent to a party whose node is pinned as a peer.
    if "node_identity" in request.fixturenames:
        request.getfixturevalue("remote")


@pytest.fixture
def qtr(make_officer):  # type: ignore[no-untyped-def]
    return make_officer("qtr.duty", unit="VN-QTR", roles=("duty_officer",))


@pytest.fixture
def ktm(make_officer):  # type: ignore[no-untyped-def]
    return make_officer("ktm.officer", unit="VN-KTM", roles=("officer",))


@pytest.fixture
def viewer(make_officer):  # type: ignore[no-untyped-def]
    return make_officer("qtr.viewer", unit="VN-QTR", roles=("viewer",))


@pytest.fixture
def admin(make_officer):  # type: ignore[no-untyped-def]
    return make_officer("vn.admin", unit="VN-MPS", roles=("admin",))


@pytest.fixture
def case(node_identity, units, qtr):  # type: ignore[no-untyped-def]
    from liaison.cases import services

    return services.check_open_case(
        reference="VN-LA-TEST-1",
        title="Test drug case",
        offence="drug_trafficking",
        parties=[],
        units=[units["LA-SVK"]],
        acting_user=qtr,
    )


def sent(envelope_type: str) -> list[dict[str, Any]]:
    """The payloads queued in the real outbox for `envelope_type` (a name with its version)."""
    from liaison.federation.models import OutboxEnvelope

    return [
        {"to": e.to_party, **e.body["payload"]}
        for e in OutboxEnvelope.objects.filter(type=envelope_type).order_by("seq")
    ]
