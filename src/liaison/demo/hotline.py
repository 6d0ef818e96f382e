"""Demo data of the hotline (illustrative, marked as demo on the pages): a duty roster and an
escalation chain for the duty desks of Quang Tri (VN) and Savannakhet (LA), and the deadline of
their twinning. Addresses use the reserved .invalid domain: nothing is ever delivered to them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from liaison.core.models import Officer, Twinning, Unit
from liaison.hotline import services
from liaison.hotline.choices import StepAction
from liaison.hotline.models import DutyShift

CHAINS: dict[str, list[tuple[int, str]]] = {
    "VN": [(0, StepAction.NOTIFY_DUTY), (5 * 60, StepAction.NOTIFY_HEAD), (10 * 60, StepAction.NOTIFY_DESK)],
    "LA": [(0, StepAction.NOTIFY_DUTY), (5 * 60, StepAction.NOTIFY_HEAD), (15 * 60, StepAction.NOTIFY_DESK)],
}
DESKS: dict[str, dict[str, str]] = {
    "VN": {
        "unit": "VN-PS-QTR",
        "duty": "vn.duty",
        "desk_email": "trucban-24-7@mps.demo.invalid",
        "head_email": "giamdoc@quangtri.demo.invalid",
    },
    "LA": {
        "unit": "LA-PS-SVK",
        "duty": "la.duty",
        "desk_email": "duty-24-7@mps.la.demo.invalid",
        "head_email": "commander@savannakhet.demo.invalid",
    },
}
TWINNING = ("VN-PS-QTR", "LA-PS-SVK")
ROSTER_DAYS = 30


def load_demo(party_code: str) -> None:
    """Idempotent: a desk that already has demo shifts is left as it is."""
    desk = DESKS.get(party_code)
    twinning = Twinning.objects.filter(unit_a__code=TWINNING[0], unit_b__code=TWINNING[1]).first()
    if twinning is not None:
        services.check_set_ack_deadline(twinning, seconds=15 * 60, acting_user=None)
    if desk is None:
        return
    unit = Unit.objects.filter(code=desk["unit"]).first()
    if unit is None:
        return
    services.check_set_escalation_chain(
        unit,
        steps=CHAINS[party_code],
        repeat_times=1,
        acting_user=None,
        is_demo=True,
    )
    services.check_set_unit_contacts(
        unit,
        head_email=str(desk["head_email"]),
        desk_email=str(desk["desk_email"]),
        acting_user=None,
        is_demo=True,
    )
    officer = Officer.objects.filter(username=desk["duty"]).first()
    if officer is None or DutyShift.objects.filter(unit=unit, is_demo=True).exists():
        return
    # Day and night shifts (07:00-19:00, 19:00-07:00) from yesterday for a month, all held by the
    # one demo duty officer of the desk: an illustration of the roster, not a real rota.
    start = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    for half_day in range(ROSTER_DAYS * 2):
        begins = start + dt.timedelta(hours=12 * half_day)
        services.check_add_duty_shift(
            unit,
            officer=officer,
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=12),
            acting_user=None,
            is_demo=True,
        )
