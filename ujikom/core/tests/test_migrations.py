from io import StringIO

from django.core.management import call_command


def test_every_model_change_has_its_migration(db):
    output = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output)

    assert "No changes detected" in output.getvalue()
