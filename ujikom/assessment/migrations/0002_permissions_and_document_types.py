"""Grant the assessment permissions to the built-in roles; add the document types of the test day."""

from django.db import migrations

from ujikom.core.data_migrations import (
    add_document_types,
    grant_permissions,
    remove_document_types,
    revoke_permissions,
)

GRANTS = {
    "assessment.view": [
        "org_admin",
        "admin_staff",
        "technical_ops",
        "quality",
        "site_head",
        "assessor",
        "director",
        "lsp_chair",
        "head_admin",
        "head_certification",
        "kadis",
        "sekdis",
        "kabid",
        "kasi",
    ],
    "assessment.conduct": ["org_admin", "admin_staff", "technical_ops", "site_head", "kasi"],
    "assessment.assess": ["org_admin", "assessor"],
    "assessment.review": ["org_admin", "technical_ops", "site_head", "quality"],
    "assessment.archive": ["org_admin", "admin_staff"],
    "assessment.decide": ["org_admin", "head_certification", "lsp_chair", "director"],
    "assessment.blanks": ["org_admin", "head_admin", "head_certification", "lsp_chair"],
}

DOCUMENT_TYPES = [
    ("attendance_list", "Daftar Hadir", "DH"),
    ("recommendation", "Surat Rekomendasi", "REK"),
    ("archive_index", "Daftar Isi Arsip", "ARS"),
]


def forwards(apps, schema_editor):
    grant_permissions(apps, GRANTS)
    add_document_types(apps, DOCUMENT_TYPES)


def backwards(apps, schema_editor):
    revoke_permissions(apps, GRANTS)
    remove_document_types(apps, DOCUMENT_TYPES)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial"), ("scheduling", "0005_readiness_models")]
    operations = [migrations.RunPython(forwards, backwards)]
