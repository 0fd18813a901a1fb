from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from .models import (
    AuditEvent,
    DocumentType,
    Holiday,
    NumberingPattern,
    OfficeHours,
    Organization,
    Role,
    RoleAssignment,
    Unit,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email", "nik", "nip"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Ujikom", {"fields": ["full_name", "phone", "nik", "nip", "title", "language"]}),
    ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "is_active"]
    search_fields = ["name", "code"]
    list_filter = ["kind"]


admin.site.register(Unit)
admin.site.register(Role)
admin.site.register(RoleAssignment)
admin.site.register(OfficeHours)
admin.site.register(Holiday)
admin.site.register(DocumentType)
admin.site.register(NumberingPattern)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the audit log is append-only."""

    list_display = ["sequence", "occurred_at", "event_type", "actor_label", "subject_label"]
    search_fields = ["event_type", "subject_label", "actor_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
