from io import StringIO

from django.core.management import call_command


def test_every_model_change_has_its_migration(db):
    output = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output)

    assert "No changes detected" in output.getvalue()


def test_replaying_data_migrations_adds_nothing_when_their_rows_are_there(db):
    from ujikom.core.data_migrations import replay_data_migrations
    from ujikom.core.models import DocumentType, Role
    from ujikom.notifications.models import MessageTemplate

    def counts():
        return Role.objects.count(), DocumentType.objects.count(), MessageTemplate.objects.count()

    before = counts()
    replay_data_migrations()

    assert counts() == before
    assert "sop.view" in Role.objects.get(key="kasi").permissions


def test_replaying_data_migrations_restores_an_emptied_catalogue(db):
    from ujikom.core.data_migrations import replay_data_migrations
    from ujikom.core.models import Role

    Role.objects.all().delete()

    replay_data_migrations()

    assert Role.objects.filter(key="site_head", is_builtin=True).exists()
    assert "sop.run" in Role.objects.get(key="admin_staff").permissions
