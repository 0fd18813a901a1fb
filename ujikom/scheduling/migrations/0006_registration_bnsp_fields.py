"""What BNSP's candidate list needs of a registration beyond the identity: address, city and
province (Kepmendagri regions), education, occupation and the institution the candidate comes from."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_import_jobs"),
        ("scheduling", "0005_readiness_models"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="address",
            field=models.TextField(blank=True, verbose_name="alamat tempat tinggal"),
        ),
        migrations.AddField(
            model_name="registration",
            name="city",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.region",
                verbose_name="kabupaten/kota",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="province",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.region",
                verbose_name="provinsi",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="education",
            field=models.CharField(
                blank=True,
                choices=[
                    ("SD", "SD/sederajat"),
                    ("SMP", "SMP/sederajat"),
                    ("SMA", "SMA/SMK/sederajat"),
                    ("D1", "Diploma I"),
                    ("D2", "Diploma II"),
                    ("D3", "Diploma III"),
                    ("D4", "Diploma IV/Sarjana Terapan"),
                    ("S1", "Sarjana (S1)"),
                    ("S2", "Magister (S2)"),
                    ("S3", "Doktor (S3)"),
                ],
                max_length=5,
                verbose_name="pendidikan terakhir",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="occupation",
            field=models.CharField(blank=True, max_length=100, verbose_name="pekerjaan"),
        ),
        migrations.AddField(
            model_name="registration",
            name="institution",
            field=models.CharField(blank=True, max_length=255, verbose_name="asal lembaga"),
        ),
    ]
