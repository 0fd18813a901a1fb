"""An index the reports read instead of the assessment rows: recommendation and assessor by registration."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_decision_bnsp_codes")]

    operations = [
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                fields=["registration"],
                include=("recommendation", "assessor"),
                name="assessment_result_cover_idx",
            ),
        ),
    ]
