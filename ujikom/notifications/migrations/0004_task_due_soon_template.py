"""The default template that tells people an SOP task is almost due."""

from django.db import migrations

SIGNATURE = '{{ organization|default:"Ujikom" }}'

TEMPLATE = {
    "code": "task_due_soon",
    "channel": "email",
    "name": "Tugas SOP segera jatuh tempo",
    "subject": "Segera jatuh tempo: {{ task }}",
    "body": (
        "Yth. {{ name }},\n\n"
        'Tugas "{{ task }}"{% if run %} pada {{ run }}{% endif %} harus selesai paling lambat {{ due }}.\n'
        "{% if link %}\nBuka tugas: {{ link }}\n{% endif %}\n"
        "Hormat kami,\n" + SIGNATURE
    ),
    "variables": "name, task, run, due, link, organization",
}


def create(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    MessageTemplate.objects.get_or_create(
        code=TEMPLATE["code"],
        channel=TEMPLATE["channel"],
        organization=None,
        defaults={key: TEMPLATE[key] for key in ("name", "subject", "body", "variables")},
    )


def remove(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    MessageTemplate.objects.filter(
        code=TEMPLATE["code"], channel=TEMPLATE["channel"], organization=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_default_templates")]

    operations = [migrations.RunPython(create, remove)]
