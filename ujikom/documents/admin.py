from django.contrib import admin
from django.http import HttpRequest

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    """Read-only: files are stored and removed only through the documents services."""

    list_display = ["original_name", "title", "organization", "document_type", "size", "created_at"]
    list_filter = ["is_generated", "document_type"]
    search_fields = ["original_name", "title", "sha256", "public_id"]
    list_select_related = ["organization", "document_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StoredFile | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StoredFile | None = None) -> bool:
        return False
