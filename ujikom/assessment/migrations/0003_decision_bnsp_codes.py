"""The codes of BNSP's candidate list (KODE PENDIDIKAN, KODE PEKERJAAN), kept as data.

BNSP hands its code lists out only as a download of its own system ("daftar ID/Kode"), which no
source of ours holds. The seeded rows are placeholders an administrator replaces in the admin
(Asesmen → Kode BNSP) with the codes of that list: every education level of `Participant.Education`
written as its level name, and a few common occupations. Seeding never overwrites a code already
edited.
"""

import django.db.models.functions.text
from django.db import migrations, models

EDUCATION = [
    ("SD", "SD", "SD/sederajat"),
    ("SMP", "SMP", "SMP/sederajat"),
    ("SMA", "SMA", "SMA/SMK/sederajat"),
    ("D1", "D1", "Diploma I"),
    ("D2", "D2", "Diploma II"),
    ("D3", "D3", "Diploma III"),
    ("D4", "D4", "Diploma IV/Sarjana Terapan"),
    ("S1", "S1", "Sarjana (S1)"),
    ("S2", "S2", "Magister (S2)"),
    ("S3", "S3", "Doktor (S3)"),
]

OCCUPATIONS = [
    ("Belum/tidak bekerja", "TIDAK BEKERJA", "Belum/tidak bekerja (pencari kerja)"),
    ("Pelajar/mahasiswa", "PELAJAR", "Pelajar/mahasiswa"),
    ("Karyawan swasta", "SWASTA", "Karyawan swasta"),
    ("Wiraswasta", "WIRASWASTA", "Wiraswasta"),
    ("Pegawai negeri sipil", "PNS", "Pegawai negeri sipil"),
]


def seed(apps, schema_editor):
    BnspCode = apps.get_model("assessment", "BnspCode")
    for kind, rows in (("education", EDUCATION), ("occupation", OCCUPATIONS)):
        for value, code, label in rows:
            if not BnspCode.objects.filter(kind=kind, value__iexact=value).exists():
                BnspCode.objects.create(kind=kind, value=value, code=code, label=label)


def unseed(apps, schema_editor):
    BnspCode = apps.get_model("assessment", "BnspCode")
    for kind, rows in (("education", EDUCATION), ("occupation", OCCUPATIONS)):
        for value, code, _label in rows:
            BnspCode.objects.filter(kind=kind, value=value, code=code).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_permissions_and_document_types")]

    operations = [
        migrations.CreateModel(
            name="BnspCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("education", "Pendidikan (KODE PENDIDIKAN)"),
                            ("occupation", "Pekerjaan (KODE PEKERJAAN)"),
                        ],
                        max_length=20,
                        verbose_name="jenis",
                    ),
                ),
                (
                    "value",
                    models.CharField(
                        help_text=(
                            "Pendidikan: kode jenjang (SD, SMP, SMA, D1…S3). Pekerjaan: teks pekerjaan asesi "
                            "seperti diisikan (huruf besar/kecil tidak dibedakan)."
                        ),
                        max_length=100,
                        verbose_name="nilai di Ujikom",
                    ),
                ),
                ("code", models.CharField(max_length=20, verbose_name="kode BNSP")),
                ("label", models.CharField(blank=True, max_length=200, verbose_name="keterangan")),
            ],
            options={
                "verbose_name": "kode BNSP",
                "verbose_name_plural": "kode BNSP",
                "ordering": ["kind", "code", "value"],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("kind"),
                        django.db.models.functions.text.Lower("value"),
                        name="bnsp_code_value_once_per_kind",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
