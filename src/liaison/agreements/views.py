"""Pages of the agreements app. Views validate with forms, call the services and render; every
queryset goes through `.visible_to(officer)`."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import get_visible_or_404, refusal_text, require_role, role_required
from liaison.core.models import Officer, Party

from . import services
from .diff import diff_versions
from .filtersets import CommitmentFilterForm, filter_commitments
from .forms import UNDERTAKING_ROWS, DocumentForm, MeetingForm, ProgressForm
from .models import Commitment, Document, Meeting, StoredFile
from .review import build_review, render_pdf

_LIAISON_ONLY = gettext_lazy("Only liaison officers can prepare meetings and documents.")


def _me(request: HttpRequest) -> Officer:
    return cast(Officer, request.user)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    officer = _me(request)
    meetings = Meeting.objects.visible_to(officer).select_related("host_party").prefetch_related("co_chairs")
    documents = (
        Document.objects.visible_to(officer)
        .select_related("meeting", "origin_party")
        .prefetch_related("versions__signatures__party", "parties")
        .order_by("-created_at")
    )
    return render(
        request,
        "agreements/index.html",
        {
            "meetings": meetings,
            "documents": documents,
            "years": sorted({d.plan_year for d in documents if d.plan_year}, reverse=True),
        },
    )


@login_required
@role_required("liaison", message=_LIAISON_ONLY)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(
        request.POST or None, initial={"parties": list(Party.objects.filter(code__in=["VN", "LA"]))}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.do_save_meeting(
                kind=data["kind"],
                number=data["number"],
                titles={get_language()[:2]: data["title"]},
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                places={get_language()[:2]: data["place"]},
                host_party=data["host_party"],
                parties=list(data["parties"]),
                co_chairs=list(data["co_chairs"]),
                agenda=data["agenda"],
                outcome_notes=data["outcome_notes"],
                notes_language=get_language()[:2],
                acting_user=_me(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("agreements:meeting_detail", uid=meeting.uid)
    return render(request, "agreements/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    meeting = get_visible_or_404(Meeting.objects.select_related("host_party"), _me(request), uid=uid)
    documents = Document.objects.visible_to(_me(request)).filter(meeting=meeting)
    series = meeting.series().filter(pk__in=Meeting.objects.visible_to(_me(request)).values("pk"))
    return render(
        request,
        "agreements/meeting_detail.html",
        {
            "meeting": meeting,
            "documents": documents,
            "series": series,
            "can_draft": _me(request).has_role("liaison"),
            "commitments": Commitment.objects.visible_to(_me(request))
            .filter(document__meeting=meeting)
            .with_reported_progress()
            .prefetch_related("owner_units__party"),
        },
    )


def _document_form_initial(document: Document | None, meeting: Meeting | None = None) -> dict[str, Any]:
    if document is None and meeting is not None:
        # "Draft the minutes" from a meeting's page: the meeting, its parties and the kind are known
        return {
            "meeting": meeting.uid,
            "kind": "minutes",
            "parties": list(meeting.parties.all()),
            "working_language": "en",
        }
    if document is None:
        return {"parties": list(Party.objects.filter(code__in=["VN", "LA"])), "working_language": "en"}
    latest = document.latest_version
    assert latest is not None
    initial: dict[str, Any] = {
        "reference": document.reference,
        "kind": document.kind,
        "meeting": document.meeting.uid if document.meeting else None,
        "plan_year": document.plan_year,
        "parties": list(document.parties.all()),
        "title": latest.title,
        "working_language": latest.working_language,
    }
    for code, text in latest.texts.items():
        initial[f"text_{code}"] = text
    for s in document.signatories.all():
        initial[f"signatory_{s.party.code}"] = s.official_id
    for i, row in enumerate(latest.undertakings[:UNDERTAKING_ROWS]):
        texts = row.get("texts", {})
        initial.update(
            {
                f"u{i}_key": row["key"],
                f"u{i}_clause": row.get("clause", ""),
                f"u{i}_text": texts.get(latest.working_language) or next(iter(texts.values()), ""),
                f"u{i}_area": row.get("area"),
                f"u{i}_due": row.get("due_on"),
            }
        )
        for party, unit in row.get("owners", {}).items():
            initial[f"u{i}_owner_{party}"] = unit
    return initial


def _document_form(request: HttpRequest, document: Document | None) -> HttpResponse:
    meetings = Meeting.objects.visible_to(_me(request))
    chosen = None
    if document is None and request.method == "GET":
        try:
            chosen = meetings.filter(uid=uuid.UUID(request.GET.get("meeting", ""))).first()
        except ValueError:
            chosen = None
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        meetings=meetings,
        new_version=document is not None,
        initial=_document_form_initial(document, chosen),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = data["working_language"]
        attachments = [services.NewFile.from_upload(data["attachment"])] if data.get("attachment") else []
        try:
            if document is None:
                parties = list(data["parties"])
                document = services.check_create_document(
                    reference=data["reference"],
                    kind=data["kind"],
                    parties=parties,
                    signatories=form.signatories(parties),
                    titles={language: data["title"]},
                    working_language=language,
                    texts=form.texts(),
                    undertakings=form.undertakings(language),
                    meeting=data["meeting"],
                    plan_year=data["plan_year"],
                    attachments=attachments,
                    acting_user=_me(request),
                )
                messages.success(request, _("Draft saved as version 1."))
            else:
                version = services.check_new_version(
                    document,
                    titles={language: data["title"]},
                    working_language=language,
                    texts=form.texts(),
                    undertakings=form.undertakings(language),
                    change_note=data["change_note"],
                    attachments=attachments,
                    signatories=form.signatories(list(document.parties.all())),
                    acting_user=_me(request),
                )
                messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal_text(exc))
        else:
            return redirect("agreements:document_detail", uid=document.uid)
    signed_latest = (
        document is not None
        and document.latest_version is not None
        and services.is_fully_signed(document.latest_version)
    )
    return render(
        request,
        "agreements/document_form.html",
        {"form": form, "document": document, "signed_latest": signed_latest},
    )


@login_required
@role_required("liaison", message=_LIAISON_ONLY)
def document_create(request: HttpRequest) -> HttpResponse:
    return _document_form(request, None)


@login_required
def document_edit(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    # need-to-know first: a document outside the officer's scope is "not found", whatever the roles
    document = get_visible_or_404(Document.objects.all(), _me(request), uid=uid)
    require_role(_me(request), "liaison", message=_LIAISON_ONLY)
    return _document_form(request, document)


def _version_or_latest(document: Document, request: HttpRequest) -> Any:
    number = request.GET.get("v")
    if number and number.isdigit():
        version = document.versions.filter(number=int(number)).first()
        if version is None:
            raise Http404(_("No such version."))
        return version
    return document.latest_version


@login_required
def document_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    document = get_visible_or_404(
        Document.objects.select_related("meeting", "origin_party").prefetch_related(
            "parties", "signatories__official"
        ),
        _me(request),
        uid=uid,
    )
    version = _version_or_latest(document, request)
    versions = list(
        document.versions.prefetch_related("signatures__party", "signatures__official").order_by("number")
    )
    latest = versions[-1] if versions else None
    own = services.documents.this_party_code()
    signed_by = [s.party.code for s in latest.signatures.all()] if latest else []
    can_sign = (
        latest is not None
        and own not in signed_by
        and document.signatories.filter(
            party__code=own, official__signatory_keys__officer=_me(request)
        ).exists()
    )
    language = request.GET.get("lang") or (version.working_language if version else "en")
    unshared_own_draft = document.origin_party.code == own and document.shared_at is None
    return render(
        request,
        "agreements/document_detail.html",
        {
            "document": document,
            "version": version,
            "versions": versions,
            "latest": latest,
            "signed_by": sorted(signed_by),
            "fully_signed": latest is not None and services.is_fully_signed(latest),
            "can_sign": can_sign,
            "share_missing": services.missing_for_signing(document) if unshared_own_draft else [],
            "share_warnings": services.reach_warnings(document) if unshared_own_draft else [],
            "reach": {
                s.official_id: services.reach_label(s.official, code)
                for s in document.signatories.all()
                for code in [services.signatory_reach([s.official])[s.official_id]]
            },
            "own_party": own,
            "language": language,
            "text": version.text_in(language) if version else "",
            "commitments": Commitment.objects.visible_to(_me(request))
            .filter(document=document)
            .with_reported_progress()
            .prefetch_related("owner_units__party"),
            "attachments": StoredFile.objects.visible_to(_me(request)).filter(version=version)
            if version
            else [],
        },
    )


@require_POST
@login_required
def document_share(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    document = get_visible_or_404(Document.objects.all(), _me(request), uid=uid)
    try:
        services.check_share_document(document, acting_user=_me(request))
        warnings = services.reach_warnings(document)
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError) and services.missing_for_signing(document):
            # the page lists the gaps under the share button; one flash line points there
            messages.error(request, _("This draft cannot be shared yet: complete what is listed as missing."))
        else:
            messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Shared with the other parties."))
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("agreements:document_detail", uid=uid)


@login_required
def document_sign(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """GET: what is about to be signed (reference, version, SHA-256), to confirm. POST: sign it."""
    document = get_visible_or_404(Document.objects.all(), _me(request), uid=uid)
    number = request.POST.get("version", "") if request.method == "POST" else request.GET.get("version", "")
    version = document.versions.filter(number=int(number)).first() if number.isdigit() else None
    if version is None:
        messages.error(request, _("Say which version you sign."))
        return redirect("agreements:document_detail", uid=uid)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "on":
            error = _("Tick the box to confirm that you sign this text.")
        else:
            try:
                services.check_sign_version(
                    document,
                    version.number,
                    acting_user=_me(request),
                    content_sha256=request.POST.get("content_sha256") or None,
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, refusal_text(exc))
            else:
                messages.success(request, _("You signed version %(n)s.") % {"n": version.number})
            return redirect("agreements:document_detail", uid=uid)
    return render(
        request,
        "agreements/document_sign.html",
        {
            "document": document,
            "version": version,
            "own_party": services.documents.this_party_code(),
            "error": error,
        },
    )


@login_required
def document_verify(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    document = get_visible_or_404(Document.objects.all(), _me(request), uid=uid)
    return render(
        request,
        "agreements/document_verify.html",
        {"document": document, "result": services.verify_document(document)},
    )


@login_required
def document_diff(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    document = get_visible_or_404(Document.objects.all(), _me(request), uid=uid)
    versions = list(document.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, _("This document has one version only."))
        return redirect("agreements:document_detail", uid=uid)
    by_number = {v.number: v for v in versions}

    def pick(name: str, default: int) -> Any:
        value = request.GET.get(name, "")
        return (
            by_number.get(int(value)) if value.isdigit() and int(value) in by_number else by_number[default]
        )

    old, new = pick("a", versions[-2].number), pick("b", versions[-1].number)
    language = request.GET.get("lang") or new.working_language
    return render(
        request,
        "agreements/document_diff.html",
        {
            "document": document,
            "old": old,
            "new": new,
            "versions": versions,
            "language": language,
            "lines": diff_versions(old, new, language),
        },
    )


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    form = CommitmentFilterForm(request.GET or None)
    queryset: QuerySet[Commitment] = (
        Commitment.objects.visible_to(_me(request))
        .select_related("document")
        .with_reported_progress()
        .prefetch_related("owner_units__party")
    )
    if form.is_valid():
        queryset = filter_commitments(queryset, form.cleaned_data)
    commitments = list(queryset.order_by("due_on", "document__reference", "key")[:500])
    template = "agreements/htmx/commitment_rows.html" if request.htmx else "agreements/commitment_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "commitments": commitments})


@login_required
def commitment_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    commitment = get_visible_or_404(
        Commitment.objects.select_related("document__meeting", "carried_forward_from"), _me(request), uid=uid
    )
    form = ProgressForm(request.POST or None, request.FILES or None, initial={"status": commitment.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = [services.NewFile.from_upload(data["evidence"])] if data.get("evidence") else []
        try:
            services.check_record_progress(
                commitment,
                status=data["status"],
                note=data["note"],
                percent=data["percent"],
                evidence=evidence,
                acting_user=_me(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("agreements:commitment_detail", uid=uid)
    updates = (
        commitment.updates.select_related("party", "unit")
        .prefetch_related("evidence")
        .order_by("-created_at")
    )
    return render(
        request,
        "agreements/commitment_detail.html",
        {
            "commitment": commitment,
            "updates": updates,
            "form": form,
            "can_update": services.can_update(_me(request), commitment),
            "owners": commitment.owner_units.select_related("party"),
            "carried_forward_to": Commitment.objects.visible_to(_me(request)).filter(
                carried_forward_from=commitment
            ),
        },
    )


@login_required
def file_download(request: HttpRequest, uid: uuid.UUID) -> FileResponse:
    """Need-to-know: evidence is served only to officers who can see its commitment; each read is audited."""
    stored = get_visible_or_404(StoredFile.objects.all(), _me(request), uid=uid)
    if not stored.complete:
        raise Http404(_("This file is still arriving from the other node."))
    services.do_record_file_read(stored, acting_user=_me(request))
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.name, content_type=stored.content_type
    )


def _review_args(request: HttpRequest) -> tuple[Meeting | None, int | None]:
    meeting_uid = request.GET.get("meeting", "")
    year = request.GET.get("year", "")
    if meeting_uid:
        try:
            parsed = uuid.UUID(meeting_uid)
        except ValueError:
            raise Http404(_("No such meeting.")) from None
        return get_visible_or_404(Meeting.objects.all(), _me(request), uid=parsed), None
    if year.isdigit():
        return None, int(year)
    raise Http404(_("Choose a meeting or a plan year to review."))


@login_required
def review_page(request: HttpRequest) -> HttpResponse:
    meeting, year = _review_args(request)
    review = build_review(_me(request), meeting=meeting, year=year)
    return render(request, "agreements/review.html", {"review": review, "query": request.GET.urlencode()})


@login_required
def review_pdf(request: HttpRequest) -> HttpResponse:
    meeting, year = _review_args(request)
    review = build_review(_me(request), meeting=meeting, year=year)
    pdf = render_pdf(review, request=request)
    services.do_record_review_export(
        meeting=meeting, year=year, commitments=len(review.commitments), acting_user=_me(request)
    )
    name = f"review-{meeting.number or meeting.starts_on.year if meeting else year}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
