"""Admin pages for node administrators. Writes go through the services so they are audited."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core import audit
from liaison.core.models import AuditEvent, AuditEventType, Officer, Official, Party, Twinning, Unit


class AuditedAdmin(admin.ModelAdmin):
    """Every change made in the admin, bulk deletions included, is written to the audit trail."""

    created_event: AuditEventType
    changed_event: AuditEventType

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            self.changed_event if change else self.created_event,
            actor=cast(Officer, request.user),
            target=obj,
            extra={"via": "admin", "changed": list(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_deletions(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        self._record_deletions(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _record_deletions(self, request: HttpRequest, objects: list[Any]) -> None:
        for obj in objects:
            audit.record(
                AuditEventType.REFERENCE_DELETED,
                actor=cast(Officer, request.user),
                target=obj,
                extra={"via": "admin", "was": str(obj)},
            )


@admin.register(Party)
class PartyAdmin(AuditedAdmin):
    created_event = AuditEventType.PARTY_SAVED
    changed_event = AuditEventType.PARTY_SAVED
    list_display = ["code", "name", "language"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    created_event = AuditEventType.UNIT_CREATED
    changed_event = AuditEventType.UNIT_CHANGED
    list_display = ["code", "name", "party", "kind", "parent"]
    list_filter = ["party", "kind"]
    search_fields = ["code"]


@admin.register(Twinning)
class TwinningAdmin(AuditedAdmin):
    created_event = AuditEventType.TWINNING_CREATED
    changed_event = AuditEventType.TWINNING_CHANGED
    list_display = ["unit_a", "unit_b", "kind", "is_demo"]


@admin.register(Official)
class OfficialAdmin(AuditedAdmin):
    created_event = AuditEventType.OFFICIAL_SAVED
    changed_event = AuditEventType.OFFICIAL_SAVED
    list_display = ["name", "party", "key"]


@admin.register(Officer)
class OfficerAdmin(AuditedAdmin):
    created_event = AuditEventType.OFFICER_CREATED
    changed_event = AuditEventType.OFFICER_CHANGED
    list_display = ["name", "username", "unit", "language", "locked_until"]
    list_filter = ["unit__party", "roles"]
    search_fields = ["username", "full_name", "name_sort_key"]
    filter_horizontal = ["roles"]
    exclude = ["password", "user_permissions", "groups"]
    ordering = ["name_sort_key", "username"]

    @admin.display(description=_("full name"), ordering="name_sort_key")
    def name(self, obj: Officer) -> str:
        return obj.full_name or "—"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The name or the unit (hence the party's naming convention) may have changed.
        obj.refresh_name_sort_key()
        super().save_model(request, obj, form, change)


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
