"""Admin pages for node administrators. Writes go through the services so they are audited."""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.contrib import admin
from django.contrib.admin import ShowFacets
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from liaison.core import audit
from liaison.core.models import AuditEvent, AuditEventType, Officer, Official, Party, Twinning, Unit

# Liaison's name on the administration pages, in the reader's language (not "Django administration").
admin.site.site_header = _("Liaison administration")
admin.site.site_title = _("Liaison administration")
admin.site.index_title = _("Administration of this node")
# The task queue's own admin ("Tasks Database Backend › Task Results") is plumbing in untranslatable
# English; an administrator follows deliveries on the federation pages (queue depth, dead letters).
if apps.is_installed("django_tasks_db"):
    # Registered here first: core comes before django_tasks_db in INSTALLED_APPS (for its
    # db_worker command), so the admin autodiscovery would import that module after this one.
    import django_tasks_db.admin  # noqa: F401
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
# Facet counts ("Show counts") cost a query per filter and Django has no Lao text for the toggle.
admin.ModelAdmin.show_facets = ShowFacets.NEVER


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

    list_display = ["id", "occurred_at", "event", "actor_name", "unit_code", "target_link"]
    list_filter = ["event_type"]
    # Newest first: an administrator opens the trail to see what just happened.
    ordering = ["-id"]

    @admin.display(description=_("event"), ordering="event_type")
    def event(self, obj: AuditEvent) -> str:
        return obj.label

    @admin.display(description=_("record"))
    def target_link(self, obj: AuditEvent) -> str:
        """The audited record by name, linked to its page (or its admin page), not "app.model 8"."""
        if not obj.target_type or not obj.target_id:
            return "—"
        try:
            model = apps.get_model(obj.target_type)
        except (LookupError, ValueError):
            return f"{obj.target_type} {obj.target_id}"
        target = model._default_manager.filter(pk=obj.target_id).first() if obj.target_id.isdigit() else None
        kind = str(model._meta.verbose_name).capitalize()
        if target is None:
            return f"{kind} {obj.target_id}"
        url = ""
        if hasattr(target, "get_absolute_url"):
            url = target.get_absolute_url()
        elif admin.site.is_registered(model):
            try:
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[target.pk]
                )
            except NoReverseMatch:
                url = ""
        if not url:
            return f"{kind}: {target}"
        return format_html('{}: <a href="{}">{}</a>', kind, url, str(target))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
