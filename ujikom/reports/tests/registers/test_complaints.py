"""Complaints: recorded with the organization's ADU number, followed up to a close, every change
audited; only `reports.complaints` records or changes, `reports.view` reads; bad input is named per
field and saves nothing; the register counts the period's complaints by status."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import AuditEvent, IssuedNumber
from ujikom.reports.models import Complaint
from ujikom.reports.services_complaints import follow_up_complaint, record_complaint

from .conftest import YEAR
from .pages import count, number, texts, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("reports:register_complaints")
NEW = reverse("reports:complaint_new")


def _fields(**changes):
    fields = {
        "received_on": dt.date(YEAR, 2, 3),
        "channel": Complaint.Channel.WHATSAPP,
        "complainant_name": "Rahmat Hidayat",
        "complainant_contact": "0812-7777-1234",
        "subject": "Ruang uji panas",
        "description": "Pendingin udara ruang uji mati sejak pukul 10.00.",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def complaint(complaint_numbering, disnaker, recorder):
    return record_complaint(organization=disnaker, actor=recorder, **_fields())


def test_a_complaint_is_numbered_from_the_pattern_and_audited(
    complaint_numbering, disnaker, recorder, make_event
):
    event = make_event(dt.date(YEAR, 1, 20))

    first = record_complaint(organization=disnaker, actor=recorder, event=event, **_fields())
    second = record_complaint(organization=disnaker, actor=recorder, **_fields(subject="Antrean lama"))

    assert (first.number, second.number) == ("560/001/ADU-Disnaker/2025", "560/002/ADU-Disnaker/2025")
    assert first.status == Complaint.Status.RECEIVED and first.event == event
    audit = AuditEvent.objects.get(event_type="complaint.recorded", subject_id=str(first.pk))
    assert audit.actor == recorder and audit.data["number"] == first.number


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on": None}, "received_on", "Isi tanggal pengaduan diterima."),
        ({"channel": "pos"}, "channel", "Pilih saluran pengaduan"),
        ({"complainant_name": "  "}, "complainant_name", "Tuliskan nama pengadu."),
        ({"subject": ""}, "subject", "Tuliskan pokok pengaduan."),
        ({"description": "x" * 5001}, "description", "Paling panjang 5.000 karakter."),
    ],
)
def test_bad_input_is_named_per_field_and_saves_nothing(
    complaint_numbering, disnaker, recorder, changes, field, message
):
    with pytest.raises(ValidationError) as refused:
        record_complaint(organization=disnaker, actor=recorder, **_fields(**changes))

    assert message in refused.value.message_dict[field][0]
    assert not Complaint.objects.exists() and not IssuedNumber.objects.exists()


def test_a_future_date_and_another_organizations_event_are_refused(
    complaint_numbering, disnaker, recorder, other_event
):
    with pytest.raises(ValidationError) as refused:
        record_complaint(
            organization=disnaker,
            actor=recorder,
            event=other_event,
            **_fields(received_on=timezone.localdate() + dt.timedelta(days=1)),
        )

    errors = refused.value.message_dict
    assert errors["received_on"] == ["Tanggal diterima tidak boleh di masa depan."]
    assert errors["event"] == ["Uji kompetensi itu bukan kegiatan Dinas Ketenagakerjaan Kota Tangerang."]
    assert not Complaint.objects.exists()


def test_without_a_numbering_pattern_nothing_is_saved(disnaker, recorder):
    with pytest.raises(ValidationError) as refused:
        record_complaint(organization=disnaker, actor=recorder, **_fields())

    assert "Belum ada pola penomoran" in refused.value.messages[0]
    assert "Penomoran dokumen" in refused.value.messages[0]
    assert not Complaint.objects.exists()
    assert not AuditEvent.objects.filter(event_type="complaint.recorded").exists()


def test_a_viewer_may_not_record_nor_follow_up(complaint, viewer, client_for):
    with pytest.raises(PermissionDenied):
        record_complaint(organization=complaint.organization, actor=viewer, **_fields())
    with pytest.raises(PermissionDenied):
        follow_up_complaint(complaint=complaint, actor=viewer, status="in_progress", response="Dicek.")

    client = client_for(viewer)
    assert client.get(URL, {"year": YEAR}).status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {**_fields(received_on="2025-02-03")}).status_code == 403
    detail = reverse("reports:complaint_detail", args=[complaint.public_id])
    page = client.get(detail)
    assert page.status_code == 200 and "Simpan tindak lanjut" not in page.content.decode()
    assert client.post(detail, {"status": "resolved", "response": "Selesai."}).status_code == 403
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().status == Complaint.Status.RECEIVED


def test_another_organization_does_not_see_the_complaint(complaint, outsider, client_for, disnaker):
    client = client_for(outsider)
    detail = reverse("reports:complaint_detail", args=[complaint.public_id])

    assert client.get(detail).status_code == 404
    assert client.post(detail, {"status": "resolved", "response": "x"}).status_code == 404
    assert client.get(URL, {"year": YEAR, "organization": str(disnaker.public_id)}).status_code == 403
    assert client.get(NEW, {"organization": str(disnaker.public_id)}).status_code == 403
    assert count(client.get(URL, {"year": YEAR}), "row") == 0


def test_following_up_to_a_close_is_audited(complaint, recorder, clerk):
    follow_up_complaint(
        complaint=complaint, actor=recorder, status="in_progress", response="Teknisi dipanggil."
    )
    closed = follow_up_complaint(
        complaint=complaint,
        actor=recorder,
        status="resolved",
        response="Pendingin udara diperbaiki.",
        resolved_on=dt.date(YEAR, 2, 10),
        handled_by=clerk,
    )

    assert closed.status == Complaint.Status.RESOLVED
    assert (closed.resolved_on, closed.handled_by) == (dt.date(YEAR, 2, 10), clerk)
    events = list(AuditEvent.objects.filter(event_type="complaint.followed_up").order_by("sequence"))
    assert len(events) == 2
    assert events[1].data["before"]["status"] == "in_progress"
    assert events[1].data["after"] == {
        "status": "resolved",
        "response": "Pendingin udara diperbaiki.",
        "resolved_on": "2025-02-10",
        "handled_by": "Rina Administrasi",
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": "resolved", "response": ""}, "response", "Tuliskan penyelesaian pengaduan"),
        (
            {"status": "rejected", "response": ""},
            "response",
            "Tuliskan alasan pengaduan tidak dapat diproses.",
        ),
        (
            {"status": "resolved", "response": "Beres.", "resolved_on": dt.date(YEAR, 2, 1)},
            "resolved_on",
            "Tanggal selesai tidak boleh sebelum tanggal pengaduan diterima (03-02-2025).",
        ),
        (
            {"status": "in_progress", "response": "Dicek.", "resolved_on": dt.date(YEAR, 2, 5)},
            "resolved_on",
            "Tanggal selesai hanya diisi",
        ),
        ({"status": "received"}, "status", "Pilih status tindak lanjut"),
    ],
)
def test_a_bad_follow_up_is_named_and_changes_nothing(complaint, recorder, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        follow_up_complaint(complaint=complaint, actor=recorder, **fields)

    assert message in refused.value.message_dict[field][0]
    complaint.refresh_from_db()
    assert (complaint.status, complaint.response, complaint.resolved_on) == ("received", "", None)
    assert not AuditEvent.objects.filter(event_type="complaint.followed_up").exists()


def test_the_handler_must_hold_the_complaints_permission(complaint, recorder, viewer):
    with pytest.raises(ValidationError) as refused:
        follow_up_complaint(
            complaint=complaint, actor=recorder, status="in_progress", response="x", handled_by=viewer
        )

    assert "tidak berhak menangani pengaduan" in refused.value.message_dict["handled_by"][0]


def test_recording_through_the_page(complaint_numbering, clerk, client_for, make_event, disnaker):
    event = make_event(dt.date(YEAR, 1, 20))
    client = client_for(clerk)

    form = client.get(NEW)
    response = client.post(NEW, {**_fields(received_on="2025-02-03"), "event": str(event.public_id)})

    assert form.status_code == 200 and event.title in form.content.decode()
    saved = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:complaint_detail", args=[saved.public_id])
    assert (saved.number, saved.event, saved.recorded_by) == ("560/001/ADU-Disnaker/2025", event, clerk)


def test_the_page_shows_every_problem_and_saves_nothing(complaint_numbering, clerk, client_for, other_event):
    response = client_for(clerk).post(
        NEW,
        {
            **_fields(received_on="2099-01-01", complainant_name=""),
            "event": str(other_event.public_id),
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Tuliskan nama pengadu." in page
    assert not Complaint.objects.exists()
    second = client_for(clerk).post(
        NEW, {**_fields(received_on="2099-01-01"), "event": str(other_event.public_id)}
    )
    page = second.content.decode()
    assert "Tanggal diterima tidak boleh di masa depan." in page
    assert "Uji kompetensi itu bukan kegiatan Dinas Ketenagakerjaan Kota Tangerang." in page
    assert not Complaint.objects.exists()


def test_following_up_through_the_page(complaint, recorder, client_for):
    client = client_for(recorder)
    detail = reverse("reports:complaint_detail", args=[complaint.public_id])

    refused = client.post(detail, {"status": "resolved", "response": "", "resolved_on": ""})
    done = client.post(
        detail, {"status": "resolved", "response": "Sudah diperbaiki.", "resolved_on": "2025-02-04"}
    )

    assert refused.status_code == 400 and "Tuliskan penyelesaian pengaduan" in refused.content.decode()
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolved_on, complaint.handled_by) == (
        "resolved",
        dt.date(YEAR, 2, 4),
        recorder,
    )


def test_the_register_counts_by_status_and_its_xlsx_agrees(
    complaint_numbering, disnaker, lsp, recorder, lsp_head, client_for
):
    made = [
        record_complaint(
            organization=disnaker, actor=recorder, **_fields(received_on=dt.date(YEAR, month, 2))
        )
        for month in (1, 2, 3, 7)
    ]
    follow_up_complaint(complaint=made[1], actor=recorder, status="in_progress", response="Dicek.")
    follow_up_complaint(
        complaint=made[2],
        actor=recorder,
        status="resolved",
        response="Beres.",
        resolved_on=dt.date(YEAR, 3, 9),
    )
    record_complaint(organization=disnaker, actor=recorder, **_fields(received_on=dt.date(YEAR - 1, 12, 30)))
    record_complaint(organization=lsp, actor=lsp_head, **_fields(received_on=dt.date(YEAR, 2, 2)))
    client = client_for(recorder)

    response = client.get(URL, {"year": YEAR})
    first_half = client.get(URL, {"year": YEAR, "period": "quarter", "number": 1})
    download = client.get(URL, {"year": YEAR, "format": "xlsx"})

    statuses = Counter(Complaint.objects.get(pk=c.pk).status for c in made)
    for status in Complaint.Status.values:
        assert number(response, f"total-{status}") == statuses.get(status, 0)
    assert count(response, "row") == 4 and count(first_half, "row") == 3
    assert texts(response, "new")  # the recorder may record
    sheets = xlsx_rows(download.content)
    summary = {row[0]: row[1] for row in sheets["Ringkasan"] if row and len(row) > 1}
    assert summary["Jumlah"] == number(response, "total") == 4
    assert summary["Selesai"] == number(response, "total-resolved") == 1
    rows = sheets["Pengaduan"][1:]
    assert [row[0] for row in rows] == [c.number for c in made]
    assert rows[2][-1] == 7  # days from 2 to 9 March


def test_a_clerk_with_only_the_complaints_permission_reads_the_register(complaint, clerk, client_for):
    response = client_for(clerk).get(URL, {"year": YEAR})

    assert response.status_code == 200 and count(response, "row") == 1


def test_the_register_takes_the_same_queries_for_more_complaints(
    complaint_numbering, disnaker, recorder, client_for
):
    client = client_for(recorder)
    record_complaint(organization=disnaker, actor=recorder, **_fields())
    client.get(URL, {"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR})
    for day in range(1, 15):
        record_complaint(organization=disnaker, actor=recorder, **_fields(received_on=dt.date(YEAR, 5, day)))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": YEAR})

    assert count(response, "row") == 15
    assert len(many) == len(few)
