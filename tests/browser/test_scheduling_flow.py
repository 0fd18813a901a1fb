"""From a registered training batch to a ready test day in a real browser, each role on its own pages:
the facilitator registers the batch, Administrasi accepts, assigns the verifier and the assessor (the
expired and the busy one refused with their reasons), the assessor verifies the site and confirms in
the portal, Disnaker distributes the schedule, files and confirms readiness, reminds the candidates,
the candidates confirm by the link — and the page of the PSM/DISNAKER-10 run shows steps 1–4 done."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import Assessor, Participant, Region, Scheme, TestSite, TrainingProgram
from ujikom.registry.nik import nik_for
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.services_assignments import propose_assessor
from ujikom.scheduling.services_events import (
    LineInput,
    approve_plan,
    change_event_status,
    create_event,
    create_plan,
    create_target,
    issue_targets_memo,
)
from ujikom.scheduling.sop_binding import runs_of_event
from ujikom.sop.library import load_seed_sops

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-sekali-123"
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
PEOPLE = [
    ("Ahmad Fauzi", "L", dt.date(2002, 3, 14)),
    ("Siti Rahmawati", "P", dt.date(2003, 7, 2)),
    ("Budi Setiawan", "L", dt.date(2001, 11, 23)),
]


@pytest.fixture
def flow(system_admin, lsp, disnaker, make_user) -> dict[str, Any]:
    """The LSP's event at Disnaker's TUK Sewaktu, registration open and STMI steps 1–2 done; a
    Disnaker training program of three; assessors valid, busy elsewhere that day, and expired."""
    today = timezone.localdate()
    starts = today + dt.timedelta(days=14)
    orgs = {"lsp": lsp, "disnaker": disnaker}
    for owner, code, pattern in PATTERNS:
        NumberingPattern.objects.create(
            organization=orgs[owner], document_type=DocumentType.objects.get(code=code), pattern=pattern
        )
    load_seed_sops(system_admin, organizations={STMI: lsp, DISNAKER_10: disnaker})
    province, _new = Region.objects.get_or_create(
        code="36", defaults={"name": "Banten", "level": Region.Level.PROVINCE}
    )
    city, _new = Region.objects.get_or_create(
        code="36.71", defaults={"name": "Kota Tangerang", "level": Region.Level.REGENCY, "province": province}
    )

    def person(username: str, organization: Organization, role: str, name: str) -> User:
        return make_user(username, roles=[(organization, role)], full_name=name, password=PASSWORD)

    people = {
        "direktur": person("direktur", lsp, "director", "Dr. Direktur STMI"),
        "ketua": person("ketua", lsp, "lsp_chair", "Ketua LSP STMI"),
        "kabid_adm": person("kabid.adm", lsp, "head_admin", "Kabid Administrasi"),
        "kasi": person("kasi", disnaker, "kasi", "Kasi Sertifikasi Disnaker"),
        "admin": person("adm", disnaker, "admin_staff", "Rina Administrasi"),
        "tekops": person("tekops", disnaker, "technical_ops", "Agus Teknis"),
        "kepala_tuk": person("kepala.tuk", disnaker, "site_head", "Hendra Kepala TUK"),
    }
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni"
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

    def assessor(username: str, name: str, number: str, expires: dt.date) -> Assessor:
        found = Assessor.objects.create(
            user=person(username, lsp, "assessor", name),
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
    program = TrainingProgram.objects.create(
        provider=disnaker,
        code="OKM-DSN-01",
        name="Pelatihan Operator Komputer Muda Angkatan I",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=5),
        scheme=scheme,
    )
    for serial, (name, sex, birth) in enumerate(PEOPLE, start=1):
        Participant.objects.create(
            program=program,
            nik=nik_for(region_code="367101", birth_date=birth, sex=sex, serial=serial),
            full_name=name,
            birth_place="Tangerang",
            birth_date=birth,
            sex=sex,
            address=f"Jl. Daan Mogot No. {serial}",
            city=city,
            province=province,
            email=f"peserta{serial}@contoh.id",
            phone=f"0812-1000-{serial:04d}",
        )
    chair = people["ketua"]
    target = create_target(
        organization=lsp, year=starts.year, scheme=scheme, funding=None, quantity=40, actor=chair
    )
    plan = create_plan(
        organization=lsp,
        year=starts.year,
        title="Rencana Uji Kompetensi Operator Komputer",
        background="Lulusan pelatihan bersertifikat.",
        targets=[target],
        budget_lines=[LineInput("Honor asesor", Decimal("4"), "OH", Decimal("250000"))],
        actor=chair,
    )
    event = create_event(
        lsp=lsp,
        actor=chair,
        title="Uji Kompetensi Operator Komputer Muda Angkatan I",
        scheme=scheme,
        site=site,
        facilitator=disnaker,
        plan=plan,
        registration_opens_on=today,
        registration_closes_on=starts - dt.timedelta(days=3),
        starts_on=starts,
        ends_on=starts,
        quota=20,
    )
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    issue_targets_memo(organization=lsp, year=starts.year, actor=people["direktur"])
    approve_plan(plan=plan, actor=chair)
    elsewhere = TestEvent.objects.create(
        lsp=lsp,
        scheme=scheme,
        site=TestSite.objects.create(
            owner=disnaker,
            lsp=lsp,
            code="TUK-DSN",
            name="TUK Mandiri Disnaker",
            kind=TestSite.Kind.INDEPENDENT,
            address="Jl. Satria Sudirman No. 1, Tangerang",
            capacity=20,
            verified_until=today + dt.timedelta(days=365),
        ),
        title="Uji Kompetensi Operator Komputer Muda Angkatan II",
        starts_on=starts,
        ends_on=starts,
        registration_opens_on=today,
        registration_closes_on=starts,
        quota=10,
    )
    propose_assessor(event=elsewhere, assessor=assessors["busy"], day=starts, candidate_count=5, actor=chair)
    return {"event": event, "program": program, "assessors": assessors, "people": people}


def sign_in(page: Page, base_url: str, login: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Nama pengguna atau email").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_load_state()


def open_page(page: Page, base_url: str, name: str, *args: object) -> None:
    page.goto(base_url + reverse(name, args=list(args)))
    page.wait_for_load_state()


def test_a_batch_goes_from_registration_to_confirmed_attendance_and_the_run_follows(
    page, live_server, flow, screenshot
):
    url, event = live_server.url, flow["event"]
    pid = event.public_id

    # The facilitator (Kasi of Disnaker) registers the whole training batch for the event.
    sign_in(page, url, "kasi")
    open_page(page, url, "scheduling:registration_batch", pid)
    page.get_by_label("Program pelatihan").select_option(str(flow["program"].public_id))
    page.get_by_role("button", name="Tampilkan peserta").click()
    page.get_by_label("Daftarkan semua peserta program ini").check()
    page.get_by_role("button", name=re.compile(r"Daftarkan$")).click()
    page.wait_for_load_state()
    open_page(page, url, "scheduling:registration_list", pid)
    for name, _sex, _birth in PEOPLE:
        expect(page.get_by_role("link", name=name)).to_be_visible()
    screenshot("flow-1-batch-registered")

    # The Kabid Administrasi of the LSP accepts each application.
    sign_in(page, url, "kabid.adm")
    for name, _sex, _birth in PEOPLE:
        open_page(page, url, "scheduling:registration_list", pid)
        page.get_by_role("link", name=name).click()
        page.get_by_label("Keputusan").select_option("accept")
        page.get_by_role("button", name="Simpan keputusan").click()
        page.wait_for_load_state()
        expect(page.get_by_role("link", name=re.compile(r"KP\/TUK-DISNAKER\/"))).to_be_visible()
    assert Registration.objects.filter(event=event, status="accepted").count() == 3

    # ...assigns an assessor as the site's verifier...
    open_page(page, url, "scheduling:site_verification", pid)
    expect(page.get_by_test_id("verified")).to_contain_text("TUK belum terverifikasi")
    page.get_by_label("Verifikator (staf atau asesor LSP)").select_option(label="Dewi Lestari")
    page.get_by_role("button", name=re.compile(r"Tugaskan dan buat surat tugas$")).click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name=re.compile(r"\/ST\/LSP-STMI\/"))).to_be_visible()

    # ...and proposes assessors: the expired and the busy one are refused with their reasons.
    assessors = flow["assessors"]
    open_page(page, url, "scheduling:assessor_assignment", pid)
    page.locator("select[name=assessor]").select_option(str(assessors["expired"].public_id))
    page.get_by_role("button", name=re.compile(r"Usulkan dan buat surat tugas$")).click()
    page.wait_for_load_state()
    expect(
        page.get_by_text(re.compile(r"Budi Hartono tidak dapat ditugaskan pada .*registrasi kedaluwarsa"))
    ).to_be_visible()
    screenshot("flow-2-expired-assessor-refused")
    page.locator("select[name=assessor]").select_option(str(assessors["busy"].public_id))
    page.get_by_role("button", name=re.compile(r"Usulkan dan buat surat tugas$")).click()
    page.wait_for_load_state()
    expect(
        page.get_by_text(re.compile(r"Joko Susilo sudah ditugaskan .*dua tempat sekaligus"))
    ).to_be_visible()
    page.locator("select[name=assessor]").select_option(str(assessors["valid"].public_id))
    page.get_by_label("Jumlah asesi").fill("3")
    page.get_by_role("button", name=re.compile(r"Usulkan dan buat surat tugas$")).click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("confirmed")).to_contain_text("Konfirmasi asesor belum lengkap")

    # The assessor verifies the site from the portal, then confirms the assignment there.
    sign_in(page, url, "asesor.dewi")
    open_page(page, url, "scheduling:assessor_portal")
    page.get_by_role("link", name="Isi hasil").click()
    for radio in page.locator("input[type=radio][value='1']").all():
        radio.check()
    page.get_by_label("Memenuhi", exact=True).check()
    page.get_by_label("Catatan verifikator").fill("Aula, komputer dan jalur evakuasi lengkap.")
    page.get_by_role("button", name="Simpan dan buat formulir hasil").click()
    page.wait_for_load_state()
    open_page(page, url, "scheduling:assessor_portal")
    row = page.get_by_test_id("assignment")
    expect(row).to_contain_text(event.title)
    row.get_by_role("button", name="Konfirmasi").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("assignment")).to_contain_text("Dikonfirmasi")
    screenshot("flow-3-assessor-confirmed")

    # Disnaker's Administrasi distributes the schedule (step 1).
    sign_in(page, url, "adm")
    open_page(page, url, "scheduling:site_verification", pid)
    expect(page.get_by_test_id("verified")).to_contain_text("TUK terverifikasi untuk uji ini")
    open_page(page, url, "scheduling:schedule_distribution", pid)
    page.get_by_role("button", name=re.compile(r"Buat rekap dan jadwal$")).click()
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile(r"Kirim ke calon peserta \(email dan WhatsApp\)$")).click()
    page.wait_for_load_state()

    # Teknis Operasional files the readiness form; the Kepala TUK confirms it (step 2).
    sign_in(page, url, "tekops")
    open_page(page, url, "scheduling:readiness", pid)
    for radio in page.locator("input[type=radio][value='ready']").all():
        radio.check()
    page.get_by_role("button", name=re.compile(r"Simpan form kesiapan$")).click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("readiness-state")).to_contain_text("Menunggu konfirmasi Kepala TUK")
    sign_in(page, url, "kepala.tuk")
    open_page(page, url, "scheduling:readiness", pid)
    page.get_by_label("Catatan Kepala TUK").fill("Rencana pelaksanaan disetujui.")
    page.get_by_role("button", name=re.compile(r"Konfirmasi$")).click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("readiness-state")).to_contain_text("Dikonfirmasi Kepala TUK")

    # Administrasi reminds the candidates (step 3).
    sign_in(page, url, "adm")
    open_page(page, url, "scheduling:reminders", pid)
    page.get_by_role("button", name=re.compile(r"Kirim pengingat sekarang$")).click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("sent")).to_contain_text(PEOPLE[0][0])

    # Each candidate confirms by the link in the message, without signing in (step 4).
    page.context.clear_cookies()
    for registration in Registration.objects.filter(event=event):
        open_page(page, url, "scheduling:confirm_by_link", registration.confirmation_token)
        page.get_by_label("Saya akan hadir").check()
        page.get_by_role("button", name="Kirim jawaban").click()
        page.wait_for_load_state()
        expect(page.get_by_test_id("done")).to_be_visible()
    screenshot("flow-4-candidate-confirmed")

    # The office's run has moved through steps 1–4, each with its outputs.
    [run] = [run for run in runs_of_event(event) if run.version.sop.code == DISNAKER_10]
    sign_in(page, url, "adm")
    open_page(page, url, "sop:run_detail", run.public_id)
    for number in (1, 2, 3, 4):
        card = page.get_by_test_id("step-run").filter(
            has=page.get_by_role("heading", name=f"Langkah {number}", exact=True)
        )
        expect(card.locator(".badge.text-bg-success").first).to_be_visible()
        expect(card.get_by_test_id("output").first).to_be_visible()
    expect(
        page.get_by_test_id("step-run").filter(has=page.get_by_role("heading", name="Langkah 5", exact=True))
    ).to_be_visible()
    screenshot("flow-5-run-steps-done")
