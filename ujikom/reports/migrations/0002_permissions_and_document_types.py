"""Grant the report permissions to the built-in roles; add the document types of the reports."""

from django.db import migrations

from ujikom.core.data_migrations import grant_permissions, revoke_permissions

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
    DocumentType = apps.get_model("core", "DocumentType")
    for code, name, abbreviation in DOCUMENT_TYPES:
        DocumentType.objects.update_or_create(
            code=code, defaults={"name": name, "abbreviation": abbreviation}
        )


def backwards(apps, schema_editor):
    revoke_permissions(apps, GRANTS)
    apps.get_model("core", "DocumentType").objects.filter(
        code__in=[code for code, _, _ in DOCUMENT_TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
