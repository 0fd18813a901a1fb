"""Grant the report permissions to the built-in roles; add the document types of the reports."""

from django.db import migrations

from ujikom.core.data_migrations import (
    add_document_types,
    grant_permissions,
    remove_document_types,
    revoke_permissions,
)

GRANTS = {
    "reports.view": [
        "org_admin",
        "technical_ops",
        "quality",
        "site_head",
        "director",
        "lsp_chair",
        "head_admin",
        "head_certification",
        "kadis",
        "sekdis",
        "kabid",
        "kasi",
    ],
    "reports.complaints": [
        "org_admin",
        "admin_staff",
        "quality",
        "head_admin",
        "head_certification",
        "lsp_chair",
        "kasi",
    ],
}

DOCUMENT_TYPES = [
    ("period_report", "Laporan Periodik Uji Kompetensi dan Sertifikasi", "LAP"),
    ("complaint", "Register Pengaduan", "ADU"),
]


def forwards(apps, schema_editor):
    grant_permissions(apps, GRANTS)
    add_document_types(apps, DOCUMENT_TYPES)


def backwards(apps, schema_editor):
    revoke_permissions(apps, GRANTS)
    remove_document_types(apps, DOCUMENT_TYPES)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
