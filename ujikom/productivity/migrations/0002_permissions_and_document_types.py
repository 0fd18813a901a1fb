"""Grant the productivity permissions to the built-in roles; add the document types of the cases."""

from django.db import migrations

from ujikom.core.data_migrations import (
    add_document_types,
    grant_permissions,
    remove_document_types,
    revoke_permissions,
)

GRANTS = {
    "productivity.view": [
        "org_admin",
        "admin_staff",
        "technical_ops",
        "quality",
        "kadis",
        "sekdis",
        "kabid",
        "kasi",
    ],
    # The organization administrator holds every permission, so that it may give every role.
    "productivity.record": ["org_admin", "admin_staff", "technical_ops", "kabid", "kasi"],
    "productivity.lead": ["org_admin", "kabid", "kasi"],
}

DOCUMENT_TYPES = [
    ("guidance_case", "Kasus Bimbingan Teknis Peningkatan Produktivitas", "BTP"),
    ("productivity_worksheet", "Lembar Kerja Bimbingan Produktivitas", "LK-BTP"),
    ("productivity_report", "Laporan Penutup Bimbingan Teknis Peningkatan Produktivitas", "LAP-BTP"),
]


def forwards(apps, schema_editor):
    grant_permissions(apps, GRANTS)
    add_document_types(apps, DOCUMENT_TYPES)


def backwards(apps, schema_editor):
    revoke_permissions(apps, GRANTS)
    remove_document_types(apps, DOCUMENT_TYPES)


class Migration(migrations.Migration):
    dependencies = [("productivity", "0001_initial"), ("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
