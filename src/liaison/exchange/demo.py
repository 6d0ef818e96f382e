"""The exchange demo: a year of monthly border situation reports between the twinned provinces of
Quang Tri (VN) and Savannakhet (LA), both ways, due on the 5th.

The figures are invented (seeded, so both nodes hold the same ones) and every report is marked
`is_demo`, which the pages show as "illustrative figures". Like the agreements demo, both nodes load
the same data into their own database under uids derived from demo keys; no envelope is sent.
The latest month of the Savannakhet report is left unfiled, so the dashboard has an overdue (or due)
report to show. Idempotent: a schedule that exists is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from liaison.core import codelists
from liaison.core.models import Unit

from . import services
from .models import ReportSchedule
from .models.reports import add_months

NAMESPACE = uuid.UUID("0c7f3b8e-5d2a-4e61-8f3b-7a9d2c4e6f10")

SCHEDULES: tuple[dict[str, Any], ...] = (
    {
        "key": "qtr-svk-monthly",
        "from": "VN-PS-QTR",
        "to": "LA-PS-SVK",
        "titles": {
            "en": "Monthly border situation report",
            "vi": "Báo cáo tình hình biên giới hằng tháng",
            "lo": "ບົດລາຍງານສະພາບຊາຍແດນປະຈຳເດືອນ",
            "fr": "Rapport mensuel sur la situation frontalière",
        },
        "language": "vi",
        "narrative": "Tình hình biên giới ổn định; tuần tra song phương theo kế hoạch tại cửa khẩu Lao Bảo.",
        "author": "Lê Quang Vinh",
        "skip_latest": False,
    },
    {
        "key": "svk-qtr-monthly",
        "from": "LA-PS-SVK",
        "to": "VN-PS-QTR",
        "titles": {
            "en": "Monthly border situation report",
            "vi": "Báo cáo tình hình biên giới hằng tháng",
            "lo": "ບົດລາຍງານສະພາບຊາຍແດນປະຈຳເດືອນ",
            "fr": "Rapport mensuel sur la situation frontalière",
        },
        "language": "lo",
        "narrative": "ສະພາບຊາຍແດນສະຫງົບ; ການລາດຕະເວນຮ່ວມຢູ່ດ່ານແດນສະຫວັນ ດຳເນີນຕາມແຜນ.",
        "author": "ບຸນມີ ແສງທອງ",
        "skip_latest": True,
    },
)

SEIZED = ("drug_trafficking", "smuggling_of_goods", "illegal_border_crossing", "trafficking_in_persons")


def demo_uid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def load_demo(party_code: str) -> None:
    """Run by `liaison demo load` on each node (the app contract's `demo_loader`)."""
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -12)
    assert all(code in codelists.codes("offence") for code in SEIZED)
    with transaction.atomic():
        for row in SCHEDULES:
            uid = demo_uid("schedule", row["key"])
            if ReportSchedule.objects.filter(uid=uid).exists():
                continue
            reporting = Unit.objects.filter(code=row["from"]).first()
            recipient = Unit.objects.filter(code=row["to"]).first()
            if reporting is None or recipient is None:
                continue
            schedule = services.check_save_schedule(
                uid=uid,
                titles=row["titles"],
                reporting_unit=reporting,
                recipient_unit=recipient,
                starts_on=first,
                due_day=5,
                acting_user=None,
                is_demo=True,
                federate=False,
            )
            rng = random.Random(row["key"])
            starts = schedule.period_starts(today)
            if row["skip_latest"]:
                starts = starts[:-1]
            for start in starts:
                _s, _e, due_on = schedule.period_bounds(start)
                filed_on = due_on - dt.timedelta(days=rng.randint(-2, 4))  # now and then a day or two late
                services.check_file_report(
                    schedule,
                    uid=demo_uid("report", f"{row['key']}:{start.isoformat()}"),
                    period_start=start,
                    crossings=rng.randint(9000, 14000),
                    incidents=rng.randint(0, 6),
                    seizures={code: rng.randint(0, 5) for code in SEIZED},
                    narrative=row["narrative"],
                    language=row["language"],
                    acting_user=None,
                    author_name=row["author"],
                    filed_at=timezone.make_aware(dt.datetime.combine(min(filed_on, today), dt.time(9))),
                    is_demo=True,
                    federate=False,
                )
