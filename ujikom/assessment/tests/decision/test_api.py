"""The decision through the API, with the same services and permissions as the pages."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from ujikom.core.tokens import create_token

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str):
        return self.client.get("/api/v1" + path)

    def post(self, path: str, body: dict | None = None):
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")

    def put(self, path: str, body: dict):
        return self.client.put("/api/v1" + path, body, content_type="application/json")


def test_the_whole_decision_through_the_api(
    handed_over, event, head_certification, lsp_chair, director, one_bk, lsp
):
    head, chair, boss = Api(head_certification), Api(lsp_chair), Api(director)
    base = f"/events/{event.public_id}"
    budi, siti, agus = one_bk
    plenary = {
        "meeting_held_on": event.starts_on.isoformat(),
        "meeting_place": "Ruang Rapat LSP",
        "attendees": "Ketua LSP\nKabid Sertifikasi",
    }

    with_bk = head.post(
        f"{base}/decision", {**plenary, "registrations": [str(budi.public_id), str(agus.public_id)]}
    )
    prepared = head.post(f"{base}/decision", plenary)
    chair_signs = chair.post(f"{base}/decision/sign")
    proposed = head.post(f"{base}/decision/propose")
    boss_endorses = boss.post(f"{base}/decision/endorse")
    endorsed = chair.post(f"{base}/decision/endorse", {"note": "Setuju"})
    signed = boss.post(f"{base}/decision/sign")

    assert with_bk.status_code == 422
    assert with_bk.json()["detail"] == [
        {
            "loc": "body.registrations",
            "msg": "SK Penetapan tidak boleh memuat asesi Belum Kompeten: Agus Salim",
        }
    ]
    assert prepared.status_code == 201, prepared.content
    assert [e["full_name"] for e in prepared.json()["entries"]] == ["Budi Santoso", "Siti Aminah"]
    assert chair_signs.status_code == 403 and boss_endorses.status_code == 403
    assert proposed.json()["status"] == "proposed" and endorsed.json()["status"] == "endorsed"
    body = signed.json()
    assert body["status"] == "approved" and body["decree_number"].startswith("001/SK/")
    assert [a["stage"] for a in body["approvals"]] == ["propose", "endorse", "sign"]
    decree = head.get(f"{base}/decision/files/{body['decree_file']}")
    assert decree.status_code == 200 and decree["Content-Type"] == "application/pdf"

    request = head.post(f"{base}/blank-requests")
    assert request.status_code == 201, request.content
    bundle = head.get(f"{base}/decision/files/{request.json()['bundle']}")
    with zipfile.ZipFile(io.BytesIO(b"".join(bundle.streaming_content))) as archive:
        assert len(archive.namelist()) == 4
    submitted = head.post(f"/blank-requests/{request.json()['public_id']}/submit")
    assert submitted.json()["status"] == "submitted"

    no_stock = head.post(
        f"{base}/certificate-numbers",
        {
            "numbers": [
                {
                    "nik": budi.nik,
                    "certificate_number": "62090 2432 0001234 2026",
                    "registration_number": "Reg. TIK 1166 00010 2026",
                }
            ]
        },
    )
    received = head.post(
        f"/organizations/{lsp.code}/blanks/movements",
        {"kind": "received", "quantity": 2, "request": request.json()["public_id"], "serial_from": "B001"},
    )
    bad = head.post(
        f"{base}/certificate-numbers",
        {
            "numbers": [
                {
                    "nik": budi.nik,
                    "certificate_number": "62090 2432 0001234 2026",
                    "registration_number": "Reg. TIK 1166 00010 2026",
                },
                {
                    "nik": siti.nik,
                    "certificate_number": "1234",
                    "registration_number": "Reg. TIK 1166 00011 2026",
                },
            ]
        },
    )
    unknown = head.post(
        f"{base}/certificate-numbers",
        {
            "numbers": [
                {
                    "nik": agus.nik,
                    "certificate_number": "62090 2432 0001236 2026",
                    "registration_number": "Reg. TIK 1166 00012 2026",
                }
            ]
        },
    )
    recorded = head.post(
        f"{base}/certificate-numbers",
        {
            "numbers": [
                {
                    "nik": budi.nik,
                    "certificate_number": "62090 2432 0001234 2026",
                    "registration_number": "Reg. TIK 1166 00010 2026",
                }
            ]
        },
    )

    assert (
        no_stock.status_code == 422
        and "Stok blangko tidak cukup: tersisa 0" in no_stock.json()["detail"][0]["msg"]
    )
    assert received.status_code == 201 and received.json()["kind"] == "received"
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == "body.numbers[1].certificate_number"
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == "body.numbers[0].nik"
    assert recorded.status_code == 200
    assert recorded.json()[0]["certificate_number"] == "62090 2432 0001234 2026"

    book = Workbook()
    book.active.append(["NIK", "NOMOR SERTIFIKAT", "NOMOR REGISTRASI"])
    book.active.append([siti.nik, "62090 2432 0001235 2026", "REG. tik 1166 00011 2026"])
    buffer = io.BytesIO()
    book.save(buffer)
    uploaded = head.client.post(
        f"/api/v1{base}/certificate-numbers/upload",
        {"file": SimpleUploadedFile("nomor.xlsx", buffer.getvalue())},
    )
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()[1]["registration_number"] == "Reg. TIK 1166 00011 2026"
    stock = head.get(f"/organizations/{lsp.code}/blanks").json()
    assert stock == {"organization": lsp.code, "stock": 0}
    movements = head.get(f"/organizations/{lsp.code}/blanks/movements").json()
    assert sorted(m["kind"] for m in movements) == ["received", "used", "used"]
    decision = head.get(f"{base}/decision").json()
    assert decision["certificate_list"] is not None

    corrected = head.post(
        f"{base}/certificate-numbers/1/correction",
        {
            "certificate_number": "62090 2432 0009999 2026",
            "registration_number": "Reg. TIK 1166 00010 2026",
            "reason": "Salah ketik",
        },
    )
    assert (
        corrected.status_code == 200 and corrected.json()["certificate_number"] == "62090 2432 0009999 2026"
    )


def test_the_api_refuses_outsiders_and_other_roles(
    handed_over, event, outsider, admin_staff, head_certification, lsp
):
    base = f"/events/{event.public_id}"
    plenary = {"meeting_held_on": event.starts_on.isoformat(), "meeting_place": "X", "attendees": "Y"}

    assert Api(outsider).post(f"{base}/decision", plenary).status_code == 404
    assert Api(admin_staff).post(f"{base}/decision", plenary).status_code == 403
    assert Api(outsider).get(f"/organizations/{lsp.code}/blanks").status_code == 404
    assert Api(admin_staff).get(f"{base}/bnsp-sheet").status_code == 403
    assert Api(head_certification).get(f"{base}/decision").status_code == 404  # none yet


def test_candidate_data_for_bnsp_through_the_api(handed_over, event, head_certification, one_bk):
    api = Api(head_certification)
    url = f"/events/{event.public_id}/candidates/{one_bk[0].public_id}/bnsp-data"

    bad = api.put(url, {"address": "Jl. A", "province": "31", "city": "36.71", "education": "SMA"})
    good = api.put(url, {"address": "Jl. A", "province": "36", "city": "36.71", "education": "S1"})

    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == "body.city"
    assert good.status_code == 200 and good.json()["education"] == "S1"
    sheet = api.get(f"/events/{event.public_id}/bnsp-sheet").json()
    assert sheet["complete"] is True
