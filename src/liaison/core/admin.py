"""Admin pages for node administrators. Writes go through the services so they are audited."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from liaison.core import audit
from liaison.core.models import AuditEvent, AuditEventType, Officer, Official, Party, Twinning, Unit


class AuditedAdmin(admin.ModelAdmin):
    """Every change made in the admin is written to the audit trail."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        event = {
            Unit: AuditEventType.UNIT_CHANGED if change else AuditEventType.UNIT_CREATED,
            Twinning: AuditEventType.TWINNING_CREATED,
            Party: AuditEventType.PARTY_SAVED,
            Official: AuditEventType.OFFICIAL_SAVED,
            Officer: AuditEventType.OFFICER_CHANGED if change else AuditEventType.OFFICER_CREATED,
        }[type(obj)]
        audit.record(
            event,
            actor=cast(Officer, request.user),
            target=obj,
            extra={"via": "admin", "changed": list(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        label, pk = obj._meta.label_lower, str(obj.pk)
        super().delete_model(request, obj)
        audit.record(
            AuditEventType.TWINNING_DELETED if isinstance(obj, Twinning) else AuditEventType.UNIT_CHANGED,
            actor=cast(Officer, request.user),
            target_type=label,
            target_id=pk,
            extra={"via": "admin", "deleted": True},
        )


@admin.register(Party)
class PartyAdmin(AuditedAdmin):
    list_display = ["code", "name", "language"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "party", "kind", "parent"]
    list_filter = ["party", "kind"]
    search_fields = ["code"]


@admin.register(Twinning)
class TwinningAdmin(AuditedAdmin):
    list_display = ["unit_a", "unit_b", "kind", "is_demo"]


@admin.register(Official)
class OfficialAdmin(AuditedAdmin):
    list_display = ["name", "party", "key"]


@admin.register(Officer)
class OfficerAdmin(AuditedAdmin):
    list_display = ["username", "first_name", "last_name", "unit", "language", "locked_until"]
    list_filter = ["unit__party", "roles"]
    search_fields = ["username", "first_name", "last_name"]
    filter_horizontal = ["roles"]
    exclude = ["password", "user_permissions", "groups"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ["id", "occurred_at", "event_type", "actor_name", "unit_code", "target_type", "target_id"]
    list_filter = ["event_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
