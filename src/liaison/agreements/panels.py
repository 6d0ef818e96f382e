"""Dashboard panels of the agreements app (the app contract's `dashboard_panels`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liaison.core.access import scope_unit_ids
from liaison.core.contract import Panel

from .choices import OPEN_STATUSES
from .models import Commitment, Document, SignatoryKey


def dashboard_panels(officer: Any) -> list[Panel]:
    panels: list[Panel] = []
    scope = scope_unit_ids(officer)
    # Overdue commitments owned by the officer's units (highlighted), then the ones due next.
    owned = (
        Commitment.objects.visible_to(officer)
        .filter(owner_units__in=scope)
        .distinct()
        .filter(status__in=OPEN_STATUSES)
        .select_related("document")
        .with_reported_progress()
        .order_by("due_on")
    )
    rows = list(owned[:8])
    panels.append(
        Panel(
            title=_("Commitments of your units"),
            template="agreements/panels/commitments.html",
            context={
                "commitments": rows,
                # One count query whatever the number of rows, so the page cost stays flat.
                "overdue_count": Commitment.objects.filter(pk__in=owned.values("pk")).overdue().count(),
            },
            order=15,
            empty_text=_("No open commitment is owned by your unit."),
        )
    )
    keys = list(SignatoryKey.objects.filter(officer=officer).values_list("official_id", flat=True))
    if keys:
        awaiting = [
            d
            for d in Document.objects.visible_to(officer)
            .filter(signatories__official_id__in=keys)
            .distinct()
            .order_by("-created_at")
            .prefetch_related("versions__signatures")[:20]
            if d.latest_version is not None
            and not any(s.official_id in keys for s in d.latest_version.signatures.all())
            and d.signed_on_paper is None
        ]
        panels.append(
            Panel(
                title=_("Documents awaiting your signature"),
                template="agreements/panels/to_sign.html",
                context={"documents": awaiting},
                order=12,
                empty_text=_("Nothing waits for your signature."),
            )
        )
    return panels
