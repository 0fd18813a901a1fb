"""From target to a ready test day through the REST API only, each role with its own token.

The master data is made with services (organizations, people, seed SOPs, a scheme, a TUK Sewaktu,
assessors); the facilitator's training batch is imported through the API; then every step of the
issue's "Done means" is done by the role that does it, and the SOP runs of the event must have moved
through those steps with the right documents attached, each step signed off by a holder of its role.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.tokens import create_token
from ujikom.notifications.models import OutboxMessage
from ujikom.registry.models import Assessor, CompetencyUnit, FundingSource, Region, Scheme, TestSite
from ujikom.registry.nik import nik_for
from ujikom.registry.participant_import import HEADERS
from ujikom.scheduling.models import AssessorAssignment, Registration, TestEvent
from ujikom.scheduling.services_assignments import propose_assessor
from ujikom.scheduling.services_readiness import READINESS_ITEMS, send_due_reminders
from ujikom.sop.library import load_seed_sops

pytestmark = pytest.mark.django_db

STMI = "1.3.3/BPSDMI/STMI/SOP/VI/2020"
DISNAKER_10 = "PSM/DISNAKER-10"
PATTERNS = [
    ("lsp", "memo", "{seq:03}/ND/LSP-STMI/{year}"),
    ("lsp", "terms_of_reference", "{seq:03}/TOR/LSP-STMI/{year}"),
    ("lsp", "budget_plan", "{seq:03}/RAB/LSP-STMI/{year}"),
    ("lsp", "schedule_decree", "{seq:03}/SK-JADWAL/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "assignment_letter", "{seq:03}/ST/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "site_verification", "{seq:02}/VTUK/LSP-STMI/{month}/{year}"),
    ("disnaker", "participant_card", "KP/TUK-DISNAKER/{year}/{seq:04}"),
    ("disnaker", "report", "560/{seq:03}/LAP-Disnaker/{year}"),
    ("disnaker", "letter", "560/{seq:03}-Disnaker/{year}"),
]
PEOPLE = [("Ahmad Fauzi", "L", dt.date(2002, 3, 14)), ("Siti Rahmawati", "P", dt.date(2003, 7, 2))]
PEOPLE += [("Budi Setiawan", "L", dt.date(2001, 11, 23))]


class Api:
    """One person's token client; paths are under /api/v1."""

    def __init__(self, user: User) -> None:
        _token, secret = create_token(user=user, name="alur uji")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")

    def upload(self, path: str, files: dict[str, Any]) -> Any:
        return self.client.post("/api/v1" + path, files)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def participant_rows() -> list[list[object]]:
    return [
        [
            nik_for(region_code="367101", birth_date=birth, sex=sex, serial=serial),
            name,
            "Tangerang",
            birth.strftime("%d/%m/%Y"),
            sex,
            f"Jl. Daan Mogot No. {serial}, Tangerang",
            "36.71",
            "36",
            f"0812-1000-{serial:04d}",
            f"peserta{serial}@contoh.id",
            "SMK",
            "Pencari kerja",
        ]
        for serial, (name, sex, birth) in enumerate(PEOPLE, start=1)
    ]


@pytest.fixture
def world(system_admin, lsp, disnaker, make_user, make_organization) -> dict[str, Any]:
    """Organizations, people with their roles, seed SOPs, numbering, scheme, a TUK Sewaktu, assessors."""
    cache.clear()
    orgs = {"lsp": lsp, "disnaker": disnaker}
    for owner, code, pattern in PATTERNS:
        NumberingPattern.objects.create(
            organization=orgs[owner], document_type=DocumentType.objects.get(code=code), pattern=pattern
        )
    load_seed_sops(system_admin, organizations={STMI: lsp, DISNAKER_10: disnaker})
    Region.objects.get_or_create(code="36", defaults={"name": "Banten", "level": Region.Level.PROVINCE})
    Region.objects.get_or_create(
        code="36.71",
        defaults={"name": "Kota Tangerang", "level": Region.Level.REGENCY, "province_id": "36"},
    )
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni"
    )
    CompetencyUnit.objects.create(
        scheme=scheme, position=1, code="J.620100.001.01", title="Mengoperasikan komputer"
    )
    CompetencyUnit.objects.create(
        scheme=scheme, position=2, code="J.620100.002.01", title="Mengolah kata dengan perangkat lunak"
    )
    site = TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-BLK",
        name="TUK Sewaktu Aula BLK",
        kind=TestSite.Kind.TEMPORARY,
        address="Jl. Perintis Kemerdekaan No. 1, Kota Tangerang",
        capacity=20,
    )
    other_site = TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-DSN",
        name="TUK Mandiri Disnaker",
        kind=TestSite.Kind.INDEPENDENT,
        address="Jl. Satria Sudirman No. 1, Tangerang",
        capacity=20,
        verified_until=timezone.localdate() + dt.timedelta(days=365),
    )
    FundingSource.objects.create(code="APBD-T", name="APBD Kota Tangerang", kind="apbd")
    people = {
        "direktur": make_user("direktur", roles=[(lsp, "director")], full_name="Dr. Direktur STMI"),
        "ketua": make_user("ketua", roles=[(lsp, "lsp_chair")], full_name="Ketua LSP STMI"),
        "kabid_adm": make_user("kabid.adm", roles=[(lsp, "head_admin")], full_name="Kabid Administrasi"),
        "kabid_sert": make_user(
            "kabid.sert", roles=[(lsp, "head_certification")], full_name="Kabid Sertifikasi"
        ),
        "kasi": make_user("kasi", roles=[(disnaker, "kasi")], full_name="Kasi Sertifikasi Disnaker"),
        "admin": make_user("adm", roles=[(disnaker, "admin_staff")], full_name="Rina Administrasi"),
        "tekops": make_user("tekops", roles=[(disnaker, "technical_ops")], full_name="Agus Teknis"),
        "kepala_tuk": make_user("kepala.tuk", roles=[(disnaker, "site_head")], full_name="Hendra Kepala TUK"),
    }
    today = timezone.localdate()

    def assessor(username: str, name: str, number: str, expires: dt.date) -> Assessor:
        user = make_user(username, roles=[(lsp, "assessor")], full_name=name)
        found = Assessor.objects.create(
            user=user,
            lsp=lsp,
            registration_number=number,
            registration_expires_on=expires,
            appointment_number="KEP.01/LSP-STMI/2026",
            appointment_starts_on=today - dt.timedelta(days=30),
            appointment_ends_on=today + dt.timedelta(days=700),
        )
        found.schemes.set([scheme])
        return found

    assessors = {
        "valid": assessor(
            "asesor.dewi", "Dewi Lestari", "MET.000.002286.2018", today + dt.timedelta(days=400)
        ),
        "busy": assessor("asesor.joko", "Joko Susilo", "MET.000.004512.2019", today + dt.timedelta(days=400)),
        "expired": assessor(
            "asesor.budi", "Budi Hartono", "MET.000.001122.2015", today - dt.timedelta(days=3)
        ),
    }
    return {
        "lsp": lsp,
        "disnaker": disnaker,
        "scheme": scheme,
        "site": site,
        "other_site": other_site,
        "people": people,
        "assessors": assessors,
        "today": today,
    }


def run_of(api: Api, organization: Organization, sop: str) -> dict[str, Any]:
    runs = ok(api.get(f"/organizations/{organization.code}/runs", sop=sop))["items"]
    assert len(runs) == 1, runs
    return ok(api.get(f"/runs/{runs[0]['public_id']}"))


def step_of(run: dict[str, Any], number: int) -> dict[str, Any]:
    return [step for step in run["step_runs"] if step["step"] == number][-1]


def outputs_of(step: dict[str, Any]) -> dict[str, str | None]:
    return {output["name"]: output["file_name"] for output in step["outputs"]}


def signers_of(step: dict[str, Any]) -> set[str]:
    return {task["completed_by"]["full_name"] for task in step["tasks"] if task["completed_by"]}


def test_from_target_to_a_ready_test_day_through_the_api(world, django_capture_on_commit_callbacks):
    ready_test_day(world, django_capture_on_commit_callbacks)


def ready_test_day(world: dict[str, Any], django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    """Part 1 of the certification through the API, asserting each step; returns what the later
    parts continue with: the event (API body), its base path, the test day, the API clients by role,
    the confirmed assessor."""
    lsp, disnaker, site, people = world["lsp"], world["disnaker"], world["site"], world["people"]
    today = world["today"]
    api = {key: Api(user) for key, user in people.items()}
    starts = today + dt.timedelta(days=14)
    year = starts.year

    # STMI steps 1–2 are prepared: the Ketua LSP sets the target, drafts the plan and the event.
    target = ok(
        api["ketua"].post(
            f"/organizations/{lsp.code}/targets",
            {"year": year, "scheme": "SKM-OKM", "funding": "APBD-T", "quantity": 40},
        ),
        201,
    )
    plan = ok(
        api["ketua"].post(
            f"/organizations/{lsp.code}/plans",
            {
                "year": year,
                "title": "Rencana Uji Kompetensi Operator Komputer",
                "targets": [target["public_id"]],
                "budget_lines": [
                    {"description": "Honor asesor", "quantity": "4", "unit": "OH", "unit_cost": "250000"}
                ],
            },
        ),
        201,
    )
    event = ok(
        api["ketua"].post(
            f"/organizations/{lsp.code}/test-events",
            {
                "title": "Uji Kompetensi Operator Komputer Muda Angkatan I",
                "scheme": "SKM-OKM",
                "site": str(site.public_id),
                "facilitator": disnaker.code,
                "funding": "APBD-T",
                "plan": plan["public_id"],
                "registration_opens_on": today.isoformat(),
                "registration_closes_on": (starts - dt.timedelta(days=3)).isoformat(),
                "starts_on": starts.isoformat(),
                "ends_on": starts.isoformat(),
                "quota": 20,
                "bnsp_schedule_code": "JDW-OKM-0001",
                "max_candidates_per_assessor_per_day": 10,
            },
        ),
        201,
    )
    base = f"/events/{event['public_id']}"

    # When registration opens, both SOP runs of the event start.
    opened = ok(
        api["ketua"].post(f"/test-events/{event['public_id']}/transition", {"status": "registration"})
    )
    assert opened["status"] == "registration"
    # The Direktur issues the year's memo (STMI step 1) and the Ketua LSP publishes the plan (step 2).
    memo = ok(api["direktur"].post(f"/organizations/{lsp.code}/targets/memo", {"year": year}), 201)
    assert memo["number"].startswith("001/ND/LSP-STMI/")
    approved = ok(api["ketua"].post(f"/plans/{plan['public_id']}/approve"))
    assert approved["status"] == "approved"
    stmi = run_of(api["ketua"], lsp, STMI)
    assert [step_of(stmi, n)["status"] for n in (1, 2, 3)] == ["done", "done", "active"]

    # The facilitator (Kasi of Disnaker) imports the training batch and registers it for the event.
    program = ok(
        api["kasi"].post(
            f"/organizations/{disnaker.code}/training-programs",
            {
                "code": "OKM-DSN-01",
                "name": "Pelatihan Operator Komputer Muda Angkatan I",
                "starts_on": (today - dt.timedelta(days=60)).isoformat(),
                "ends_on": (today - dt.timedelta(days=5)).isoformat(),
                "scheme": str(world["scheme"].public_id),
            },
        ),
        201,
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = api["kasi"].upload(
            f"/training-programs/{program['public_id']}/participants/import",
            {"file": SimpleUploadedFile("peserta.xlsx", xlsx(participant_rows()))},
        )
    job = ok(api["kasi"].get(f"/participant-imports/{ok(job, 202)['public_id']}"))
    assert (job["status"], job["imported_rows"]) == ("done", 3)
    batch = ok(api["kasi"].post(f"{base}/registrations/batch", {"program": program["public_id"]}), 201)
    assert sorted(item["full_name"] for item in batch) == sorted(name for name, _sex, _birth in PEOPLE)
    again = api["kasi"].post(f"{base}/registrations/batch", {"program": program["public_id"]})
    assert again.status_code == 422  # the same NIKs twice in one event are refused

    # The Kabid Administrasi of the LSP accepts every application: each gets a numbered card.
    for item in batch:
        accepted = ok(
            api["kabid_adm"].post(f"/registrations/{item['public_id']}/review", {"decision": "accept"})
        )
        assert accepted["status"] == "accepted"
        assert accepted["card_number"].startswith("KP/TUK-DISNAKER/")

    # An event at a TUK Sewaktu cannot go ahead before the site is verified.
    state = ok(api["kabid_adm"].get(f"{base}/site-verification"))
    assert state["verified"] is False
    too_early = api["ketua"].post(f"/test-events/{event['public_id']}/transition", {"status": "ready"})
    assert too_early.status_code == 422 and "TUK terverifikasi" in too_early.content.decode()

    # The Kabid Administrasi assigns an assessor as the site's verifier (numbered assignment letter).
    verification = ok(api["kabid_adm"].post(f"{base}/site-verifications", {"verifier": "asesor.dewi"}), 201)
    assert verification["letter_number"].startswith("001/ST/LSP-STMI/")

    # Assessors are proposed for the test day: the expired one and one busy elsewhere are refused.
    valid, busy, expired = (world["assessors"][key] for key in ("valid", "busy", "expired"))
    elsewhere = TestEvent.objects.create(
        lsp=lsp,
        scheme=world["scheme"],
        site=world["other_site"],
        title="Uji Kompetensi Operator Komputer Muda Angkatan II",
        starts_on=starts,
        ends_on=starts,
        registration_opens_on=today,
        registration_closes_on=starts,
        quota=10,
    )
    propose_assessor(event=elsewhere, assessor=busy, day=starts, candidate_count=5, actor=people["ketua"])
    refused_expired = api["kabid_adm"].post(
        f"{base}/assessor-assignments",
        {"assessor": expired.registration_number, "day": starts.isoformat(), "candidate_count": 3},
    )
    assert refused_expired.status_code == 422
    [problem] = refused_expired.json()["detail"]
    assert problem["loc"] == "body.assessor"
    assert problem["msg"].startswith("Budi Hartono tidak dapat ditugaskan pada ")
    assert "registrasi kedaluwarsa" in problem["msg"]
    refused_clash = api["kabid_adm"].post(
        f"{base}/assessor-assignments",
        {"assessor": str(busy.public_id), "day": starts.isoformat(), "candidate_count": 3},
    )
    assert refused_clash.status_code == 422
    assert "tidak dapat berada di dua tempat sekaligus" in refused_clash.json()["detail"][0]["msg"]
    assert "Angkatan II" in refused_clash.json()["detail"][0]["msg"]
    proposed = ok(
        api["kabid_adm"].post(
            f"{base}/assessor-assignments",
            {"assessor": valid.registration_number, "day": starts.isoformat(), "candidate_count": 3},
        ),
        201,
    )
    assert proposed["status"] == "proposed" and "/ST/LSP-STMI/" in proposed["letter_number"]
    assert proposed["letter_number"] != verification["letter_number"]
    assert AssessorAssignment.objects.filter(event__public_id=event["public_id"]).count() == 1

    # STMI step 3 now holds its three outputs and is done; step 4 (verification) is open.
    stmi = run_of(api["ketua"], lsp, STMI)
    step3 = step_of(stmi, 3)
    assert step3["status"] == "done"
    names = outputs_of(step3)
    assert names["Kartu peserta uji kompetensi"] and names["Kartu peserta uji kompetensi"].endswith(".pdf")
    assert names["Surat tugas asesor kompetensi"] and names["Surat tugas verifikasi TUK"]
    assert signers_of(step3) == {"Kabid Administrasi"}
    assert step_of(stmi, 4)["status"] == "active"

    # The verifier fills the checklist in: the TUK meets the requirements.
    verifier = Api(valid.user)
    checklist = {
        key: {"ok": True, "note": ""} for key in ("facilities", "equipment", "materials", "k3", "capacity")
    }
    result = ok(
        verifier.post(
            f"/site-verifications/{verification['public_id']}/result",
            {"checklist": checklist, "result": "memenuhi", "notes": "Aula dan komputer lengkap."},
        )
    )
    assert result["has_result_file"] and result["result_number"].startswith("01/VTUK/LSP-STMI/")
    assert ok(api["kabid_adm"].get(f"{base}/site-verification"))["verified"] is True

    # The verifier's task is signed off by the result; the Kabid Sertifikasi signs off his own.
    my_tasks = ok(api["kabid_sert"].get("/tasks", run=stmi["public_id"]))["items"]
    [own] = [task for task in my_tasks if task["step"] == 4]
    ok(api["kabid_sert"].post(f"/tasks/{own['public_id']}/complete", {"note": "TUK memenuhi."}))
    stmi = run_of(api["ketua"], lsp, STMI)
    step4 = step_of(stmi, 4)
    assert step4["status"] == "done"
    [(output_name, output_file)] = outputs_of(step4).items()
    assert output_name == "Berita formulir hasil verifikasi TUK"
    assert output_file and output_file.startswith("verifikasi-tuk-")
    assert signers_of(step4) == {"Dewi Lestari", "Kabid Sertifikasi"}
    assert step_of(stmi, 5)["status"] == "active"

    # The assessor confirms in the portal API.
    mine = ok(verifier.get("/me/assessor-assignments"))
    assert [item["public_id"] for item in mine] == [proposed["public_id"]]
    confirmed = ok(verifier.post(f"/me/assessor-assignments/{proposed['public_id']}/confirm"))
    assert confirmed["status"] == "confirmed"
    assert ok(api["kabid_adm"].get(f"{base}/assessor-assignments"))["confirmed"] is True

    # DISNAKER-10 step 1: Administrasi generates the recap, schedule and confirmations and sends them.
    distribution = ok(api["admin"].post(f"{base}/distribution"), 201)
    assert distribution["recap_number"].startswith("560/001/LAP-Disnaker/")
    sent = ok(api["admin"].post(f"{base}/distribution/send"))
    assert sent["recipients"] == 3

    # Step 2: Teknis Operasional files the readiness form; the Kepala TUK confirms it.
    items = [{"key": key, "ready": True, "note": ""} for key, _label in READINESS_ITEMS]
    not_tekops = api["kepala_tuk"].post(f"{base}/readiness", {"checklist": items})
    assert not_tekops.status_code == 403
    ok(api["tekops"].post(f"{base}/readiness", {"checklist": items, "notes": "Aula siap."}))
    readiness = ok(api["kepala_tuk"].post(f"{base}/readiness/confirm", {"notes": "Rencana disetujui."}))
    assert readiness["confirmed_by"] == "kepala.tuk" and readiness["file"]

    # Step 3: the H-7 reminder goes out by itself at 08.00 (time given to the periodic job), then
    # Administrasi reminds everyone once more and the reminders report is recorded.
    ok(api["admin"].post(f"{base}/reminder-rules", {"days_before": 7, "hour": 8}), 201)
    week_before = timezone.make_aware(dt.datetime.combine(starts - dt.timedelta(days=7), dt.time(7, 55)))
    assert send_due_reminders(now=week_before) == 0
    assert send_due_reminders(now=week_before + dt.timedelta(minutes=10)) == 3
    assert send_due_reminders(now=week_before + dt.timedelta(minutes=20)) == 0
    assert OutboxMessage.objects.filter(template_code="test_attendance_reminder").count() == 6
    assert ok(api["admin"].post(f"{base}/reminders/send-now")) == {"sent": 3}

    # Step 4: each candidate confirms by the link in the message, without signing in.
    anonymous = Client()
    tokens = Registration.objects.filter(event__public_id=event["public_id"]).values_list(
        "confirmation_token", flat=True
    )
    for token in tokens:
        answer = anonymous.post(
            f"/api/v1/attendance/{token}", {"answer": "attending"}, content_type="application/json"
        )
        assert ok(answer)["answer"] == "attending"
    listing = ok(api["admin"].get(f"{base}/confirmations"))
    assert (listing["accepted"], listing["attending"], listing["unanswered"]) == (3, 3, 0)

    # The event is ready, and the office's run has moved through steps 1–4 with their outputs.
    ready = ok(api["ketua"].post(f"/test-events/{event['public_id']}/transition", {"status": "ready"}))
    assert ready["status"] == "ready"
    run = run_of(api["admin"], disnaker, DISNAKER_10)
    steps = {n: step_of(run, n) for n in (1, 2, 3, 4, 5)}
    assert [steps[n]["status"] for n in (1, 2, 3, 4)] == ["done"] * 4
    assert steps[5]["status"] == "active"
    assert all(all(output["file"] for output in steps[n]["outputs"]) for n in (1, 2, 3, 4))
    assert [name.split("-")[0] for name in outputs_of(steps[1]).values()] == ["rekap", "konfirmasi"]
    assert next(iter(outputs_of(steps[2]).values())).startswith("kesiapan-sarpras")
    assert next(iter(outputs_of(steps[3]).values())).startswith("laporan-pengingat")
    assert next(iter(outputs_of(steps[4]).values())).startswith("konfirmasi-kehadiran")
    assert signers_of(steps[1]) == {"Rina Administrasi"}
    assert signers_of(steps[2]) == {"Agus Teknis", "Hendra Kepala TUK"}
    assert signers_of(steps[3]) == {"Rina Administrasi"}
    # Step 4 is the candidates' own: signed off by one of them, not by the office.
    assert signers_of(steps[4]) <= set(
        Registration.objects.filter(event__public_id=event["public_id"]).values_list(
            "candidate__full_name", flat=True
        )
    )
    assert len(signers_of(steps[4])) == 1
    return {"event": event, "base": base, "day": starts, "api": api, "assessor": valid, "verifier": verifier}
