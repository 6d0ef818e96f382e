"""Core JSON API: reference data (read-only), code lists (read-only, closed), the current officer."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from liaison.core import codelists
from liaison.core.access import party_code
from liaison.core.models import Party, Twinning, Unit

from .schemas import CodeOut, MeOut, PartyOut, TwinningOut, UnitOut

router = Router(tags=["core"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    officer = request.user
    return MeOut(
        username=officer.username,
        full_name=officer.get_full_name(),  # type: ignore[union-attr]
        unit=officer.unit.code if officer.unit_id else None,  # type: ignore[union-attr]
        party=party_code(officer) or None,  # type: ignore[arg-type]
        roles=sorted(officer.role_codes()),  # type: ignore[union-attr]
        language=officer.language,  # type: ignore[union-attr]
    )


@router.get("/parties", response=list[PartyOut])
def list_parties(request: HttpRequest) -> list[PartyOut]:
    return [
        PartyOut(code=p.code, name=p.name, names=p.names, language=p.language) for p in Party.objects.all()
    ]


@router.get("/units", response=list[UnitOut])
def list_units(request: HttpRequest, party: str | None = None) -> list[UnitOut]:
    units = Unit.objects.select_related("party", "parent")
    if party:
        units = units.filter(party__code=party.upper())
    return [
        UnitOut(
            code=u.code,
            party=u.party.code,
            parent=u.parent.code if u.parent else None,
            kind=u.kind,
            name=u.name,
            names=u.names,
            offence_focus=u.offence_focus,
        )
        for u in units
    ]


@router.get("/twinnings", response=list[TwinningOut])
def list_twinnings(request: HttpRequest) -> list[TwinningOut]:
    return [
        TwinningOut(id=t.pk, unit_a=t.unit_a.code, unit_b=t.unit_b.code, kind=t.kind, is_demo=t.is_demo)
        for t in Twinning.objects.select_related("unit_a", "unit_b")
    ]


@router.get("/codelists/{list_name}", response=list[CodeOut])
def code_list(request: HttpRequest, list_name: str) -> list[CodeOut]:
    """A closed code list (offence, tlp, priority) with labels in the four languages. Read-only."""
    if list_name not in codelists.CODE_LISTS:
        raise HttpError(404, f"unknown code list {list_name!r}; known: {', '.join(codelists.CODE_LISTS)}")
    return [
        CodeOut(code=c.code, label=c.label(), labels=c.labels, iccs=c.iccs)
        for c in codelists.CODE_LISTS[list_name]
    ]
