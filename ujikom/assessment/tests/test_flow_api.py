"""From the test day to the BNSP blank request through the REST API only, each role with its own token.

Part 1 (`ready_test_day`) brings an event to a ready test day; the clock then moves to that day and
every step of issue 5's "Done means" is done by the role that does it: attendance, results with one
BK candidate, signed minutes, the review chain, the archive, the decree, the blank request bundle
(its xlsx opened and its columns checked) and the numbers BNSP assigns. Both SOP runs of the event
must then have every step done (STMI up to its step 6) with every output attached and each step's
time recorded.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ujikom.assessment.tests.test_signatures import data_url, png
from ujikom.core.models import DocumentType, NumberingPattern
from ujikom.scheduling.models import Registration
from ujikom.scheduling.tests.test_flow_api import (  # noqa: F401  (world is a fixture)
    DISNAKER_10,
    STMI,
    Api,
    ok,
    ready_test_day,
    run_of,
    step_of,
    world,
)
from ujikom.sop.models import Run, StepRun

pytestmark = pytest.mark.django_db

BNSP_COLUMNS = [
    "No",
    "NAMA ASESI",
    "NIK",
    "TEMPAT LAHIR",
    "TGL LAHIR",
    "JK",
    "TEMPAT TINGGAL",
    "KODE KOTA",
    "KODE PROVINSI",
    "TELP",
    "EMAIL",
    "KODE PENDIDIKAN",
    "KODE PEKERJAAN",
    "KODE JADWAL",
    "TANGGAL UJI",
    "NO. REG ASESOR",
    "KODE SUMBER ANGGARAN",
    "KODE KEMENTERIAN",
    "K/BK",
    "ASAL LEMBAGA",
]
PATTERNS = [
    ("lsp", "decree", "{seq:03}/SK/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "minutes", "{seq:03}/BA/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "blank_request", "{seq:03}/BLK/LSP-STMI/{month_roman}/{year}"),
    ("disnaker", "minutes", "{seq:03}/BA/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "meeting_notes", "{seq:03}/MoM/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "attendance_list", "{seq:03}/DH/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "recommendation", "560/{seq:03}/REK-Disnaker/{year}"),
    ("disnaker", "archive_index", "{seq:03}/ARS/TUK-DISNAKER/{year}"),
]
SIGNATURE = data_url(png(120, 40))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Jakarta"))


def download(api: Api, path: str) -> bytes:
    response = api.client.get("/api/v1" + path)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_complete(run: Run, steps: range) -> None:
    """Each step of `steps` done, with every output attached and its start and end time recorded."""
    for number in steps:
        step_run = StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()
        assert step_run is not None, f"step {number} never started"
        assert step_run.status == StepRun.Status.DONE, f"step {number} is {step_run.status}"
        assert step_run.completed_at is not None and step_run.completed_at >= step_run.started_at
        assert step_run.working_seconds is not None, f"step {number} has no working time"
        given = set(step_run.outputs.values_list("output_index", flat=True))
        assert given == set(range(len(step_run.step.outputs or []))), f"step {number} lacks outputs"


def test_from_the_test_day_to_the_bnsp_blank_request_through_the_api(
    world,  # noqa: F811
    make_user,
    django_capture_on_commit_callbacks,
):
    lsp, disnaker = world["lsp"], world["disnaker"]
    for owner, code, pattern in PATTERNS:
        NumberingPattern.objects.create(
            organization=world[owner], document_type=DocumentType.objects.get(code=code), pattern=pattern
        )
    ready = ready_test_day(world, django_capture_on_commit_callbacks)
    event, base, day, api = ready["event"], ready["base"], ready["day"], ready["api"]
    assessor = ready["verifier"]  # Dewi Lestari, the confirmed assessor
    quality = Api(make_user("mutu", roles=[(disnaker, "quality")], full_name="Sri Mutu"))
    registrations = list(
        Registration.objects.filter(event__public_id=event["public_id"]).order_by("full_name")
    )
    ahmad, budi, siti = registrations
    units = ["J.620100.001.01", "J.620100.002.01"]

    with time_machine.travel(at(day, 8), tick=True):
        # Step 5: Teknis Operasional opens both attendance lists of the day.
        sheets = {
            kind: ok(api["tekops"].post(f"{base}/attendance", {"day": day.isoformat(), "kind": kind}), 201)
            for kind in ("candidates", "assessors")
        }
        # Candidates draw their signatures on the officer's tablet; the assessor signs by account.
        for line in sheets["candidates"]["lines"]:
            path = f"{base}/attendance/{sheets['candidates']['public_id']}/lines/{line['id']}/sign"
            ok(api["tekops"].post(path, {"method": "drawn", "drawing": SIGNATURE}))
        [assessor_line] = sheets["assessors"]["lines"]
        refused = api["tekops"].post(
            f"{base}/attendance/{sheets['assessors']['public_id']}/lines/{assessor_line['id']}/sign",
            {"method": "account"},
        )
        assert refused.status_code in (403, 422)  # nobody signs by account for someone else
        ok(
            assessor.post(
                f"{base}/attendance/{sheets['assessors']['public_id']}/lines/{assessor_line['id']}/sign",
                {"method": "account"},
            )
        )
        for sheet in sheets.values():
            closed = ok(api["tekops"].post(f"{base}/attendance/{sheet['public_id']}/close"))
            assert closed["number"].startswith(("001/DH/", "002/DH/")) and closed["file"]
        photo = api["tekops"].upload(
            f"{base}/photos",
            {
                "day": day.isoformat(),
                "caption": "Peserta mengerjakan uji praktik",
                "file": SimpleUploadedFile("foto.png", png(64, 48), content_type="image/png"),
            },
        )
        ok(photo, 201)
        ok(api["tekops"].post(f"{base}/allocation/auto"))

        # The assessor records K/BK per unit: Budi is BK in the second unit.
        for registration in registrations:
            for unit in units:
                verdict = "BK" if (registration == budi and unit == units[1]) else "K"
                ok(
                    assessor.post(
                        f"/registrations/{registration.public_id}/results",
                        {
                            "unit": unit,
                            "verdict": verdict,
                            "methods": ["observation", "oral"],
                            "expected_current": None,
                        },
                    ),
                    201,
                )
            ok(assessor.post(f"/registrations/{registration.public_id}/finish"))
            ok(
                assessor.post(
                    f"/registrations/{registration.public_id}/feedback",
                    {"feedback": "Terima kasih; hasil dan saran pengembangan telah disampaikan."},
                )
            )
        outsider_unit = assessor.post(
            f"/registrations/{ahmad.public_id}/results",
            {"unit": "J.999999.999.99", "verdict": "K", "methods": ["oral"], "expected_current": None},
        )
        assert outsider_unit.status_code == 422
        results = ok(api["tekops"].get(f"{base}/results"))
        by_name = {row["full_name"]: row["recommendation"] for row in results}
        assert by_name == {ahmad.full_name: "K", budi.full_name: "BK", siti.full_name: "K"}
        finished = ok(api["tekops"].post(f"{base}/test-day/finish"))
        assert finished["finished"] and finished["report_number"].startswith("560/")

    with time_machine.travel(at(day, 14), tick=True):
        # Step 6: the minutes, signed by the assessor (by account) and the Kepala TUK (drawn).
        minutes = ok(api["tekops"].post(f"{base}/minutes", {"notes": ""}), 201)
        assert minutes["number"].startswith("001/BA/TUK-DISNAKER/")
        ok(assessor.post(f"{base}/minutes/sign", {"method": "account"}))
        signed = ok(api["kepala_tuk"].post(f"{base}/minutes/sign", {"method": "drawn", "drawing": SIGNATURE}))
        assert signed is not None
        locked = ok(api["tekops"].get(f"{base}/minutes"))
        assert locked["locked_at"]
        late = assessor.post(
            f"/registrations/{budi.public_id}/results",
            {"unit": units[1], "verdict": "K", "methods": ["oral"], "expected_current": None},
        )
        assert late.status_code == 422 and "koreksi" in late.content.decode().lower()

        # Step 7: the review chain with its minutes of meeting; Manajemen Mutu's approval makes the
        # recommendation to the LSP.
        ok(
            api["tekops"].post(
                f"{base}/reviews", {"stage": "technical", "outcome": "approved", "notes": "Sesuai."}
            ),
            201,
        )
        ok(
            api["kepala_tuk"].post(
                f"{base}/reviews", {"stage": "site_head", "outcome": "approved", "notes": "Sesuai."}
            ),
            201,
        )
        ok(
            api["tekops"].client.put(
                f"/api/v1{base}/meeting-notes",
                {
                    "held_at": at(day, 13, 30).isoformat(),
                    "place": "Ruang rapat TUK",
                    "attendees": "Kepala TUK\nTeknis Operasional\nManajemen Mutu",
                    "agenda": "Kaji ulang pelaksanaan uji kompetensi",
                    "discussion": "Pelaksanaan sesuai jadwal; satu asesi BK pada unit kedua.",
                    "conclusions": "Berkas direkomendasikan ke LSP.",
                },
                content_type="application/json",
            )
        )
        ok(
            quality.post(
                f"{base}/reviews", {"stage": "quality", "outcome": "approved", "notes": "Berkas lengkap."}
            ),
            201,
        )
        ok(
            api["kepala_tuk"].post(
                f"{base}/reviews", {"stage": "final", "outcome": "approved", "notes": "Selesai."}
            ),
            201,
        )
        recommendation = ok(api["tekops"].get(f"{base}/recommendation"))
        assert recommendation["number"].startswith("560/001/REK-Disnaker/")

        # Step 8: Administrasi files the archive, complete.
        check = ok(api["admin"].get(f"{base}/archive/check"))
        assert all(item["present"] for item in check["items"]), check
        archive = ok(api["admin"].post(f"{base}/archive", {"location": "Lemari arsip B, rak 2"}), 201)
        assert archive["is_complete"] and archive["retain_until"] > day.isoformat()

    with time_machine.travel(at(day + dt.timedelta(days=3), 9), tick=True):
        # STMI step 6: the plenary and the decree; a BK candidate cannot be in it.
        plenary = {
            "meeting_held_on": (day + dt.timedelta(days=3)).isoformat(),
            "meeting_place": "Ruang rapat LSP",
            "attendees": "Ketua LSP\nKabid Sertifikasi\nKabid Administrasi",
        }
        with_bk = api["kabid_sert"].post(
            f"{base}/decision", {**plenary, "registrations": [str(r.public_id) for r in registrations]}
        )
        assert with_bk.status_code == 422 and budi.full_name in with_bk.content.decode()
        decision = ok(api["kabid_sert"].post(f"{base}/decision", plenary), 201)
        assert sorted(entry["full_name"] for entry in decision["entries"]) == [
            ahmad.full_name,
            siti.full_name,
        ]
        ok(api["kabid_sert"].post(f"{base}/decision/propose", {"note": ""}))
        assert api["ketua"].post(f"{base}/decision/sign", {"note": ""}).status_code in (403, 422)
        ok(api["ketua"].post(f"{base}/decision/endorse", {"note": "Setuju."}))
        approved = ok(api["direktur"].post(f"{base}/decision/sign", {"note": ""}))
        assert approved["status"] == "approved" and approved["decree_number"].startswith("001/SK/LSP-STMI/")

        # The blank request bundle: letter, minutes, decree and the xlsx in BNSP's columns.
        request = ok(api["kabid_sert"].post(f"{base}/blank-requests"), 201)
        assert request["quantity"] == 2
        bundle = zipfile.ZipFile(
            io.BytesIO(download(api["kabid_sert"], f"{base}/decision/files/{request['bundle']}"))
        )
        [xlsx_name] = [name for name in bundle.namelist() if name.endswith(".xlsx")]
        assert sum(name.endswith(".pdf") for name in bundle.namelist()) >= 3
        sheet = load_workbook(io.BytesIO(bundle.read(xlsx_name)), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == BNSP_COLUMNS
        table = {row[1]: dict(zip(BNSP_COLUMNS, row, strict=True)) for row in rows[1:]}
        assert {name: row["K/BK"] for name, row in table.items()} == {
            ahmad.full_name: "K",
            budi.full_name: "BK",
            siti.full_name: "K",
        }
        assert table[budi.full_name]["NIK"] == budi.nik
        assert table[budi.full_name]["KODE JADWAL"] == "JDW-OKM-0001"
        assert table[budi.full_name]["NO. REG ASESOR"] == "MET.000.002286.2018"
        assert table[budi.full_name]["KODE SUMBER ANGGARAN"] == "APBD-T"
        ok(api["kabid_sert"].post(f"/blank-requests/{request['public_id']}/submit"))

        # BNSP sends the blanks with their numbers: received, then the numbers recorded.
        ok(
            api["kabid_sert"].post(
                f"/organizations/{lsp.code}/blanks/movements",
                {"kind": "received", "quantity": 2, "request": request["public_id"]},
            ),
            201,
        )
        numbers = [
            {
                "nik": registration.nik,
                "certificate_number": f"62090 2512 {serial:07d} {day.year}",
                "registration_number": f"Reg. TIK 0{serial:05d} {serial:02d} {day.year}",
            }
            for serial, registration in enumerate((ahmad, siti), start=1001)
        ]
        ok(api["kabid_sert"].post(f"{base}/certificate-numbers", {"numbers": numbers}))
        stock = ok(api["kabid_sert"].get(f"/organizations/{lsp.code}/blanks"))
        assert stock["stock"] == 0

    # Both SOP runs: the office's is complete; the LSP's has done steps 1–6 (step 7 is reporting).
    disnaker_run = Run.objects.get(organization=disnaker, version__sop__code=DISNAKER_10)
    assert disnaker_run.status == Run.Status.COMPLETED
    assert_complete(disnaker_run, range(1, 9))
    stmi_run = Run.objects.get(organization=lsp, version__sop__code=STMI)
    assert_complete(stmi_run, range(1, 7))
    assert step_of(run_of(api["ketua"], lsp, STMI), 7)["status"] == "active"
