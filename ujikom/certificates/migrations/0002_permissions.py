"""Grant the certificate permissions to the built-in roles."""

from django.db import migrations

from ujikom.core.data_migrations import grant_permissions, revoke_permissions

GRANTS = {
    "certificates.view": [
        "org_admin",
        "director",
        "lsp_chair",
        "head_admin",
        "head_certification",
        "kadis",
        "sekdis",
        "kabid",
        "kasi",
    ],
    "certificates.issue": ["org_admin", "head_certification", "head_admin"],
    "certificates.manage": ["org_admin", "lsp_chair", "head_certification"],
    "certificates.keys": ["org_admin", "lsp_chair"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("assessment", "0003_decision_bnsp_codes")]
    operations = [migrations.RunPython(grant, revoke)]
