"""An index for the certificates an LSP issued in a period, counted per month by the reports."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_certificate_rendering")]

    operations = [
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(
                fields=["lsp", "issued_on"], include=("id",), name="certificate_lsp_issued_idx"
            ),
        ),
    ]
