"""The demo loader (`liaison demo load`): core's reference data and officers of core_data.py (drawn from
the seed articles) through the core services, then each app's part, through the `demo_loader` its
AppConfig names, in app order."""

from __future__ import annotations

from django.db import transaction

from liaison.core import audit, services
from liaison.core.contract import each_part
from liaison.core.models import AuditEventType, Officer, Party, Unit
from liaison.core.node import local_node_or_none
from liaison.demo.core_data import DEMO_OFFICERS, DEMO_PASSWORD, OFFICIALS, PARTIES, TWINNINGS, UNITS


def load_demo() -> dict[str, int]:
    """Idempotent: a second run changes nothing that is already there."""
    node = local_node_or_none()
    if node is None:
        raise ValueError("this node is not initialised: run `liaison node init` before `liaison demo load`")
    own_party = node.party
    with transaction.atomic():
        for party in PARTIES:
            services.do_save_party(
                party["code"], names=party["names"], language=party["language"], acting_user=None
            )
        parties = {p.code: p for p in Party.objects.all()}
        units: dict[str, Unit] = {}
        for row in UNITS:
            units[row["code"]] = services.do_save_unit(
                row["code"],
                party=parties[row["party"]],
                kind=row["kind"],
                names=row["names"],
                parent=units[row["parent"]] if row["parent"] else None,
                offence_focus=row.get("offence_focus"),
                is_demo=row.get("demo", False),
                acting_user=None,
            )
        for row in TWINNINGS:
            services.do_create_twinning(
                units[row["a"]],
                units[row["b"]],
                kind=row.get("kind", "border_provinces"),
                notes=row.get("note", {}),
                is_demo=True,
                acting_user=None,
            )
        for row in OFFICIALS:
            services.do_save_official(
                row["key"],
                party=parties[row["party"]],
                name=row["name"],
                variants=row.get("variants", []),
                titles=row.get("title", {}),
                ranks=row.get("rank", {}),
                source=row.get("source", ""),
                acting_user=None,
            )
        created = 0
        for row in DEMO_OFFICERS:
            if row["party"] != own_party or Officer.objects.filter(username=row["username"]).exists():
                continue
            services.do_create_officer(
                row["username"],
                password=DEMO_PASSWORD,
                unit=units[row["unit"]],
                roles=row["roles"],
                full_name=row["full_name"],
                language=row["language"],
                is_demo=True,
                acting_user=None,
            )
            created += 1
        # Each app adds its own demo data through the loader its AppConfig names (the app contract).
        for _config, loader in each_part("demo_loader"):
            loader(own_party)
        audit.record(
            AuditEventType.DEMO_LOADED,
            actor=None,
            actor_name="demo",
            extra={"party": own_party, "officers_created": created},
        )
    return {
        "parties": len(PARTIES),
        "units": len(UNITS),
        "twinnings": len(TWINNINGS),
        "officials": len(OFFICIALS),
        "officers created": created,
    }


def demo_logins(party_code: str) -> list[tuple[str, str, str, str]]:
    """(roles, unit, username, password) for each demo officer of a party, for the start-up banner."""
    unit_names = {u["code"]: u["names"]["en"] for u in UNITS}
    return [
        (
            ", ".join(role.replace("_", " ") for role in row["roles"]),
            unit_names[row["unit"]],
            row["username"],
            DEMO_PASSWORD,
        )
        for row in DEMO_OFFICERS
        if row["party"] == party_code
    ]
