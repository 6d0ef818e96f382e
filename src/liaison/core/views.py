from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from liaison.core.models import Party, Twinning, Unit, UnitKind
from liaison.core.node import local_node_or_none


def _tree(units: list[Unit], first_party: str = "") -> list[tuple[Unit, int]]:
    """Depth-first order with each unit's depth, for an indented directory; this node's party first."""
    children: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(
            children.get(parent, []), key=lambda u: (u.party.code != first_party, u.party.code, u.name)
        ):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


@login_required
def unit_directory(request: HttpRequest) -> HttpResponse:
    """The unit directory is reference data every officer may read; filters narrow it."""
    party_code = request.GET.get("party", "")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    units = Unit.objects.select_related("party", "parent")
    if party_code:
        units = units.filter(party__code=party_code)
    if kind:
        units = units.filter(kind=kind)
    rows: list[tuple[Unit, int]]
    if query:
        # Names are JSON by language: match the text in any of them, and the code.
        rows = [
            (u, 0)
            for u in units
            if query.casefold() in (u.code + " " + " ".join(u.names.values())).casefold()
        ]
    else:
        node = local_node_or_none()
        rows = _tree(list(units), first_party=node.party if node else "")
    context = {
        "rows": rows,
        "parties": Party.objects.all(),
        "kinds": UnitKind.choices,
        "filters": {"party": party_code, "kind": kind, "q": query},
    }
    template = "core/htmx/unit_rows.html" if request.htmx else "core/unit_directory.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("party", "parent"), code=code)
    twinnings = Twinning.objects.filter(Q(unit_a=unit) | Q(unit_b=unit)).select_related(
        "unit_a__party", "unit_b__party"
    )
    counterparts = [t.unit_b if t.unit_a_id == unit.pk else t.unit_a for t in twinnings]
    return render(
        request,
        "core/unit_detail.html",
        {
            "unit": unit,
            "ancestors": list(reversed(unit.ancestors())),
            "children": unit.children.all(),
            "counterparts": counterparts,
            "officer_count": unit.officers.filter(is_active=True).count(),
        },
    )


@login_required
def twinning_list(request: HttpRequest) -> HttpResponse:
    twinnings = Twinning.objects.select_related("unit_a__party", "unit_b__party")
    return render(request, "core/twinning_list.html", {"twinnings": twinnings})
