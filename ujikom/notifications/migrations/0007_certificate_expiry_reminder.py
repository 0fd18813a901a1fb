"""The message that reminds a certificate holder, 180, 90 and 30 days ahead, that the certificate
expires and how to re-certify."""

from django.db import migrations

SIGNATURE = '{{ organization|default:"Ujikom" }}'
VARIABLES = "name, number, scheme, valid_until, days_left, lsp, lsp_contact, link, organization"

# (code, channel, name, subject, body)
TEMPLATES = [
    (
        "certificate_expiry_reminder",
        "email",
        "Pengingat masa berlaku sertifikat kompetensi",
        "Sertifikat kompetensi {{ scheme }} berakhir dalam {{ days_left }} hari",
        "Yth. {{ name }},\n\n"
        "Sertifikat kompetensi Anda akan berakhir masa berlakunya:\n\n"
        "Nomor sertifikat: {{ number }}\n"
        "Skema           : {{ scheme }}\n"
        "Berlaku sampai  : {{ valid_until }} ({{ days_left }} hari lagi)\n\n"
        "Untuk memperpanjang, ikuti sertifikasi ulang (resertifikasi) pada {{ lsp }}"
        "{% if lsp_contact %} ({{ lsp_contact }}){% endif %} sebelum tanggal tersebut. Setelah lulus, "
        "Anda menerima sertifikat baru yang menggantikan sertifikat ini.\n\n"
        "Status sertifikat dapat diperiksa di {{ link }}\n\n"
        "Hormat kami,\n" + SIGNATURE,
    ),
    (
        "certificate_expiry_reminder",
        "whatsapp",
        "Pengingat masa berlaku sertifikat kompetensi",
        "",
        "Yth. {{ name }}, sertifikat kompetensi {{ scheme }} nomor {{ number }} berlaku sampai "
        "{{ valid_until }} ({{ days_left }} hari lagi). Ikuti sertifikasi ulang pada {{ lsp }}"
        "{% if lsp_contact %} ({{ lsp_contact }}){% endif %} sebelum tanggal tersebut. "
        "Cek status: {{ link }} - " + SIGNATURE,
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
    dependencies = [("notifications", "0006_scheduling_registration")]

    operations = [migrations.RunPython(create, remove)]
