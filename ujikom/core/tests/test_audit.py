import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ujikom.core.audit import record_event, verify_chain
from ujikom.core.models import AuditEvent
from ujikom.core.services import create_unit, update_organization


@pytest.fixture
def history(disnaker, system_admin):
    for name in ["Sekretariat", "Bidang Pelatihan", "Seksi Sertifikasi"]:
        create_unit(organization=disnaker, actor=system_admin, name=name)
    update_organization(organization=disnaker, actor=system_admin, city="Kota Tangerang")
    return list(AuditEvent.objects.order_by("sequence"))


def test_service_writes_leave_a_chained_event_naming_actor_and_organization(history, disnaker, system_admin):
    assert [e.event_type for e in history] == ["unit.created"] * 3 + ["organization.updated"]
    assert all(e.actor_id == system_admin.pk and e.organization_id == disnaker.pk for e in history)
    assert history[-1].data == {"changes": {"city": ["", "Kota Tangerang"]}}
    assert all(
        later.previous_hash == earlier.hash for earlier, later in zip(history, history[1:], strict=False)
    )
    assert verify_chain().ok


def test_verify_names_the_event_altered_directly_in_the_database(history, capsys):
    altered = history[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET subject_label = %s WHERE sequence = %s",
            ["Bidang Palsu", altered.sequence],
        )

    with pytest.raises(CommandError, match=rf"#{altered.sequence}\b.*diubah"):
        call_command("audit", "verify")


def test_verify_names_the_event_removed_from_the_middle(history):
    removed = history[2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = %s", [removed.sequence])

    report = verify_chain()

    assert not report.ok
    assert report.problem.sequence == removed.sequence
    assert "hilang" in report.problem.message


def test_verify_notices_the_last_event_removed(history):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = %s", [history[-1].sequence])

    report = verify_chain()

    assert report.problem.sequence == history[-1].sequence


def test_event_rolled_back_with_its_write_leaves_no_gap(disnaker, system_admin):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(disnaker, "test.rolled_back", actor=system_admin)
        raise RuntimeError
    record_event(disnaker, "test.kept", actor=system_admin)

    assert list(AuditEvent.objects.values_list("sequence", "event_type")) == [(1, "test.kept")]
    assert verify_chain().ok


def test_verify_command_reports_intact_chain(history, capsys):
    call_command("audit", "verify")

    assert f"{len(history)} catatan" in capsys.readouterr().out


def test_every_event_type_the_services_write_has_a_readable_label():
    import re
    from pathlib import Path

    from ujikom.core.audit import EVENT_LABELS

    call = re.compile(r'record_event\(\s*[^,()]+(?:\([^()]*\))?,\s*"([a-z_]+\.[a-z_]+)"', re.S)
    written = set()
    for path in Path(__file__).resolve().parents[2].rglob("*.py"):
        if "tests" not in path.parts:
            written |= set(call.findall(path.read_text()))
    missing = sorted(written - set(EVENT_LABELS))

    assert len(written) > 20
    assert not missing, f"Event types without a label (register them in the app's AppConfig.ready): {missing}"
