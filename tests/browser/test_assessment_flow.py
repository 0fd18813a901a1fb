"""From the test day to the BNSP blank request in a real browser, each role on its own pages.

Part 1 (registration to a ready test day) is done two weeks ago with the services, in the order of
the part-1 flow, so both SOP runs of the event wait at their test-day step. Today is the test day:
Teknis Operasional opens both attendance lists; two candidates draw their signatures on the tablet
and one signs from their own portal, the assessor signs by account; both lists are closed, a photo
is uploaded and the candidates allocated. The assessor records K/BK per unit on a tablet-sized
screen (one candidate BK in one unit), finishes each candidate and gives feedback; the officer
finishes the day. The minutes are prepared and signed by the assessor (by account) and the Kepala
TUK (drawn), which locks the results. The review chain runs with its minutes of meeting and makes
the recommendation; Administrasi files the complete archive. At the LSP, Kabid Sertifikasi prepares
the decree (without the BK candidate), the Ketua LSP endorses it and the Direktur signs it; Kabid
Sertifikasi downloads the blank request bundle (its xlsx in BNSP's columns), records the blanks
received and the BNSP numbers. PSM/DISNAKER-10 ends complete and STMI 1.3.3 stands at step 7, every
step done with all its outputs and its times.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_scheduling_flow import (  # noqa: F401 (flow: the part-1 fixture, asked for by name)
    DISNAKER_10,
    PASSWORD,
    STMI,
    flow,
    open_page,
    sign_in,
)
from ujikom.assessment.models import (
    Archive,
    AttendanceEntry,
    Decision,
    Minutes,
    Recommendation,
    SignMethod,
    Verdict,
)
from ujikom.assessment.tests.minutes.helpers import png
from ujikom.core.models import DocumentType, NumberingPattern
from ujikom.registry.models import CompetencyUnit, FundingSource
from ujikom.scheduling.models import Registration, SiteVerification, TestEvent
from ujikom.scheduling.services_assignments import (
    CHECKLIST_KEYS,
    assign_site_verifier,
    confirm_assignment,
    propose_assessor,
    record_site_verification,
)
from ujikom.scheduling.services_events import change_event_status, update_event
from ujikom.scheduling.services_readiness import (
    READINESS_ITEMS,
    ReadinessItem,
    answer_attendance,
    confirm_readiness,
    fill_readiness,
    generate_schedule_distribution,
    send_reminders_now,
    send_schedule_distribution,
)
from ujikom.scheduling.services_registration import accept_registration, register_batch
from ujikom.scheduling.sop_binding import runs_of_event
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task

pytestmark = pytest.mark.browser

# The numbering the documents of the test day and the LSP's decision need, beyond part 1's.
PATTERNS = [
    ("lsp", "decree", "{seq:03}/SK/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "minutes", "{seq:03}/BA/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "blank_request", "{seq:03}/BLK/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "letter", "{seq:03}/S/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "report", "{seq:03}/LAP/LSP-STMI/{year}"),
    ("disnaker", "minutes", "{seq:03}/BA/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "meeting_notes", "{seq:03}/MoM/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "attendance_list", "{seq:03}/DH/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "recommendation", "560/{seq:03}/REK-Disnaker/{year}"),
    ("disnaker", "archive_index", "{seq:03}/ARS/TUK-DISNAKER/{year}"),
]
UNITS = [
    ("J.63OPR00.001.2", "Mengoperasikan Perangkat Komputer"),
    ("J.63OPR00.002.2", "Mengoperasikan Perangkat Lunak Pengolah Kata"),
    ("J.63OPR00.003.2", "Mengoperasikan Perangkat Lunak Lembar Kerja"),
]
# Drawn on the tablet, signed from the portal, and the one found BK in the last unit.
DRAWN, PORTAL, BK = "Ahmad Fauzi", "Siti Rahmawati", "Budi Setiawan"
BNSP_HEADER = [
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
TABLET = {"width": 820, "height": 1180}


def _run_of(event: TestEvent, code: str) -> Run:
    [run] = [run for run in runs_of_event(event) if run.version.sop.code == code]
    return run


def _step(run: Run, number: int) -> StepRun:
    found = StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()
    assert found is not None, f"{run.version.sop.code}: step {number} never started"
    return found


@pytest.fixture
def ready_event(request, make_user) -> dict[str, Any]:
    """The part-1 flow's event, taken to a ready test day two weeks ago through the services: today
    is its test day, and both SOP runs stand at their test-day step (DISNAKER step 5, STMI step 5)."""
    two_weeks_ago = timezone.now() - dt.timedelta(days=14)
    with time_machine.travel(two_weeks_ago, tick=True):
        part_one = request.getfixturevalue("flow")
        event: TestEvent = part_one["event"]
        event.refresh_from_db()  # registration is open now
        people = dict(part_one["people"])
        lsp, disnaker = event.lsp, event.facilitator
        assert disnaker is not None and event.starts_on == timezone.localdate() + dt.timedelta(days=14)
        organizations = {"lsp": lsp, "disnaker": disnaker}
        for owner, code, pattern in PATTERNS:
            NumberingPattern.objects.get_or_create(
                organization=organizations[owner],
                document_type=DocumentType.objects.get(code=code),
                defaults={"pattern": pattern},
            )
        people["kabid_sert"] = make_user(
            "kabid.sert",
            roles=[(lsp, "head_certification")],
            full_name="Dewi Kabid Sertifikasi",
            password=PASSWORD,
        )
        people["mutu"] = make_user(
            "mutu", roles=[(disnaker, "quality")], full_name="Sri Manajemen Mutu", password=PASSWORD
        )
        for position, (code, title) in enumerate(UNITS, start=1):
            CompetencyUnit.objects.create(scheme=event.scheme, position=position, code=code, title=title)
        funding = FundingSource.objects.create(
            code="APBD-TNG", name="APBD Kota Tangerang", kind=FundingSource.Kind.APBD
        )
        chair, head_admin = people["ketua"], people["kabid_adm"]
        update_event(event=event, actor=chair, funding=funding, bnsp_schedule_code="JDW-OKM-0001")

        # STMI step 3: the facilitator registers the batch; Kabid Administrasi accepts, assigns the
        # site's verifier and proposes the assessor (cards and letters).
        registrations = register_batch(
            event=event, participants=list(part_one["program"].participants.all()), actor=people["kasi"]
        )
        for registration in registrations:
            accept_registration(registration=registration, actor=head_admin)
        assessor = part_one["assessors"]["valid"]
        verification = assign_site_verifier(event=event, verifier=assessor.user, actor=head_admin)
        assignment = propose_assessor(
            event=event, assessor=assessor, day=event.starts_on, candidate_count=3, actor=head_admin
        )
        # STMI step 4: the verifier's result; Kabid Sertifikasi signs off his own task.
        record_site_verification(
            verification=verification,
            checklist={key: {"ok": True, "note": ""} for key in CHECKLIST_KEYS},
            result=SiteVerification.Result.MEETS,
            notes="Aula dan komputer lengkap.",
            actor=assessor.user,
        )
        stmi = _run_of(event, STMI)
        [own] = Task.objects.filter(
            step_run__run=stmi,
            step_run__step__number=4,
            candidate_role__key="head_certification",
            status__in=engine.OPEN_STATUSES,
        )
        engine.complete_task(task=own, actor=people["kabid_sert"], note="TUK memenuhi.")
        confirm_assignment(assignment=assignment, actor=assessor.user)

        # PSM/DISNAKER-10 steps 1–4: distribution, readiness, reminders, candidates' confirmations.
        distribution = generate_schedule_distribution(event=event, actor=people["admin"])
        send_schedule_distribution(distribution=distribution, actor=people["admin"])
        fill_readiness(
            event=event,
            actor=people["tekops"],
            items=[ReadinessItem(key, True, "") for key, _label in READINESS_ITEMS],
            notes="Aula siap.",
        )
        confirm_readiness(event=event, actor=people["kepala_tuk"], notes="Rencana disetujui.")
        send_reminders_now(event=event, actor=people["admin"])
        for registration in registrations:
            answer_attendance(registration=registration, attending=True, via="link", actor=None)
        event = change_event_status(event=event, status=TestEvent.Status.READY, actor=chair)

    assert event.starts_on == timezone.localdate()
    disnaker_run = _run_of(event, DISNAKER_10)
    assert [_step(disnaker_run, n).status for n in (1, 2, 3, 4, 5)] == ["done"] * 4 + ["active"]
    assert [_step(stmi, n).status for n in (1, 2, 3, 4, 5)] == ["done"] * 4 + ["active"]
    by_name = {registration.full_name: registration for registration in registrations}
    # The candidate who signs from her own portal signs in with a password of her own.
    portal_user = by_name[PORTAL].candidate
    assert portal_user is not None
    portal_user.set_password(PASSWORD)
    portal_user.save()
    return {"event": event, "assessor": assessor, "registrations": by_name}


def draw_signature(page: Page, scope: Locator) -> None:
    """Draw a signature with the mouse on the signature box inside `scope`."""
    canvas = scope.locator("canvas.signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(left + width * 0.1, top + height * 0.7)
    page.mouse.down()
    for index, (x, y) in enumerate(
        [(0.2, 0.3), (0.3, 0.75), (0.4, 0.25), (0.5, 0.7), (0.6, 0.35), (0.75, 0.6), (0.9, 0.4)]
    ):
        page.mouse.move(left + width * x, top + height * y, steps=4 + index % 2)
    page.mouse.up()
    expect(scope.locator("input[name$=signature]")).to_have_value(re.compile(r"^data:image\/png;base64,"))


def submit(page: Page, name: str, scope: Page | Locator | None = None) -> None:
    """Click the button `name` (its icon, drawn by the icon font, comes before the words)."""
    button = (scope or page).get_by_role("button", name=re.compile(rf"(^|\W){re.escape(name)}$"))
    button.click()
    page.wait_for_load_state()


def success(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.locator(".alert-success").filter(has_text=text).first).to_be_visible()


def assert_steps_complete(run: Run, numbers: range) -> None:
    """Each step done, every output of it attached, every task signed off, its times recorded."""
    for number in numbers:
        step_run = _step(run, number)
        label = f"{run.version.sop.code} step {number}"
        assert step_run.status == StepRun.Status.DONE, label
        expected = len(step_run.step.outputs or [])
        attached = {output.output_index for output in step_run.outputs.all() if output.file_id}
        assert expected > 0 and attached == set(range(expected)), (label, attached, step_run.step.outputs)
        assert step_run.started_at is not None and step_run.completed_at is not None, label
        assert step_run.started_at <= step_run.completed_at, label
        tasks = list(step_run.tasks.all())
        assert tasks and all(task.status == Task.Status.DONE for task in tasks), label
        assert all(task.completed_by_id and task.completed_at for task in tasks), label


def test_the_test_day_to_the_bnsp_blank_request_as_each_role(ready_event, page, live_server, screenshot):
    url = live_server.url
    event, assessor = ready_event["event"], ready_event["assessor"]
    registrations: dict[str, Registration] = ready_event["registrations"]
    pid = event.public_id

    # Teknis Operasional opens both attendance lists of the test day.
    sign_in(page, url, "tekops")
    open_page(page, url, "assessment:test_day", pid)
    submit(page, "Buka daftar hadir", page.get_by_test_id("sheet-candidates"))
    expect(page.get_by_role("heading", name=re.compile(r"^Absensi peserta"))).to_be_visible()
    candidates_sheet = page.url
    open_page(page, url, "assessment:test_day", pid)
    submit(page, "Buka daftar hadir", page.get_by_test_id("sheet-assessors"))
    expect(page.get_by_role("heading", name=re.compile(r"^Absensi asesor"))).to_be_visible()
    assessors_sheet = page.url

    # Two candidates draw their signatures on the officer's tablet.
    for name in (DRAWN, BK):
        page.goto(candidates_sheet)
        page.get_by_test_id("line").filter(has_text=name).get_by_role(
            "link", name="Tanda tangan / tidak hadir"
        ).click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        form = page.locator("form").filter(has=page.locator("canvas"))
        draw_signature(page, form)
        if name == DRAWN:
            screenshot("assessment-01-drawn-attendance-signature")
        submit(page, "Simpan tanda tangan", form)
        success(page, "Tanda tangan tercatat.")
        expect(
            page.get_by_test_id("line").filter(has_text=name).get_by_role("img", name="Tanda tangan")
        ).to_be_visible()

    # The third candidate signs her own line from her portal, signed in with her account.
    sign_in(page, url, registrations[PORTAL].nik)
    open_page(page, url, "assessment:my_results")
    own_line = page.get_by_test_id("own-line")
    expect(own_line).to_contain_text("Daftar hadir peserta")
    expect(own_line.get_by_label("Setujui dengan akun saya yang sedang masuk")).to_be_checked()
    submit(page, "Tanda tangani kehadiran saya", own_line)
    success(page, "Kehadiran Anda tercatat.")
    expect(page.get_by_test_id("own-line")).to_have_count(0)
    screenshot("assessment-02-candidate-portal-signed")

    # The assessor signs the assessors' list by account from "Asesmen saya".
    sign_in(page, url, assessor.user.username)
    open_page(page, url, "assessment:my_assessments")
    submit(page, "Tanda tangani kehadiran saya", page.get_by_test_id("own-line"))
    success(page, "Kehadiran Anda tercatat.")
    expect(page.get_by_text("Anda sudah menandatangani daftar hadir asesor")).to_be_visible()

    # The officer closes both lists (numbered PDFs), uploads a photo and allocates the candidates.
    sign_in(page, url, "tekops")
    for sheet_url in (candidates_sheet, assessors_sheet):
        page.goto(sheet_url)
        submit(page, "Tutup daftar hadir dan cetak")
        success(page, "Daftar hadir ditutup; PDF daftar hadir dibuat.")
        expect(page.get_by_role("link", name=re.compile(r"\/DH\/TUK-DISNAKER\/"))).to_be_visible()
    screenshot("assessment-03-assessors-list-closed")
    methods = dict(
        AttendanceEntry.objects.filter(sheet__event=event, registration__isnull=False).values_list(
            "registration__full_name", "sign_method"
        )
    )
    assert methods == {DRAWN: SignMethod.DRAWN, BK: SignMethod.DRAWN, PORTAL: SignMethod.ACCOUNT}
    open_page(page, url, "assessment:test_day", pid)
    page.get_by_label("Foto (JPG/PNG, maks. 10 MB)").set_input_files(
        {"name": "praktik.png", "mimeType": "image/png", "buffer": png(64, 48)}
    )
    page.get_by_label("Keterangan foto").fill("Peserta praktik di lab komputer")
    submit(page, "Unggah foto")
    success(page, "Foto dokumentasi diunggah.")
    expect(page.get_by_test_id("photo")).to_contain_text("Peserta praktik di lab komputer")
    submit(page, "Bagi otomatis (merata)")
    success(page, "3 asesi dibagikan kepada asesor.")
    allocation = page.get_by_test_id("allocation")
    for name in registrations:
        expect(allocation.locator("tr").filter(has_text=name)).to_contain_text("Dewi Lestari")
    screenshot("assessment-04-test-day-allocated")

    # The assessor records K/BK per unit on a tablet, finishes each candidate and gives feedback.
    sign_in(page, url, assessor.user.username)
    page.set_viewport_size(TABLET)
    verdicts = {DRAWN: ["K", "K", "K"], PORTAL: ["K", "K", "K"], BK: ["K", "K", "BK"]}
    for name, marks in verdicts.items():
        open_page(page, url, "assessment:my_assessments")
        page.get_by_test_id("allocated").filter(has_text=name).click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        for index, mark in enumerate(marks):
            unit = page.get_by_test_id("unit").nth(index)
            unit.get_by_text(str(Verdict(mark).label), exact=True).click()
            unit.get_by_label("Observasi (FR.IA.01)").check()
            unit.get_by_label("Pertanyaan lisan (FR.IA.07)").check()
            if mark == "BK":
                unit.get_by_label("Catatan asesor").fill("Belum dapat membuat rumus dan grafik lembar kerja.")
            submit(page, "Simpan unit ini", unit)
            success(page, f"Unit {UNITS[index][0]}: {mark} tercatat.")
        if name == BK:
            expect(page.get_by_test_id("recommendation")).to_contain_text("Belum Kompeten (BK)")
            screenshot("assessment-05-tablet-bk-candidate")
        else:
            expect(page.get_by_test_id("recommendation")).to_contain_text("Kompeten (K)")
        submit(page, "Selesaikan asesmen asesi ini")
        success(page, f"Asesmen {name} selesai.")
        page.get_by_label("Umpan balik untuk asesi (FR.AK.03)").fill(
            "Pelajari kembali rumus dan grafik lembar kerja." if name == BK else "Kerja rapi dan teliti."
        )
        submit(page, "Simpan umpan balik")
        success(page, "Umpan balik disimpan")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            "the assessor's screen scrolls sideways on a tablet"
        )
    open_page(page, url, "assessment:my_assessments")
    expect(page.get_by_text("Selesai 3 dari 3 asesi.")).to_be_visible()
    screenshot("assessment-06-tablet-my-assessments")
    page.set_viewport_size({"width": 1280, "height": 860})

    # The officer finishes the test day and prepares the minutes from the results.
    sign_in(page, url, "tekops")
    open_page(page, url, "assessment:test_day", pid)
    grid = page.get_by_test_id("results-grid")
    expect(grid.get_by_test_id("result-row").filter(has_text=BK)).to_contain_text("Belum Kompeten (BK)")
    submit(page, "Selesaikan pelaksanaan uji")
    expect(page.get_by_test_id("finished")).to_contain_text("Pelaksanaan uji sudah selesai.")
    screenshot("assessment-07-test-day-finished")
    open_page(page, url, "assessment:minutes", pid)
    submit(page, "Buat berita acara", page.get_by_test_id("prepare-form"))
    success(page, re.compile(r"Berita acara \d{3}\/BA\/TUK-DISNAKER\/.* dibuat"))
    expect(page.get_by_test_id("minutes-state")).to_contain_text("Menunggu tanda tangan")

    # The assessor signs by account; the Kepala TUK draws his signature, which locks the results.
    sign_in(page, url, assessor.user.username)
    open_page(page, url, "assessment:minutes", pid)
    form = page.get_by_test_id("sign-form")
    expect(form.get_by_label("Setujui dengan akun saya yang sedang masuk")).to_be_checked()
    submit(page, "Tanda tangani", form)
    success(page, "Tanda tangan Anda pada berita acara tersimpan.")
    sign_in(page, url, "kepala.tuk")
    open_page(page, url, "assessment:minutes", pid)
    form = page.get_by_test_id("sign-form")
    form.get_by_label("Gambar tanda tangan di layar").check()
    draw_signature(page, form)
    submit(page, "Tanda tangani", form)
    success(page, "Berita acara ditandatangani lengkap; hasil uji dikunci dan berkas hasil dibuat.")
    expect(page.get_by_test_id("minutes-state")).to_contain_text("Ditandatangani lengkap; hasil dikunci")
    expect(page.get_by_role("link", name="Berkas hasil uji kompetensi (ZIP)")).to_be_visible()
    screenshot("assessment-08-minutes-locked")
    minutes = Minutes.objects.get(event=event)
    assert minutes.is_locked
    assert sorted(line.sign_method for line in minutes.signatures.all()) == ["account", "drawn"]

    # The review chain: Teknis Operasional, Kepala TUK (who writes the minutes of meeting), Manajemen
    # Mutu (whose approval makes the recommendation to the LSP), and the Kepala TUK's final review.
    def review(login: str, stage: str, notes: str) -> None:
        sign_in(page, url, login)
        open_page(page, url, "assessment:review", pid)
        form = page.get_by_test_id("review-form")
        expect(form).to_contain_text(f"Kaji ulang {stage}")
        form.get_by_label("Sesuai", exact=True).check()
        form.get_by_label("Catatan kaji ulang").fill(notes)
        submit(page, "Simpan kaji ulang", form)
        success(page, f"Kaji ulang {stage} tercatat.")

    review("tekops", "Teknis Operasional", "Pelaksanaan sesuai jadwal; berkas diserahkan ke Kepala TUK.")
    review("kepala.tuk", "Kepala TUK", "Sesuai ketentuan; arsipkan berkas.")
    page.get_by_role("link", name="Tulis minutes of meeting").click()
    page.wait_for_load_state()
    page.get_by_label("Peserta rapat").fill(
        "Agus Teknis — Teknis Operasional\nHendra Kepala TUK — Kepala TUK"
    )
    page.get_by_label("Agenda").fill("Kaji ulang pelaksanaan uji kompetensi.")
    page.get_by_label("Pembahasan").fill("Pelaksanaan, kehadiran dan hasil sesuai ketentuan.")
    page.get_by_label("Kesimpulan dan tindak lanjut").fill("Direkomendasikan ke LSP.")
    submit(page, "Simpan dan cetak")
    success(page, re.compile(r"Minutes of meeting \d{3}\/MoM\/TUK-DISNAKER\/.* tersimpan."))
    review("mutu", "Manajemen Mutu", "Berkas hasil lengkap; rekomendasikan ke LSP.")
    expect(page.get_by_test_id("recommendation")).to_contain_text("Surat rekomendasi 560/")
    review("kepala.tuk", "Kaji ulang akhir (Kepala TUK)", "Kaji ulang akhir: sesuai.")
    expect(page.get_by_test_id("chain").locator(".badge.text-bg-success")).to_have_count(4)
    screenshot("assessment-09-review-chain")

    # Administrasi files the archive, complete.
    sign_in(page, url, "adm")
    open_page(page, url, "assessment:archive", pid)
    expect(page.get_by_role("heading", name=re.compile(r"Kelengkapan berkas\s+Lengkap"))).to_be_visible()
    page.get_by_label("Lokasi arsip fisik").fill("Lemari A, rak 2, map 14 — ruang arsip Bidang Pelatihan")
    submit(page, "Arsipkan")
    success(page, re.compile(r"Berkas uji kompetensi diarsipkan \(\d{3}\/ARS\/TUK-DISNAKER\/"))
    expect(page.get_by_test_id("archive-state")).to_contain_text("Diarsipkan")
    screenshot("assessment-10-archive-filed")
    assert Archive.objects.get(event=event).is_complete

    # At the LSP, Kabid Sertifikasi records the plenary and prepares the decree: the BK candidate is
    # not offered; he proposes it to the Ketua LSP.
    sign_in(page, url, "kabid.sert")
    open_page(page, url, "assessment:decision", pid)
    form = page.get_by_test_id("decision-form")
    for name in (DRAWN, PORTAL):
        expect(form.get_by_role("checkbox", name=re.compile(rf"^{name} — \d{{16}}$"))).to_be_checked()
    expect(form).not_to_contain_text(BK)
    form.get_by_label("Peserta rapat pleno").fill(
        "Dewi Kabid Sertifikasi — Kabid Sertifikasi\nKetua LSP STMI — Ketua LSP"
    )
    form.get_by_label("Pembahasan").fill("Rekomendasi TUK dibahas; dua asesi kompeten.")
    submit(page, "Simpan rapat pleno dan draf SK", form)
    success(page, "Rapat pleno dan draf SK Penetapan disimpan.")
    entries = page.get_by_test_id("entries")
    expect(entries.locator("tbody tr")).to_have_count(2)
    expect(entries).not_to_contain_text(BK)
    submit(page, "Ajukan ke Ketua LSP")
    success(page, "SK Penetapan diajukan kepada Ketua LSP.")
    sign_in(page, url, "ketua")
    open_page(page, url, "assessment:decision", pid)
    submit(page, "Setujui (Ketua LSP)")
    success(page, "SK Penetapan disetujui; menunggu tanda tangan Direktur.")
    sign_in(page, url, "direktur")
    open_page(page, url, "assessment:decision", pid)
    submit(page, "Tandatangani dan tetapkan (Direktur)")
    success(page, "SK Penetapan ditandatangani dan diberi nomor.")
    expect(page.get_by_test_id("decision-status")).to_have_text("Ditetapkan")
    expect(page.get_by_test_id("decree-number")).to_have_text(
        re.compile(r"^\d{3}\/SK\/LSP-STMI\/[IVX]+\/\d{4}$")
    )
    screenshot("assessment-11-decree-approved")
    decision = Decision.objects.get(event=event, status=Decision.Status.APPROVED)
    assert decision.decree_number and decision.decree_file_id

    # Kabid Sertifikasi prepares the blank request and downloads its bundle from the page.
    sign_in(page, url, "kabid.sert")
    open_page(page, url, "assessment:decision", pid)
    submit(page, "Siapkan berkas permohonan blangko")
    success(page, "Berkas permohonan blangko disiapkan")
    request_card = page.get_by_test_id("blank-request")
    expect(request_card).to_contain_text(re.compile(r"\d{3}\/BLK\/LSP-STMI\/"))
    with page.expect_download() as download:
        request_card.get_by_role("link", name="Berkas lengkap (ZIP)").click()
    bundle = zipfile.ZipFile(download.value.path())
    assert bundle.namelist() == [
        "1-surat-permohonan-blangko.pdf",
        "2-berita-acara-uji-kompetensi.pdf",
        "3-sk-penetapan.pdf",
        "4-daftar-asesi-bnsp.xlsx",
    ]
    sheet = load_workbook(io.BytesIO(bundle.read("4-daftar-asesi-bnsp.xlsx"))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == BNSP_HEADER
    column = {header: index for index, header in enumerate(BNSP_HEADER)}
    listed = {row[column["NAMA ASESI"]]: row for row in rows[1:]}
    assert sorted(listed) == sorted(registrations)
    for name, row in listed.items():
        assert row[column["K/BK"]] == ("BK" if name == BK else "K"), row
        assert row[column["NIK"]] == registrations[name].nik
        assert row[column["KODE JADWAL"]] == "JDW-OKM-0001"
        assert row[column["TANGGAL UJI"]] == event.starts_on.strftime("%d-%m-%Y")
        assert row[column["NO. REG ASESOR"]] == assessor.registration_number
        assert row[column["KODE KOTA"]] == "3671" and row[column["KODE SUMBER ANGGARAN"]] == "APBD-TNG"
    submit(page, "Tandai sudah diajukan ke BNSP")
    success(page, "Permohonan ditandai sudah diajukan ke BNSP.")

    # The blanks arrive from BNSP: recorded in the blank log against the request.
    page.get_by_role("link", name="Catat penerimaan blangko di buku blangko").click()
    page.wait_for_load_state()
    page.get_by_label("Jumlah blangko").fill("2")
    page.get_by_label("Untuk permohonan").select_option(index=1)
    page.get_by_label("Nomor seri dari").fill("A-0001001")
    page.get_by_label("sampai").fill("A-0001002")
    submit(page, "Simpan")
    success(page, "Mutasi blangko dicatat.")
    expect(page.get_by_test_id("stock")).to_have_text("2")

    # The BNSP numbers of the two competent candidates use the two blanks.
    open_page(page, url, "assessment:certificate_numbers", pid)
    year = timezone.localdate().year
    numbers_form = page.get_by_test_id("numbers-form")
    for serial, name in enumerate((DRAWN, PORTAL), start=1):
        row = numbers_form.locator("tbody tr").filter(has_text=name)
        row.get_by_label("Nomor sertifikat").fill(f"62090 2432 000{serial:04d} {year}")
        row.get_by_label("Nomor registrasi").fill(f"Reg. TIK 1166 {serial:05d} {year}")
    submit(page, "Simpan nomor")
    success(page, "2 nomor sertifikat dicatat.")
    open_page(page, url, "assessment:decision", pid)
    expect(page.get_by_text("Nomor BNSP tercatat untuk 2 dari 2 asesi.")).to_be_visible()
    expect(page.get_by_test_id("entries")).to_contain_text(f"62090 2432 0000001 {year}")
    expect(page.get_by_role("link", name="Daftar sertifikat kompetensi")).to_be_visible()
    expect(page.get_by_test_id("blank-request")).to_contain_text("Blangko diterima")
    screenshot("assessment-12-bnsp-numbers")
    assert Recommendation.objects.get(event=event).received_at is not None

    # The office's run is complete: every step done with all its outputs and its times.
    disnaker_run = _run_of(event, DISNAKER_10)
    disnaker_run.refresh_from_db()
    assert disnaker_run.status == Run.Status.COMPLETED and disnaker_run.completed_at is not None
    assert_steps_complete(disnaker_run, range(1, 9))
    # The LSP's run has done steps 1–6; step 7 (evaluation and reporting) is what remains.
    stmi = _run_of(event, STMI)
    stmi.refresh_from_db()
    assert stmi.status == Run.Status.RUNNING
    assert_steps_complete(stmi, range(1, 7))
    assert _step(stmi, 7).status == StepRun.Status.ACTIVE
    event.refresh_from_db()
    assert event.status == TestEvent.Status.DONE

    sign_in(page, url, "adm")
    page.goto(url + reverse("sop:run_detail", args=[disnaker_run.public_id]))
    card = page.get_by_test_id("step-run").filter(
        has=page.get_by_role("heading", name="Langkah 8", exact=True)
    )
    expect(card.locator(".badge.text-bg-success").first).to_be_visible()
    screenshot("assessment-13-disnaker-run-complete")
