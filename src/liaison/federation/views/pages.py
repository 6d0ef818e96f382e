"""Pages for the node administrator: peers, their delivery state and dead letters."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import require_role
from liaison.core.models import Officer, RoleCode
from liaison.federation import services, status
from liaison.federation.forms import PeerAddForm
from liaison.federation.models import Peer

View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    """Peering and delivery are the node administrator's business only."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_role(request.user, RoleCode.ADMIN)
        return view(request, *args, **kwargs)

    return wrapped


def _peer_or_404(code: str) -> Peer:
    peer = status.get_peer(code)
    if peer is None:
        raise Http404(_("No such peer."))
    return peer


def _officer(request: HttpRequest) -> Officer:
    user = request.user
    assert isinstance(user, Officer)
    return user


@admin_required
def peer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "federation/peer_list.html", {"peers": status.peer_statuses(), "form": PeerAddForm()}
    )


@admin_required
@require_POST
def peer_add(request: HttpRequest) -> HttpResponse:
    form = PeerAddForm(request.POST)
    if form.is_valid():
        try:
            peer, outcome = services.check_add_peer(
                form.cleaned_data["url"],
                form.cleaned_data["fingerprint"],
                replace=form.cleaned_data["replace"],
                acting_user=_officer(request),
            )
        except services.PeeringError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            text = {
                "added": _("Peer %(code)s pinned."),
                "unchanged": _("Peer %(code)s was pinned already with this identity."),
                "updated": _("Peer %(code)s updated."),
            }[outcome]
            messages.success(request, text % {"code": peer.party.code})
            return redirect("federation:peer_detail", code=peer.party.code)
    return render(
        request, "federation/peer_list.html", {"peers": status.peer_statuses(), "form": form}, status=400
    )


@admin_required
def peer_detail(request: HttpRequest, code: str) -> HttpResponse:
    peer = _peer_or_404(code)
    return render(
        request,
        "federation/peer_detail.html",
        {
            "peer": peer,
            "status": status.peer_status(peer),
            "dead_letters": status.dead_letters(peer)[:200],
        },
    )


@admin_required
@require_POST
def peer_remove(request: HttpRequest, code: str) -> HttpResponse:
    peer = _peer_or_404(code)
    services.do_remove_peer(peer, acting_user=_officer(request))
    messages.success(
        request, _("Peer %(code)s removed: its requests are refused from now on.") % {"code": peer.party.code}
    )
    return redirect("federation:peer_list")


@admin_required
@require_POST
def dead_letter_retry(request: HttpRequest, code: str, envelope_id: str) -> HttpResponse:
    peer = _peer_or_404(code)
    row = status.dead_letters(peer).filter(id=envelope_id).first()
    if row is None:
        raise Http404(_("No such dead letter."))
    services.do_retry_dead_letter(row, acting_user=_officer(request))
    messages.success(request, _("The envelope is queued again."))
    return redirect("federation:peer_detail", code=peer.party.code)
