"""Grant the SOP permissions to the built-in roles."""

from django.db import migrations

from ujikom.core.data_migrations import grant_permissions, revoke_permissions

GRANTS = {
    "sop.view": [
        "org_admin",
        "admin_staff",
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
    "sop.manage": ["org_admin", "lsp_chair", "head_admin", "sekdis", "kabid", "kasi", "quality"],
    "sop.run": [
        "org_admin",
        "admin_staff",
        "technical_ops",
        "lsp_chair",
        "head_admin",
        "head_certification",
        "kabid",
        "kasi",
    ],
}


def grant(apps, schema_editor):
    grant_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("sop", "0001_initial"), ("core", "0003_phone_numbers_with_parentheses")]
    operations = [migrations.RunPython(grant, revoke)]
