"""Messages to a candidate about the review of their registration: accepted, returned, rejected."""

from django.db import migrations

SIGNATURE = '{{ organization|default:"Ujikom" }}'
VARIABLES = "name, event, scheme, date, site, card_number, reason, organization"

# (code, channel, name, subject, body)
TEMPLATES = [
    (
        "registration_accepted",
        "email",
        "Pendaftaran uji kompetensi diterima",
        "Pendaftaran uji kompetensi {{ scheme }} diterima",
        "Yth. {{ name }},\n\n"
        "Pendaftaran Anda untuk uji kompetensi {{ scheme }} ({{ event }}) telah diterima.\n\n"
        "Tanggal uji  : {{ date }}\n"
        "Tempat (TUK) : {{ site }}\n"
        "Kartu peserta: {{ card_number }}\n\n"
        "Kartu peserta dapat diunduh di Portal peserta. Bawalah kartu peserta dan KTP asli pada hari uji.\n\n"
        "Hormat kami,\n" + SIGNATURE,
    ),
    (
        "registration_accepted",
        "whatsapp",
        "Pendaftaran uji kompetensi diterima",
        "",
        "Yth. {{ name }}, pendaftaran uji kompetensi {{ scheme }} Anda diterima. Uji pada {{ date }} di {{ site }}. "
        "Nomor kartu peserta {{ card_number }}; unduh kartunya di Portal peserta. - " + SIGNATURE,
    ),
    (
        "registration_returned",
        "email",
        "Permohonan uji kompetensi perlu diperbaiki",
        "Permohonan uji kompetensi {{ scheme }} perlu diperbaiki",
        "Yth. {{ name }},\n\n"
        "Permohonan Anda (FR.APL.01) untuk uji kompetensi {{ scheme }} ({{ event }}) dikembalikan untuk "
        "diperbaiki dengan catatan:\n\n{{ reason }}\n\n"
        "Silakan perbaiki dan ajukan ulang melalui Portal peserta sebelum pendaftaran ditutup.\n\n"
        "Hormat kami,\n" + SIGNATURE,
    ),
    (
        "registration_returned",
        "whatsapp",
        "Permohonan uji kompetensi perlu diperbaiki",
        "",
        "Yth. {{ name }}, permohonan uji kompetensi {{ scheme }} Anda dikembalikan untuk diperbaiki: {{ reason }}. "
        "Perbaiki dan ajukan ulang di Portal peserta. - " + SIGNATURE,
    ),
    (
        "registration_rejected",
        "email",
        "Pendaftaran uji kompetensi ditolak",
        "Pendaftaran uji kompetensi {{ scheme }} ditolak",
        "Yth. {{ name }},\n\n"
        "Mohon maaf, pendaftaran Anda untuk uji kompetensi {{ scheme }} ({{ event }}) tidak dapat diterima "
        "dengan alasan:\n\n{{ reason }}\n\n"
        "Hormat kami,\n" + SIGNATURE,
    ),
    (
        "registration_rejected",
        "whatsapp",
        "Pendaftaran uji kompetensi ditolak",
        "",
        "Yth. {{ name }}, mohon maaf, pendaftaran uji kompetensi {{ scheme }} Anda tidak dapat diterima: "
        "{{ reason }}. - " + SIGNATURE,
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
    dependencies = [("notifications", "0005_scheduling_readiness")]

    operations = [migrations.RunPython(create, remove)]
