"""Pages of the cases app. Views shape input with forms, call the services and render; every
queryset goes through `.visible_to(officer)`."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import get_visible_or_404, refusal_text, require_role, role_required
from liaison.core.models import Officer

from . import services
from .choices import CaseStatus
from .forms import CaseForm, HitQueryForm, PersonForm, RequestActionForm, RequestForm
from .models import AssistanceRequest, Case, Entity, HitQuery
from .services.common import CASE_ROLES

_CASE_ROLE_ONLY = gettext_lazy("Only officers working cases can do this.")


def _me(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


def _lang() -> str:
    return (get_language() or "en")[:2]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    cases = Case.objects.visible_to(officer).prefetch_related("parties")
    requests = AssistanceRequest.objects.visible_to(officer).select_related(
        "from_unit", "to_unit", "from_party", "to_party"
    )[:20]
    return render(
        request,
        "cases/index.html",
        {"cases": cases, "requests": requests, "can_work": officer.has_role(*CASE_ROLES)},
    )


@login_required
@role_required(*CASE_ROLES, message=_CASE_ROLE_ONLY)
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.check_open_case(
                    reference=data["reference"],
                    title=data["title"],
                    offence=data["offence"],
                    parties=[],
                    units=list(data["units"]),
                    opened_on=data["opened_on"],
                    summary=data["summary"],
                    language=_lang(),
                    acting_user=_me(request),
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, _("Case opened and shared with the other parties."))
                return redirect("cases:case_detail", uid=case.uid)
    return render(request, "cases/case_form.html", {"form": form}, status=status)


@login_required
def case_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    case = get_visible_or_404(Case.objects.select_related("origin_party"), officer, uid=uid)
    form = PersonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_role(officer, *CASE_ROLES, message=_CASE_ROLE_ONLY)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.check_add_entity(
                    case,
                    kind=data["kind"],
                    label=data["label"],
                    names=[(n, "") for n in form.name_list()],
                    birth_date=data["birth_date"],
                    sex=data["sex"],
                    nationality=data["nationality"],
                    documents=form.document_list(),
                    notes=data["notes"],
                    acting_user=officer,
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, _("Entity added."))
                return redirect("cases:case_detail", uid=case.uid)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "parties": case.parties.all(),
            "units": case.units.select_related("party"),
            "entities": Entity.objects.visible_to(officer)
            .filter(cases=case)
            .distinct()
            .prefetch_related("names"),
            "events": case.events.all(),
            "requests": AssistanceRequest.objects.visible_to(officer)
            .filter(case=case)
            .select_related("from_unit", "to_unit", "from_party", "to_party"),
            "queries": HitQuery.objects.visible_to(officer).filter(case=case).select_related("to_party"),
            "form": form,
            "can_work": officer.has_role(*CASE_ROLES),
            "statuses": CaseStatus.choices,
        },
        status=status,
    )


@login_required
@require_POST
def case_status(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """Open, suspend or close the case; a refusal is a message on the case page."""
    officer = _me(request)
    case = get_visible_or_404(Case.objects.all(), officer, uid=uid)
    require_role(officer, *CASE_ROLES, message=_CASE_ROLE_ONLY)
    try:
        services.check_set_case_status(case, status=request.POST.get("status", ""), acting_user=officer)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Status changed; the other parties' nodes follow."))
    return redirect("cases:case_detail", uid=case.uid)


@login_required
@role_required(*CASE_ROLES, message=_CASE_ROLE_ONLY)
def hit_query(request: HttpRequest) -> HttpResponse:
    """The query form; a malformed query comes back with its reason and a 400, an exceeded limit
    with a 429."""
    officer = _me(request)
    initial = {}
    if request.GET.get("case"):
        initial["case"] = request.GET["case"]
    form = HitQueryForm(request.POST or None, officer=officer, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            case = data["case"]
            try:
                query = services.check_ask_hit(
                    to_party=data["to_party"],
                    names=[line for line in data["names"].splitlines() if line.strip()] or [data["names"]],
                    birth_date=data["birth_date"],
                    documents=[data["document"]] if data["document"].strip() else [],
                    offence=data["offence"],
                    case=case,
                    acting_user=officer,
                )
            except services.RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, _("Query sent. The answer arrives here."))
                return redirect("cases:hit_result", uid=query.uid)
    queries = (
        HitQuery.objects.visible_to(officer).filter(officer=officer).select_related("to_party", "case")[:20]
    )
    return render(
        request,
        "cases/hit_query.html",
        {"form": form, "queries": queries, "left": services.queries_left(officer)},
        status=status,
    )


@login_required
def hit_result(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    query = get_visible_or_404(HitQuery.objects.select_related("to_party", "case"), _me(request), uid=uid)
    return render(request, "cases/hit_result.html", {"query": query})


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    requests = AssistanceRequest.objects.visible_to(_me(request)).select_related(
        "from_unit", "to_unit", "from_party", "to_party"
    )
    return render(request, "cases/request_list.html", {"requests": requests})


@login_required
@role_required(*CASE_ROLES, message=_CASE_ROLE_ONLY)
def request_create(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    initial = {k: request.GET[k] for k in ("case", "hit_reference") if request.GET.get(k)}
    form = RequestForm(request.POST or None, officer=officer, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                req = services.check_send_request(
                    case=data["case"],
                    to_unit=data["to_unit"],
                    urgency=data["urgency"],
                    subject=data["subject"],
                    body=data["body"],
                    language=_lang(),
                    hit_reference=data["hit_reference"],
                    acting_user=officer,
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, _("Request sent."))
                return redirect("cases:request_detail", uid=req.uid)
    return render(request, "cases/request_form.html", {"form": form}, status=status)


@login_required
def request_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    officer = _me(request)
    req = get_visible_or_404(
        AssistanceRequest.objects.select_related("from_unit", "to_unit", "from_party", "to_party", "case"),
        officer,
        uid=uid,
    )
    can_act = req.is_open and officer.has_role(*CASE_ROLES) and req.to_party.code == _own_party()
    form = RequestActionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_role(officer, *CASE_ROLES, message=_CASE_ROLE_ONLY)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.check_update_request(
                    req,
                    status=data["status"],
                    answer=data["answer"],
                    language=_lang(),
                    include_record=data["include_record"],
                    acting_user=officer,
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, refusal_text(exc))
                status = 403 if isinstance(exc, PermissionDenied) else 400
            else:
                messages.success(request, _("Request updated; the requesting party is told."))
                return redirect("cases:request_detail", uid=req.uid)
    # The requested side's officers see the record behind a quoted hit reference (their own record).
    record = services.record_details(req) if can_act else ""
    return render(
        request,
        "cases/request_detail.html",
        {"req": req, "form": form, "can_act": can_act, "record": record},
        status=status,
    )


def _own_party() -> str:
    from liaison.core.node import local_party

    return local_party()


@login_required
@role_required("admin", message=gettext_lazy("Only node administrators see the query figures."))
def query_figures(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/query_figures.html", {"figures": services.daily_figures()})
