"""Grant the scheduling permissions to the built-in roles."""

from django.db import migrations

GRANTS = {
    "scheduling.view": [
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
    "scheduling.manage": [
        "org_admin",
        "lsp_chair",
        "head_admin",
        "head_certification",
        "kabid",
        "kasi",
        "director",
    ],
    "scheduling.register": ["org_admin", "admin_staff", "head_admin", "kasi", "technical_ops"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for code, keys in GRANTS.items():
        for role in Role.objects.filter(key__in=keys):
            if code not in role.permissions:
                role.permissions = [*role.permissions, code]
                role.save(update_fields=["permissions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for role in Role.objects.all():
        kept = [code for code in role.permissions if code not in GRANTS]
        if kept != role.permissions:
            role.permissions = kept
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial"), ("core", "0003_phone_numbers_with_parentheses")]
    operations = [migrations.RunPython(grant, revoke)]
