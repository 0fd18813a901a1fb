"""The test day through the API: the same services and permissions as the pages, 422 with Indonesian
messages on bad input."""

from __future__ import annotations

import pytest

from ujikom.assessment.models import AttendanceSheet
from ujikom.scheduling.models import TestEvent

from .helpers import JPEG, PDF, Api, drawing

pytestmark = pytest.mark.django_db


def test_a_whole_test_day_through_the_api(
    event, tekops, registrations, assessors, candidate_user, lsp_chair, numbering, units
):
    budi, siti, agus = registrations
    officer, chair, budi_api = Api(tekops), Api(lsp_chair), Api(candidate_user)
    base = f"/events/{event.public_id}"

    # Attendance: the candidates' list; Budi signs his own line, Siti draws, Agus is absent.
    opened = officer.post(f"{base}/attendance", {"day": str(event.starts_on), "kind": "candidates"})
    assert opened.status_code == 201, opened.content
    sheet = opened.json()
    lines = {line["name"]: line["id"] for line in sheet["lines"]}
    sheet_path = f"{base}/attendance/{sheet['public_id']}"
    own = budi_api.post(f"{sheet_path}/lines/{lines['Budi Santoso']}/sign", {"method": "account"})
    not_his = budi_api.post(f"{sheet_path}/lines/{lines['Siti Aminah']}/sign", {"method": "account"})
    empty = officer.post(
        f"{sheet_path}/lines/{lines['Siti Aminah']}/sign", {"method": "drawn", "drawing": ""}
    )
    drawn = officer.post(
        f"{sheet_path}/lines/{lines['Siti Aminah']}/sign", {"method": "drawn", "drawing": drawing()}
    )
    no_note = officer.post(f"{sheet_path}/lines/{lines['Agus Salim']}/absent", {"note": ""})
    absent = officer.post(f"{sheet_path}/lines/{lines['Agus Salim']}/absent", {"note": "Sakit"})
    closed = officer.post(f"{sheet_path}/close")

    assert own.status_code == 200 and own.json()["sign_method"] == "account"
    assert not_his.status_code == 403
    assert empty.status_code == 422 and empty.json()["detail"][0]["msg"] == "Tanda tangan belum digambar."
    assert drawn.json()["signature_image"] is not None
    assert no_note.status_code == 422 and no_note.json()["detail"][0]["loc"] == "body.note"
    assert absent.json()["present"] is False
    assert closed.status_code == 200 and closed.json()["number"].startswith("001/DH/TUK-DISNAKER/")

    # The assessors' list, a photo and the allocation.
    assessors_sheet = officer.post(
        f"{base}/attendance", {"day": str(event.starts_on), "kind": "assessors"}
    ).json()
    for line in assessors_sheet["lines"]:
        user = next(a.user for a in assessors if str(a.public_id) == line["assessor"])
        path = f"{base}/attendance/{assessors_sheet['public_id']}/lines/{line['id']}/sign"
        assert Api(user).post(path, {"method": "account"}).status_code == 200
    assert officer.post(f"{base}/attendance/{assessors_sheet['public_id']}/close").status_code == 200
    bad_photo = officer.upload(
        f"{base}/photos", {"day": str(event.starts_on), "file": _file("catatan.txt", b"x")}
    )
    photo = officer.upload(
        f"{base}/photos",
        {"day": str(event.starts_on), "caption": "Praktik", "file": _file("praktik.jpg", JPEG)},
    )
    allocation = officer.post(f"{base}/allocation/auto")
    assert bad_photo.status_code == 422 and bad_photo.json()["detail"][0]["loc"] == "body.file"
    assert photo.status_code == 201
    assert sorted(row["full_name"] for row in allocation.json()) == ["Budi Santoso", "Siti Aminah"]

    # Results: every unit for Budi and Siti by their assessors; the stale and foreign cases refused.
    rows = {row["full_name"]: row for row in allocation.json()}
    for name, registration, verdicts in (
        ("Budi Santoso", budi, ["K", "K", "K"]),
        ("Siti Aminah", siti, ["K", "BK", "K"]),
    ):
        assessor_api = Api(next(a.user for a in assessors if str(a.public_id) == rows[name]["assessor"]))
        path = f"/registrations/{registration.public_id}"
        for unit, verdict in zip(units, verdicts, strict=True):
            recorded = assessor_api.post(
                f"{path}/results",
                {"unit": unit.code, "verdict": verdict, "methods": ["observation"], "expected_current": None},
            )
            assert recorded.status_code == 201, recorded.content
        if registration == budi:
            stale = assessor_api.post(
                f"{path}/results",
                {"unit": units[0].code, "verdict": "BK", "methods": ["oral"], "expected_current": None},
            )
            foreign = assessor_api.post(
                f"{path}/results",
                {"unit": "X.000.000.01", "verdict": "K", "methods": ["oral"], "expected_current": None},
            )
            instrument = assessor_api.upload(
                f"{path}/instruments", {"kind": "FR.AK.02", "file": _file("ak02.pdf", PDF)}
            )
            assert stale.status_code == 422 and "baru saja dicatat oleh" in stale.json()["detail"][0]["msg"]
            assert foreign.status_code == 422 and foreign.json()["detail"][0]["loc"] == "body.unit"
            assert instrument.status_code == 201
        assert assessor_api.post(f"{path}/finish").status_code == 200
        feedback = assessor_api.post(f"{path}/feedback", {"feedback": "Tingkatkan kecepatan mengetik."})
        assert feedback.json()["feedback"] == "Tingkatkan kecepatan mengetik."
    results = {row["full_name"]: row for row in officer.get(f"{base}/results").json()}
    assert results["Budi Santoso"]["recommendation"] == "K"
    assert results["Siti Aminah"]["recommendation"] == "BK"
    assert results["Agus Salim"]["present"] is False

    # Budi sees his results only after the test day is finished.
    early = budi_api.get(f"/registrations/{budi.public_id}/results")
    state = officer.get(f"{base}/test-day").json()
    finished = officer.post(f"{base}/test-day/finish")
    later = budi_api.get(f"/registrations/{budi.public_id}/results")

    assert early.status_code == 403 and state["missing"] == []
    assert finished.status_code == 200 and finished.json()["report_number"].startswith(
        "560/001/LAP-Disnaker/"
    )
    assert finished.json()["finished"] is True
    assert [row["verdict"] for row in later.json()] == ["K", "K", "K"]
    event.refresh_from_db()
    assert event.status == TestEvent.Status.DONE

    # An appeal by Budi, decided by the LSP.
    no_grounds = budi_api.post(f"/registrations/{budi.public_id}/appeals", {"grounds": ""})
    appeal = budi_api.post(
        f"/registrations/{budi.public_id}/appeals", {"grounds": "Waktu praktik terpotong."}
    )
    again = budi_api.post(f"/registrations/{budi.public_id}/appeals", {"grounds": "Lagi."})
    by_officer = officer.post(
        f"/appeals/{appeal.json()['public_id']}/decision", {"status": "dismissed", "decision": "x"}
    )
    decided = chair.post(
        f"/appeals/{appeal.json()['public_id']}/decision",
        {"status": "dismissed", "decision": "Waktu praktik sesuai jadwal."},
    )

    assert no_grounds.status_code == 422 and no_grounds.json()["detail"][0]["loc"] == "body.grounds"
    assert appeal.status_code == 201
    assert again.status_code == 422 and "menunggu keputusan LSP" in again.json()["detail"][0]["msg"]
    assert by_officer.status_code == 403
    assert decided.json()["status"] == "dismissed" and decided.json()["decided_by"] == "ketua.lsp"


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_outsiders_get_404_and_members_without_the_permission_403(
    event, tekops, registrations, assessors, outsider, quality, unassigned_assessor, units
):
    base = f"/events/{event.public_id}"
    day = {"day": str(event.starts_on), "kind": "candidates"}

    assert Api(outsider).get(f"{base}/attendance").status_code == 404
    assert Api(outsider).post(f"{base}/attendance", day).status_code == 404
    assert Api(quality).get(f"{base}/attendance").status_code == 200
    assert Api(quality).post(f"{base}/attendance", day).status_code == 403
    assert Api(quality).post(f"{base}/test-day/finish").status_code == 403
    refused = Api(unassigned_assessor.user).post(
        f"/registrations/{registrations[0].public_id}/results",
        {"unit": units[0].code, "verdict": "K", "methods": ["oral"], "expected_current": None},
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Anda bukan asesor yang ditugaskan pada uji ini."
    assert not AttendanceSheet.objects.exists()


def test_bad_input_is_a_422_naming_the_field(event, tekops, registrations):
    bad = Api(tekops).post(f"/events/{event.public_id}/attendance", {"day": "besok", "kind": "semua"})

    assert bad.status_code == 422
    locations = {error["loc"] for error in bad.json()["detail"]}
    assert locations == {"body.day", "body.kind"}
