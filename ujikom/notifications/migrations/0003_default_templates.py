"""The default Indonesian message templates; organizations override them from the Templat pesan page."""

from django.db import migrations

SIGNATURE = '{{ organization|default:"Ujikom" }}'

# (code, channel, name, subject, body, variables)
DEFAULT_TEMPLATES = [
    (
        "account_created",
        "email",
        "Akun baru dibuat",
        "Akun Ujikom Anda telah dibuat",
        "Yth. {{ name }},\n\n"
        "Akun Anda pada sistem informasi uji kompetensi Ujikom{% if organization %} ({{ organization }}){% endif %} "
        "telah dibuat.\n\n"
        "Nama pengguna: {{ username }}\n"
        "{% if link %}Silakan tetapkan kata sandi Anda melalui tautan berikut:\n{{ link }}\n{% endif %}\n"
        "Jika Anda tidak merasa didaftarkan, abaikan pesan ini atau hubungi administrator.\n\n"
        "Hormat kami,\n" + SIGNATURE,
        "name, username, organization, link",
    ),
    (
        "account_created",
        "whatsapp",
        "Akun baru dibuat",
        "",
        "Yth. {{ name }}, akun Ujikom Anda{% if organization %} di {{ organization }}{% endif %} telah dibuat "
        "dengan nama pengguna {{ username }}.{% if link %} Tetapkan kata sandi Anda di {{ link }}{% endif %}",
        "name, username, organization, link",
    ),
    (
        "test_schedule_reminder",
        "email",
        "Pengingat jadwal uji kompetensi",
        "Pengingat jadwal uji kompetensi {{ scheme }}",
        "Yth. {{ name }},\n\n"
        "Dengan hormat kami ingatkan bahwa uji kompetensi {{ scheme }} dilaksanakan pada:\n\n"
        "Hari/tanggal : {{ date }}\n"
        "{% if time %}Waktu        : {{ time }}\n{% endif %}"
        "Tempat (TUK) : {{ site }}\n"
        "{% if address %}Alamat       : {{ address }}\n{% endif %}\n"
        "Mohon hadir 30 menit sebelum uji kompetensi dimulai dengan membawa KTP, kartu peserta "
        "dan alat tulis.\n\n"
        "Hormat kami,\n" + SIGNATURE,
        "name, scheme, date, time, site, address, organization",
    ),
    (
        "test_schedule_reminder",
        "whatsapp",
        "Pengingat jadwal uji kompetensi",
        "",
        "Yth. {{ name }}, uji kompetensi {{ scheme }} pada {{ date }}{% if time %} pukul {{ time }}{% endif %} "
        "di {{ site }}{% if address %}, {{ address }}{% endif %}. Mohon hadir 30 menit sebelumnya dengan membawa "
        "KTP dan kartu peserta. Terima kasih. - " + SIGNATURE,
        "name, scheme, date, time, site, address, organization",
    ),
    (
        "test_schedule_reminder",
        "sms",
        "Pengingat jadwal uji kompetensi",
        "",
        "Yth. {{ name }}, uji kompetensi {{ scheme }} pada {{ date }}{% if time %} pukul {{ time }}{% endif %} "
        "di {{ site }}. Bawa KTP dan kartu peserta. " + SIGNATURE,
        "name, scheme, date, time, site, organization",
    ),
    (
        "password_reset_notice",
        "email",
        "Pemberitahuan kata sandi diatur ulang",
        "Kata sandi akun Ujikom Anda telah diatur ulang",
        "Yth. {{ name }},\n\n"
        "Kata sandi akun Ujikom Anda ({{ username }}) telah diatur ulang{% if when %} pada {{ when }}{% endif %}.\n\n"
        "Jika bukan Anda yang melakukannya, segera hubungi administrator organisasi Anda dan ganti kata sandi.\n\n"
        "Hormat kami,\n" + SIGNATURE,
        "name, username, when, organization",
    ),
    (
        "password_reset_notice",
        "whatsapp",
        "Pemberitahuan kata sandi diatur ulang",
        "",
        "Yth. {{ name }}, kata sandi akun Ujikom Anda ({{ username }}) telah diatur ulang"
        "{% if when %} pada {{ when }}{% endif %}. Jika bukan Anda, segera hubungi administrator. - "
        + SIGNATURE,
        "name, username, when, organization",
    ),
    (
        "assessor_assignment",
        "email",
        "Penugasan asesor",
        "Penugasan sebagai asesor uji kompetensi {{ scheme }}",
        "Yth. {{ name }},\n\n"
        "Anda ditugaskan sebagai asesor kompetensi pada uji kompetensi {{ scheme }} tanggal {{ date }} "
        "di {{ site }}.\n\n"
        "{% if link %}Mohon konfirmasi kesediaan Anda melalui tautan berikut:\n{{ link }}\n\n{% endif %}"
        "Hormat kami,\n" + SIGNATURE,
        "name, scheme, date, site, link, organization",
    ),
    (
        "assessor_assignment",
        "whatsapp",
        "Penugasan asesor",
        "",
        "Yth. {{ name }}, Anda ditugaskan sebagai asesor uji kompetensi {{ scheme }} pada {{ date }} di {{ site }}."
        "{% if link %} Mohon konfirmasi kesediaan Anda di {{ link }}{% endif %} - " + SIGNATURE,
        "name, scheme, date, site, link, organization",
    ),
    (
        "task_overdue",
        "email",
        "Tugas SOP melewati batas waktu",
        "Tugas melewati batas waktu: {{ task }}",
        "Yth. {{ name }},\n\n"
        'Tugas "{{ task }}"{% if run %} pada {{ run }}{% endif %} belum selesai dan telah melewati batas waktu '
        "{{ due }}.\n"
        "{% if link %}\nBuka tugas: {{ link }}\n{% endif %}\n"
        "Hormat kami,\n" + SIGNATURE,
        "name, task, run, due, link, organization",
    ),
    (
        "certificate_issued",
        "email",
        "Sertifikat kompetensi terbit",
        "Sertifikat kompetensi {{ scheme }} telah terbit",
        "Yth. {{ name }},\n\n"
        "Selamat, sertifikat kompetensi Anda untuk skema {{ scheme }} dengan nomor {{ number }} telah terbit.\n"
        "{% if link %}Keaslian sertifikat dapat diperiksa di {{ link }}\n{% endif %}\n"
        "Hormat kami,\n" + SIGNATURE,
        "name, scheme, number, link, organization",
    ),
    (
        "certificate_issued",
        "whatsapp",
        "Sertifikat kompetensi terbit",
        "",
        "Yth. {{ name }}, selamat! Sertifikat kompetensi {{ scheme }} nomor {{ number }} telah terbit."
        "{% if link %} Periksa keasliannya di {{ link }}{% endif %} - " + SIGNATURE,
        "name, scheme, number, link, organization",
    ),
]


def create_defaults(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for code, channel, name, subject, body, variables in DEFAULT_TEMPLATES:
        MessageTemplate.objects.get_or_create(
            code=code,
            channel=channel,
            organization=None,
            defaults={"name": name, "subject": subject, "body": body, "variables": variables},
        )


def remove_defaults(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for code, channel, *_rest in DEFAULT_TEMPLATES:
        MessageTemplate.objects.filter(code=code, channel=channel, organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_delivery_claims_and_template_variables"),
    ]

    operations = [
        migrations.RunPython(create_defaults, remove_defaults),
    ]
