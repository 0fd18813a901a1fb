from django.contrib import admin
from django.http import HttpRequest

from .models import MessageTemplate, OutboxMessage


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "channel", "organization", "name", "updated_at"]
    list_filter = ["channel"]
    search_fields = ["code", "name"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "status", "attempts", "organization"]
    list_filter = ["status", "channel"]
    search_fields = ["recipient", "subject", "template_code"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
