"""Built-in roles (the seed SOPs' actors and office posts), document types and office hours."""

import datetime as dt

from django.db import migrations


def load(apps, schema_editor):
    from ujikom.core.permissions import BUILTIN_DOCUMENT_TYPES, BUILTIN_ROLES

    Role = apps.get_model("core", "Role")
    DocumentType = apps.get_model("core", "DocumentType")
    OfficeHours = apps.get_model("core", "OfficeHours")
    for key, name, description, permissions, kinds, sop_actor in BUILTIN_ROLES:
        Role.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "description": description,
                "permissions": list(permissions),
                "organization_kinds": list(kinds),
                "is_sop_actor": sop_actor,
                "is_builtin": True,
            },
        )
    for code, name, abbreviation in BUILTIN_DOCUMENT_TYPES:
        DocumentType.objects.update_or_create(
            code=code, defaults={"name": name, "abbreviation": abbreviation}
        )
    # Default office hours: Monday to Friday, 08:00–16:00 (Asia/Jakarta).
    for weekday in range(5):
        OfficeHours.objects.get_or_create(
            organization=None, weekday=weekday, defaults={"opens_at": dt.time(8), "closes_at": dt.time(16)}
        )


def unload(apps, schema_editor):
    from ujikom.core.permissions import BUILTIN_DOCUMENT_TYPES, BUILTIN_ROLES

    apps.get_model("core", "Role").objects.filter(
        key__in=[r[0] for r in BUILTIN_ROLES], assignments=None
    ).delete()
    apps.get_model("core", "DocumentType").objects.filter(
        code__in=[d[0] for d in BUILTIN_DOCUMENT_TYPES]
    ).delete()
    apps.get_model("core", "OfficeHours").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
