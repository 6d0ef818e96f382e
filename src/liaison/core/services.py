"""Actions on core objects. Every write goes through a do_*/check_* function here: it takes the
acting officer, runs in one transaction and writes its audit row (STYLE.md rules 2-4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core import audit
from liaison.core.models import (
    AuditEventType,
    NodeIdentity,
    Officer,
    Official,
    Party,
    Role,
    RoleCode,
    Twinning,
    Unit,
)


class LoginRefused(Exception):
    """Log-in failed; the message is safe to show (it never says whether the user exists)."""


# --- authentication ----------------------------------------------------------------------------


def check_login(request: Any, username: str, password: str) -> Officer:
    """Authenticate with lockout: LOCKOUT_THRESHOLD failures in a row lock the account for a while.

    The failure count and its audit rows are committed before LoginRefused is raised."""
    refusal = ""
    with transaction.atomic():
        officer = Officer.objects.select_for_update().filter(username=username).first()
        user = None
        if officer is not None and officer.is_locked():
            audit.record(
                AuditEventType.LOGIN_FAILED,
                actor=None,
                actor_name=username,
                target=officer,
                extra={"reason": "locked"},
            )
            refusal = _(
                "This account is locked after repeated failed log-ins. Try again later "
                "or ask your node administrator."
            )
        else:
            user = authenticate(request, username=username, password=password)
        if user is None and not refusal:
            extra: dict[str, Any] = {"reason": "bad_credentials"}
            refusal = _("Wrong user name or password.")
            if officer is not None:
                officer.failed_logins += 1
                fields = ["failed_logins"]
                if officer.failed_logins >= settings.LOCKOUT_THRESHOLD:
                    officer.locked_until = timezone.now() + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
                    fields.append("locked_until")
                officer.save(update_fields=fields)
                extra["failures"] = officer.failed_logins
            audit.record(
                AuditEventType.LOGIN_FAILED, actor=None, actor_name=username, target=officer, extra=extra
            )
            if officer is not None and officer.is_locked():
                audit.record(
                    AuditEventType.ACCOUNT_LOCKED,
                    actor=None,
                    actor_name=username,
                    target=officer,
                    extra={
                        "until": officer.locked_until.isoformat() if officer.locked_until else "",
                        "failures": officer.failed_logins,
                    },
                )
                refusal = _(
                    "Too many failed log-ins: this account is now locked for %(minutes)s minutes."
                ) % {"minutes": settings.LOCKOUT_MINUTES}
        if user is not None:
            assert isinstance(user, Officer)
            if user.failed_logins or user.locked_until:
                user.failed_logins = 0
                user.locked_until = None
                user.save(update_fields=["failed_logins", "locked_until"])
            audit.record(AuditEventType.LOGIN, actor=user)
            return user
    raise LoginRefused(refusal)


def do_record_logout(*, acting_user: Officer) -> None:
    with transaction.atomic():
        audit.record(AuditEventType.LOGOUT, actor=acting_user)


def check_set_language(language: str, *, acting_user: Officer) -> None:
    allowed = {code for code, _label in settings.LANGUAGES}
    if language not in allowed:
        raise ValidationError(_("Unknown language %(code)s.") % {"code": language})
    with transaction.atomic():
        before = acting_user.language
        acting_user.language = language
        acting_user.save(update_fields=["language"])
        audit.record(
            AuditEventType.LANGUAGE_CHANGED,
            actor=acting_user,
            target=acting_user,
            extra={"before": before, "after": language},
        )


# --- reference data ----------------------------------------------------------------------------


def do_save_party(code: str, *, names: dict[str, str], language: str, acting_user: Officer | None) -> Party:
    with transaction.atomic():
        party, created = Party.objects.update_or_create(
            code=code, defaults={"names": names, "language": language}
        )
        audit.record(
            AuditEventType.PARTY_SAVED,
            actor=acting_user,
            target=party,
            extra={"created": created, "names": names},
        )
        return party


def do_save_unit(
    code: str,
    *,
    party: Party,
    kind: str,
    names: dict[str, str],
    parent: Unit | None = None,
    offence_focus: str | None = None,
    is_demo: bool = False,
    acting_user: Officer | None,
) -> Unit:
    if parent is not None and parent.party_id != party.pk:
        raise ValidationError(_("A unit's parent must belong to the same party."))
    with transaction.atomic():
        existing = Unit.objects.filter(code=code).first()
        before = (
            {"names": existing.names, "kind": existing.kind, "parent": existing.parent_id}
            if existing
            else None
        )
        unit, created = Unit.objects.update_or_create(
            code=code,
            defaults={
                "party": party,
                "kind": kind,
                "names": names,
                "parent": parent,
                "offence_focus": offence_focus,
                "is_demo": is_demo,
            },
        )
        unit.full_clean()
        audit.record(
            AuditEventType.UNIT_CREATED if created else AuditEventType.UNIT_CHANGED,
            actor=acting_user,
            target=unit,
            extra={"before": before, "after": {"names": names, "kind": kind, "parent": unit.parent_id}},
        )
        return unit


def do_create_twinning(
    unit_a: Unit,
    unit_b: Unit,
    *,
    kind: str = "border_provinces",
    notes: dict[str, str] | None = None,
    is_demo: bool = False,
    acting_user: Officer | None,
) -> Twinning:
    if unit_a.party_id == unit_b.party_id:
        raise ValidationError(_("A twinning pairs units of two different parties."))
    with transaction.atomic():
        twinning, created = Twinning.objects.get_or_create(
            unit_a=unit_a, unit_b=unit_b, defaults={"kind": kind, "notes": notes or {}, "is_demo": is_demo}
        )
        if created:
            audit.record(
                AuditEventType.TWINNING_CREATED,
                actor=acting_user,
                target=twinning,
                extra={"a": unit_a.code, "b": unit_b.code},
            )
        return twinning


def do_save_official(
    key: str,
    *,
    party: Party,
    name: str,
    variants: list[str],
    titles: dict[str, str],
    ranks: dict[str, str],
    source: str = "",
    acting_user: Officer | None,
) -> Official:
    with transaction.atomic():
        official, created = Official.objects.update_or_create(
            key=key,
            defaults={
                "party": party,
                "name": name,
                "variants": variants,
                "titles": titles,
                "ranks": ranks,
                "source": source,
            },
        )
        audit.record(
            AuditEventType.OFFICIAL_SAVED,
            actor=acting_user,
            target=official,
            extra={"created": created, "name": name, "variants": variants},
        )
        return official


def do_create_officer(
    username: str,
    *,
    password: str,
    unit: Unit | None,
    roles: list[str],
    full_name: str = "",
    language: str = "",
    email: str = "",
    is_demo: bool = False,
    acting_user: Officer | None,
) -> Officer:
    unknown = set(roles) - set(RoleCode.values)
    if unknown:
        raise ValidationError(_("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    with transaction.atomic():
        officer = Officer(
            username=username,
            unit=unit,
            language=language,
            email=email,
            is_demo=is_demo,
            full_name=" ".join(full_name.split()),
            is_staff=RoleCode.ADMIN in roles,
            is_superuser=RoleCode.ADMIN in roles,
        )
        officer.set_password(password)
        officer.refresh_name_sort_key()
        officer.full_clean()
        officer.save()
        officer.roles.set(Role.objects.filter(code__in=roles))
        audit.record(
            AuditEventType.OFFICER_CREATED,
            actor=acting_user,
            target=officer,
            extra={"unit": unit.code if unit else None, "roles": sorted(roles)},
        )
        return officer


# --- this node ---------------------------------------------------------------------------------


def do_init_node(
    party_code: str, *, public_url: str, hostnames: list[str], acting_user: Officer | None
) -> NodeIdentity:
    """Create this node's keys and certificate and record its identity (once per node)."""
    from liaison.core import identity

    if NodeIdentity.objects.exists():
        raise ValidationError(
            _("This node is initialised already (party %(code)s).")
            % {"code": NodeIdentity.objects.get().party.code}
        )
    files = identity.generate(settings.DATA_DIR, party_code, hostnames)
    signing = identity.load_signing_key(files.signing_key)
    cert_pem = files.tls_cert.read_text()
    with transaction.atomic():
        party, _created = Party.objects.get_or_create(
            code=party_code, defaults={"names": {}, "language": "en"}
        )
        node = NodeIdentity.objects.create(
            party=party,
            signing_public_key=identity.public_key_b64(signing),
            signing_key_file=str(files.signing_key),
            certificate_pem=cert_pem,
            certificate_fingerprint=identity.cert_fingerprint(cert_pem),
            tls_key_file=str(files.tls_key),
            public_url=public_url,
        )
        audit.record(
            AuditEventType.NODE_INITIALISED,
            actor=acting_user,
            target=node,
            extra={"party": party_code, "url": public_url, "fingerprint": node.certificate_fingerprint},
        )
        return node
