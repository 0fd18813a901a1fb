"""The BNSP code table in Django admin (Asesmen → Kode BNSP): the codes BNSP's candidate list takes
for education levels and occupations, corrected here from BNSP's "daftar ID/Kode"."""

from __future__ import annotations

from django.contrib import admin

from .models import BnspCode


class BnspCodeAdmin(admin.ModelAdmin):
    list_display = ("kind", "value", "code", "label")
    list_filter = ("kind",)
    search_fields = ("value", "code", "label")
    ordering = ("kind", "code", "value")


def register() -> None:
    if not admin.site.is_registered(BnspCode):
        admin.site.register(BnspCode, BnspCodeAdmin)
