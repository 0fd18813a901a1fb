"""The test-day screens: who may open them (another organization 404, no permission 403) and what
each user sees and does on them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ujikom.assessment import services_testday as services
from ujikom.assessment.models import Appeal, AttendanceEntry, AttendanceSheet, TestPhoto, UnitResult

from .helpers import (
    JPEG,
    allocated_user,
    assess,
    assessors_present,
    attend,
    candidates_sheet,
    drawing,
    line_of,
    photo,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_done(event, tekops, registrations, assessors, numbering):
    """Budi (K) and Siti (BK) assessed with feedback, Agus absent; the test day finished."""
    budi, siti, agus = registrations
    attend(event, tekops, present=[budi, siti], absent=[agus], close=True)
    assessors_present(event, tekops)
    photo(event, tekops)
    services.allocate_automatically(event=event, actor=tekops)
    assess(budi, allocated_user(budi), ["K", "K", "K"])
    assess(siti, allocated_user(siti), ["K", "BK", "K"])
    services.give_feedback(registration=budi, actor=allocated_user(budi), feedback="Rapi dan teliti.")
    services.finish_test_day(event=event, actor=tekops)
    return registrations


def test_test_day_page_is_refused_to_outsiders_and_members_without_the_permission(
    client_for, event, outsider, candidate_user, quality, tekops
):
    url = reverse("assessment:test_day", args=[event.public_id])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(candidate_user).get(url).status_code == 403
    assert client_for(quality).get(url).status_code == 200
    assert client_for(quality).post(url, {"action": "allocate_auto"}).status_code == 403
    assert "Buka daftar hadir" not in client_for(quality).get(url).content.decode()
    assert "Buka daftar hadir" in client_for(tekops).get(url).content.decode()


def test_the_officer_runs_the_attendance_list_on_the_tablet(
    client_for, event, tekops, registrations, numbering
):
    budi, siti, agus = registrations
    client = client_for(tekops)
    page = reverse("assessment:test_day", args=[event.public_id])

    opened = client.post(page, {"action": "open", "day": event.starts_on.isoformat(), "kind": "candidates"})
    sheet = AttendanceSheet.objects.get(kind="candidates")
    line = reverse("assessment:attendance_line", args=[sheet.public_id, line_of(sheet, siti).pk])
    tablet = client.get(line)
    signed = client.post(line, {"action": "sign", "sign_method": "drawn", "signature": drawing()})
    empty = client.post(
        reverse("assessment:attendance_line", args=[sheet.public_id, line_of(sheet, budi).pk]),
        {"action": "sign", "sign_method": "drawn", "signature": ""},
    )
    no_note = client.post(
        reverse("assessment:attendance_line", args=[sheet.public_id, line_of(sheet, agus).pk]),
        {"action": "absent", "note": ""},
    )

    assert opened.status_code == 302 and opened["Location"] == reverse(
        "assessment:attendance", args=[sheet.public_id]
    )
    assert tablet.status_code == 200 and "Siti Aminah" in tablet.content.decode()
    assert (
        "data-signature-pad" in tablet.content.decode()
        and "assessment/signature.js" in tablet.content.decode()
    )
    assert signed.status_code == 302 and line_of(sheet, siti).present
    assert "Tanda tangan belum digambar." in empty.content.decode()
    assert "Tuliskan keterangan ketidakhadiran" in no_note.content.decode()
    listing = client.get(reverse("assessment:attendance", args=[sheet.public_id])).content.decode()
    assert listing.count('data-testid="line"') == 3 and "Tanda tangan digambar" in listing


def test_a_candidate_without_the_permission_cannot_use_the_tablet_page(
    client_for, event, tekops, registrations, candidate_user, outsider
):
    sheet = candidates_sheet(event, tekops)
    url = reverse("assessment:attendance_line", args=[sheet.public_id, line_of(sheet, registrations[1]).pk])

    assert client_for(candidate_user).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404


def test_photos_are_checked_and_shown(client_for, event, tekops, outsider):
    client = client_for(tekops)
    page = reverse("assessment:test_day", args=[event.public_id])

    refused = client.post(
        page,
        {
            "action": "photo",
            "day": event.starts_on.isoformat(),
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        },
    )
    client.post(
        page,
        {
            "action": "photo",
            "day": event.starts_on.isoformat(),
            "caption": "Pembukaan",
            "file": SimpleUploadedFile("buka.jpg", JPEG),
        },
    )

    assert "jenis berkas tidak diizinkan" in refused.content.decode()
    stored = TestPhoto.objects.get()
    shown = client.get(page).content.decode()
    assert "Pembukaan" in shown
    file_url = reverse("assessment:testday_file", args=[event.public_id, stored.file.public_id])
    assert file_url in shown
    assert client.get(file_url + "?lihat=1")["Content-Type"] == "image/jpeg"
    assert client_for(outsider).get(file_url).status_code == 404


def test_the_assessor_records_units_on_the_tablet_screen(
    client_for, event, tekops, registrations, assessors, units
):
    budi = registrations[0]
    attend(event, tekops, present=[budi])
    services.allocate_automatically(event=event, actor=tekops)
    assessor = allocated_user(budi)
    client = client_for(assessor)
    url = reverse("assessment:assess", args=[budi.public_id])
    unit = units[0]
    prefix = f"u{unit.pk}"

    page = client.get(url)
    saved = client.post(
        url,
        {
            "action": "unit",
            "prefix": prefix,
            f"{prefix}-unit": unit.code,
            f"{prefix}-verdict": "BK",
            f"{prefix}-methods": ["observation", "oral"],
            f"{prefix}-note": "Belum menyimpan berkas",
            f"{prefix}-expected_current": "",
        },
    )
    stale = client.post(
        url,
        {
            "action": "unit",
            "prefix": prefix,
            f"{prefix}-unit": unit.code,
            f"{prefix}-verdict": "K",
            f"{prefix}-methods": ["observation"],
            f"{prefix}-expected_current": "",
        },
    )
    no_method = client.post(
        url, {"action": "unit", "prefix": prefix, f"{prefix}-unit": unit.code, f"{prefix}-verdict": "K"}
    )

    assert page.status_code == 200 and page.content.decode().count('data-testid="unit"') == 3
    assert "Belum Kompeten (BK)" in page.content.decode()
    assert saved.status_code == 302
    assert UnitResult.objects.get().verdict == "BK"
    assert f"Hasil unit ini baru saja dicatat oleh {assessor.full_name}" in stale.content.decode()
    assert "Pilih sedikitnya satu metode asesmen" in no_method.content.decode()
    assert UnitResult.objects.count() == 1


def test_the_assess_screen_refuses_outsiders_and_unassigned_assessors(
    client_for, event, registrations, assessors, outsider, unassigned_assessor, quality
):
    url = reverse("assessment:assess", args=[registrations[0].public_id])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(quality).get(url).status_code == 403
    refused = client_for(unassigned_assessor.user).get(url)
    assert refused.status_code == 403


def test_my_assessments_lists_the_allocated_candidates_and_signs_my_own_line(
    client_for, event, tekops, registrations, assessors, make_registration, django_assert_max_num_queries
):
    for number in range(4):
        make_registration(full_name=f"Tambahan {number}")
    attend(event, tekops, present=list(event.registrations.all()))
    services.allocate_automatically(event=event, actor=tekops)
    services.open_attendance(event=event, day=event.starts_on, kind="assessors", actor=tekops)
    rudi = assessors[0].user
    client = client_for(rudi)
    url = reverse("assessment:my_assessments")

    with django_assert_max_num_queries(20):
        page = client.get(url)
    line = AttendanceEntry.objects.get(assessor=assessors[0])
    signed = client.post(
        reverse("assessment:sign_own_line", args=[line.pk]), {"portal": "assessor", "sign_method": "account"}
    )

    assert page.content.decode().count('data-testid="allocated"') == 4
    assert 'data-testid="own-line"' in page.content.decode()
    assert signed.status_code == 302 and signed["Location"] == url
    line.refresh_from_db()
    assert line.present and line.signed_by == rudi
    assert (
        client_for(assessors[1].user)
        .post(
            reverse("assessment:sign_own_line", args=[line.pk]),
            {"portal": "assessor", "sign_method": "account"},
        )
        .status_code
        == 404
    )


def test_the_candidate_signs_own_line_from_the_portal(
    client_for, event, tekops, registrations, candidate_user
):
    sheet = candidates_sheet(event, tekops)
    client = client_for(candidate_user)

    page = client.get(reverse("assessment:my_results"))
    client.post(
        reverse("assessment:sign_own_line", args=[line_of(sheet, registrations[0]).pk]),
        {"portal": "candidate", "sign_method": "account"},
    )

    assert 'data-testid="own-line"' in page.content.decode()
    assert "Hasil ditampilkan setelah pelaksanaan uji selesai." in page.content.decode()
    assert line_of(sheet, registrations[0]).present
    assert 'data-testid="own-line"' not in client.get(reverse("assessment:my_results")).content.decode()


def test_after_the_test_day_the_candidate_reads_results_feedback_and_appeals(
    client_for, event, day_done, candidate_user, lsp_chair
):
    budi = day_done[0]
    client = client_for(candidate_user)

    page = client.get(reverse("assessment:my_results")).content.decode()
    appealed = client.post(
        reverse("assessment:my_results"),
        {"action": "appeal", "registration": str(budi.public_id), "grounds": "Komputer sempat mati."},
    )

    assert page.count("Kompeten (K)") >= 3
    assert "Keputusan kompeten atau belum kompeten ditetapkan oleh LSP" in page
    assert "Rapi dan teliti." in page
    assert "Sertifikat akan tersedia setelah diterbitkan LSP" in page
    budi.assessment.refresh_from_db()
    assert budi.assessment.feedback_read_at is not None
    assert appealed.status_code == 302
    assert Appeal.objects.get().grounds == "Komputer sempat mati."
    assert "menunggu keputusan LSP" in client.get(reverse("assessment:my_results")).content.decode()


def test_the_lsp_decides_an_appeal_from_the_register(
    client_for, event, day_done, candidate_user, lsp_chair, tekops, outsider, django_assert_max_num_queries
):
    appeal = services.submit_appeal(
        registration=day_done[0], actor=candidate_user, grounds="Komputer sempat mati."
    )
    decide = reverse("assessment:appeal_decide", args=[appeal.public_id])

    chair = client_for(lsp_chair)
    with django_assert_max_num_queries(12):
        register = chair.get(reverse("assessment:appeals"))
    decided = chair.post(decide, {"status": "upheld", "decision": "Asesmen ulang unit 1."})

    assert "Komputer sempat mati." in register.content.decode() and decide in register.content.decode()
    assert decide not in client_for(tekops).get(reverse("assessment:appeals")).content.decode()
    assert client_for(tekops).get(decide).status_code == 403
    assert client_for(outsider).get(decide).status_code == 404
    assert client_for(candidate_user).get(reverse("assessment:appeals")).status_code == 403
    assert decided.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD and appeal.decided_by == lsp_chair


def test_results_table_shows_each_unit_and_the_recommendation(
    client_for, event, day_done, quality, outsider, django_assert_max_num_queries
):
    url = reverse("assessment:results", args=[event.public_id])

    client = client_for(quality)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()

    assert page.count('data-testid="result-row"') == 3
    assert "Kompeten (K)" in page and "Belum Kompeten (BK)" in page
    assert "Tidak hadir / belum tercatat hadir" in page
    assert client_for(outsider).get(url).status_code == 404


def test_the_finished_page_links_the_report_and_the_sop_task(client_for, event, day_done, tekops):
    page = client_for(tekops).get(reverse("assessment:test_day", args=[event.public_id])).content.decode()

    assert 'data-testid="finished"' in page and "560/001/LAP-Disnaker/" in page


def test_the_portals_link_to_the_test_day_pages(client_for, candidate_user, assessors):
    candidate = client_for(candidate_user).get(reverse("scheduling:candidate_portal")).content.decode()
    assessor = client_for(assessors[0].user).get(reverse("scheduling:assessor_portal")).content.decode()

    assert reverse("assessment:my_results") in candidate
    assert reverse("assessment:my_assessments") in assessor


def test_the_test_day_page_reads_the_same_number_of_queries_for_more_candidates(
    client_for, event, tekops, registrations, assessors, make_registration, numbering
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(tekops)
    url = reverse("assessment:test_day", args=[event.public_id])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    attend(event, tekops, present=registrations)
    services.allocate_automatically(event=event, actor=tekops)
    assess(registrations[0], allocated_user(registrations[0]), ["K", "K", "BK"])
    photo(event, tekops)
    few = count()
    more = [make_registration(full_name=f"Tambahan {n}") for n in range(6)]
    services.open_attendance(event=event, day=event.starts_on, kind="candidates", actor=tekops)
    sheet = AttendanceSheet.objects.get(kind="candidates")
    for registration in more:
        services.sign_attendance(
            entry=line_of(sheet, registration), actor=tekops, method="drawn", drawing=drawing()
        )
    services.allocate_automatically(event=event, actor=tekops)
    assess(more[0], allocated_user(more[0]), ["K", "K", "K"])
    photo(event, tekops, "Lagi")

    assert count() == few
