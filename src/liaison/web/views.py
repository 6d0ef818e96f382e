from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core import services
from liaison.core.contract import panels_for
from liaison.core.models import Officer
from liaison.web.forms import LanguageForm, LoginForm


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            officer = services.check_login(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.LoginRefused as refused:
            error = str(refused)
        else:
            login(request, officer)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = ""
            return redirect(target or "dashboard")
    status = 401 if error else 200
    return render(request, "registration/login.html", {"form": form, "error": error}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.do_record_logout(acting_user=cast(Officer, request.user))
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {"panels": panels_for(request.user)})  # type: ignore[arg-type]


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered languages."))
        return redirect("dashboard")
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.check_set_language(language, acting_user=cast(Officer, request.user))
    translation.activate(language)
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target or "/")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=True
    )
    return response
