"""Message templates of a test day's readiness: the schedule sent to candidates, the reminder with
the attendance confirmation link (PSM/DISNAKER-10 steps 1, 3 and 4)."""

from django.db import migrations

SIGNATURE = '{{ organization|default:"Ujikom" }}'
VARIABLES = "name, scheme, event, date, time, site, address, number, link, organization"

TEMPLATES = [
    (
        "test_schedule_distribution",
        "email",
        "Jadwal uji kompetensi",
        "Jadwal uji kompetensi {{ scheme }}",
        "Yth. {{ name }},\n\n"
        "Permohonan Anda untuk uji kompetensi {{ scheme }} telah diterima. Uji kompetensi dilaksanakan pada:\n\n"
        "Hari/tanggal : {{ date }}\n"
        "{% if time %}Waktu        : {{ time }}\n{% endif %}"
        "Tempat (TUK) : {{ site }}\n"
        "{% if address %}Alamat       : {{ address }}\n{% endif %}"
        "{% if number %}Nomor jadwal : {{ number }}\n{% endif %}\n"
        "{% if link %}Mohon konfirmasi kehadiran Anda melalui tautan berikut:\n{{ link }}\n\n{% endif %}"
        "Hormat kami,\n" + SIGNATURE,
        VARIABLES,
    ),
    (
        "test_schedule_distribution",
        "whatsapp",
        "Jadwal uji kompetensi",
        "",
        "Yth. {{ name }}, uji kompetensi {{ scheme }} Anda dijadwalkan pada {{ date }}"
        "{% if time %} pukul {{ time }}{% endif %} di {{ site }}{% if address %}, {{ address }}{% endif %}."
        "{% if link %} Konfirmasi kehadiran: {{ link }}{% endif %} - " + SIGNATURE,
        VARIABLES,
    ),
    (
        "test_attendance_reminder",
        "email",
        "Pengingat uji kompetensi dan konfirmasi kehadiran",
        "Pengingat: uji kompetensi {{ scheme }} pada {{ date }}",
        "Yth. {{ name }},\n\n"
        "Dengan hormat kami ingatkan bahwa uji kompetensi {{ scheme }} dilaksanakan pada:\n\n"
        "Hari/tanggal : {{ date }}\n"
        "{% if time %}Waktu        : {{ time }}\n{% endif %}"
        "Tempat (TUK) : {{ site }}\n"
        "{% if address %}Alamat       : {{ address }}\n{% endif %}\n"
        "Mohon hadir 30 menit sebelum uji kompetensi dimulai dengan membawa KTP, kartu peserta dan alat tulis.\n"
        "{% if link %}\nKonfirmasi kehadiran Anda (hadir atau tidak dapat hadir) melalui tautan berikut:\n"
        "{{ link }}\n{% endif %}\n"
        "Hormat kami,\n" + SIGNATURE,
        VARIABLES,
    ),
    (
        "test_attendance_reminder",
        "whatsapp",
        "Pengingat uji kompetensi dan konfirmasi kehadiran",
        "",
        "Yth. {{ name }}, kami ingatkan uji kompetensi {{ scheme }} pada {{ date }}"
        "{% if time %} pukul {{ time }}{% endif %} di {{ site }}. Bawa KTP dan kartu peserta."
        "{% if link %} Mohon konfirmasi kehadiran: {{ link }}{% endif %} - " + SIGNATURE,
        VARIABLES,
    ),
]


def create(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for code, channel, name, subject, body, variables in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            code=code,
            channel=channel,
            organization=None,
            defaults={"name": name, "subject": subject, "body": body, "variables": variables},
        )


def remove(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for code, channel, *_rest in TEMPLATES:
        MessageTemplate.objects.filter(code=code, channel=channel, organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_task_due_soon_template")]

    operations = [migrations.RunPython(create, remove)]
