"""Fixtures of the hotline tests: this node is VN; Quang Tri (VN) is twinned with Savannakhet (LA).
Alerts from LA arrive through the same `receive_*` functions the inbox calls."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def desk(node_identity, units, make_officer):  # type: ignore[no-untyped-def]
    from liaison.core import services as core

    core.do_create_twinning(
        units["VN-QTR"], units["LA-SVK"], kind="border_provinces", notes={}, acting_user=None
    )
    duty = make_officer("qtr.duty", unit="VN-QTR", roles=("duty_officer",))
    duty.email = "qtr.duty@example.test"
    duty.save(update_fields=["email"])
    return {
        "duty": duty,
        "duty2": make_officer("qtr.duty2", unit="VN-QTR", roles=("duty_officer",)),
        "viewer": make_officer("qtr.viewer", unit="VN-QTR", roles=("viewer",)),
        "outsider": make_officer("ktm.duty", unit="VN-KTM", roles=("duty_officer",)),
        "admin": make_officer("vn.admin", unit="VN-MPS", roles=("admin",)),
        "units": units,
    }


def incoming_payload(**overrides: Any) -> dict[str, Any]:
    """An alert from Savannakhet (LA) to Quang Tri's duty desk, as the LA node would send it."""
    return {
        "uid": str(uuid.uuid4()),
        "from_unit": "LA-SVK",
        "to_unit": "VN-QTR",
        "kind": "cross_border_pursuit",
        "offence_category": "drug_trafficking",
        "subject": "Vehicle crossing towards Lao Bao",
        "details": "Grey pick-up, two persons.",
        "language": "en",
        "raised_by": "Savannakhet duty desk",
        "raised_at": timezone.now().isoformat(),
        **overrides,
    }
