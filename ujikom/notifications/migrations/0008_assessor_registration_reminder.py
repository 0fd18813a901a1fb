"""The message that reminds an assessor, 90 and 30 days ahead, that their BNSP registration (MET
number) ends and should be renewed."""

from django.db import migrations

SIGNATURE = '{{ organization|default:"Ujikom" }}'
VARIABLES = "name, registration_number, valid_until, days_left, lsp, organization"

# (code, channel, name, subject, body)
TEMPLATES = [
    (
        "assessor_registration_reminder",
        "email",
        "Pengingat masa berlaku registrasi asesor",
        "Registrasi asesor {{ registration_number }} berakhir dalam {{ days_left }} hari",
        "Yth. {{ name }},\n\n"
        "Registrasi Anda sebagai asesor kompetensi nomor {{ registration_number }} berlaku sampai "
        "{{ valid_until }} ({{ days_left }} hari lagi).\n\n"
        "Agar tetap dapat ditugaskan menguji pada {{ lsp }}, perpanjang registrasi ke BNSP sebelum tanggal "
        "tersebut dan serahkan bukti perpanjangannya kepada LSP.\n\n"
        "Hormat kami,\n" + SIGNATURE,
    ),
    (
        "assessor_registration_reminder",
        "whatsapp",
        "Pengingat masa berlaku registrasi asesor",
        "",
        "Yth. {{ name }}, registrasi asesor {{ registration_number }} Anda berlaku sampai {{ valid_until }} "
        "({{ days_left }} hari lagi). Perpanjang ke BNSP dan serahkan buktinya kepada {{ lsp }}. - "
        + SIGNATURE,
    ),
]


def create(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for code, channel, name, subject, body in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            code=code,
            channel=channel,
            organization=None,
            defaults={"name": name, "subject": subject, "body": body, "variables": VARIABLES},
        )


def remove(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for code, channel, *_rest in TEMPLATES:
        MessageTemplate.objects.filter(code=code, channel=channel, organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0007_certificate_expiry_reminder")]

    operations = [migrations.RunPython(create, remove)]
