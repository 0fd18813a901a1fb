"""The SOP library and engine in a real browser: the seed SOPs in the library, and a clerk doing
step 1 of PSM/DISNAKER-10 from "Tugas saya" until the run moves on to step 2."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ujikom.sop import engine
from ujikom.sop.library import load_seed_sops

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-sekali-123"
RUN_TITLE = "Uji kompetensi Operator Komputer Muda, TUK Disnaker"
STEP_1_OUTPUTS = ["Rekap daftar calon peserta dan jadwal uji kompetensi", "Konfirmasi dari Asesor Kompetensi"]
# The smallest file a PDF reader opens: one blank page.
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def seeds(system_admin, disnaker, lsp):
    """The three seed SOPs in force: two at the city office, the certification cycle at the LSP."""
    return load_seed_sops(system_admin)


@pytest.fixture
def run(seeds, disnaker, system_admin):
    return engine.start_run(
        organization=disnaker, code="PSM/DISNAKER-10", title=RUN_TITLE, actor=system_admin
    )


def sign_in(page: Page, base_url: str, login: str) -> None:
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Nama pengguna atau email").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


def open_menu(page: Page, name: str, section: str | None = None) -> None:
    menu = page.locator("#menu-utama")
    if section:
        menu.get_by_role("button", name=section, exact=True).click()
    menu.get_by_role("link", name=name).click()
    page.wait_for_load_state()


def test_clerk_completes_step_one_from_my_tasks_and_the_run_moves_to_step_two(
    page, live_server, make_user, disnaker, run, screenshot
):
    make_user(
        "administrasi", roles=[(disnaker, "admin_staff")], full_name="Siti Nurhaliza", password=PASSWORD
    )
    make_user("tekops", roles=[(disnaker, "technical_ops")], full_name="Agus Firmansyah", password=PASSWORD)
    make_user("kepala.tuk", roles=[(disnaker, "site_head")], full_name="Hendra Gunawan", password=PASSWORD)

    # Given the clerk of Bagian Administrasi opens "Tugas saya"
    sign_in(page, live_server.url, "administrasi")
    open_menu(page, "Tugas saya")
    rows = page.get_by_test_id("task-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Langkah 1: Mendistribusikan jadwal uji kompetensi")
    expect(rows.first).to_contain_text(RUN_TITLE)
    screenshot("sop-my-tasks-step-1")

    # When she opens the task and claims it
    rows.first.get_by_role("link", name=re.compile(r"^Langkah 1")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Langkah 1 · Bagian Administrasi")
    page.get_by_test_id("claim").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tugas diambil")

    # and tries to complete it before giving its outputs, she is told which are missing
    page.get_by_test_id("complete").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text("Output langkah 1 belum lengkap; unggah dahulu:")
    for name in STEP_1_OUTPUTS:
        expect(refusal).to_contain_text(name)
    screenshot("sop-task-refused")

    # When she uploads a PDF for each output
    for number, name in enumerate(STEP_1_OUTPUTS, start=1):
        slot = page.get_by_test_id("output-slot").filter(has_text=name)
        expect(slot).to_contain_text("Belum ada berkas.")
        slot.get_by_label(f"Berkas untuk {name}").set_input_files(
            {"name": f"output-{number}.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
        )
        slot.get_by_role("button", name="Unggah").click()
        page.wait_for_load_state()
        expect(page.get_by_role("alert").first).to_contain_text(f"Berkas output-{number}.pdf tersimpan")
        expect(page.get_by_test_id("output-slot").filter(has_text=name)).to_contain_text(
            f"output-{number}.pdf"
        )
    screenshot("sop-task-outputs")

    # and completes it with a note
    page.get_by_label("Catatan").fill("Jadwal dan rekap peserta sudah dikirim.")
    page.get_by_test_id("complete").click()

    # Then she is back at "Tugas saya" with nothing left to do
    expect(page).to_have_url(re.compile(r"/sop/tugas/$"))
    expect(page.get_by_role("alert").first).to_contain_text(f"Tugas langkah 1 pada “{RUN_TITLE}” selesai")
    expect(page.get_by_test_id("task-row")).to_have_count(0)
    expect(page.get_by_text("Tidak ada tugas untuk Anda saat ini.")).to_be_visible()

    # and the run shows step 1 done, step 2 under way, with its tasks linked
    open_menu(page, "Pelaksanaan SOP", section="SOP")
    page.get_by_test_id("run-row").get_by_role("link", name=RUN_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(RUN_TITLE)
    expect(page.get_by_test_id("flowchart").locator("svg").first).to_be_visible()
    step_runs = page.get_by_test_id("step-run")
    expect(step_runs).to_have_count(2)
    expect(step_runs.nth(0)).to_contain_text("Langkah 1")
    expect(step_runs.nth(0)).to_contain_text("Selesai")
    expect(step_runs.nth(0)).to_contain_text("diselesaikan oleh Siti Nurhaliza")
    expect(step_runs.nth(0).get_by_test_id("output")).to_have_count(2)
    expect(step_runs.nth(1)).to_contain_text("Langkah 2")
    expect(step_runs.nth(1)).to_contain_text("Berjalan")
    open_tasks = page.get_by_test_id("open-task")
    expect(open_tasks).to_have_count(2)
    expect(open_tasks.nth(0)).to_contain_text("Bidang Teknis Operasional")
    expect(open_tasks.nth(1)).to_contain_text("Kepala TUK")
    screenshot("sop-run-step-2")

    # and step 2 is offered to Bidang Teknis Operasional and to the Kepala TUK
    for login, actor in [("tekops", "Bidang Teknis Operasional"), ("kepala.tuk", "Kepala TUK")]:
        sign_out(page)
        sign_in(page, live_server.url, login)
        open_menu(page, "Tugas saya")
        rows = page.get_by_test_id("task-row")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Langkah 2:")
        expect(rows.first).to_contain_text(actor)
        rows.first.get_by_role("link", name=re.compile(r"^Langkah 2")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Langkah 2 · {actor}")
        # the documents of step 1 are at hand as the step's inputs
        expect(page.get_by_role("link", name="output-1.pdf")).to_have_count(1)
        expect(page.get_by_role("link", name=RUN_TITLE).first).to_have_attribute(
            "href", f"/sop/pelaksanaan/{run.public_id}/"
        )
    screenshot("sop-task-step-2")


def test_library_lists_the_seeds_and_the_version_page_shows_the_flowchart_and_warnings(
    page, live_server, make_user, disnaker, lsp, seeds, screenshot
):
    # Given a person who manages SOPs at the city office and at the LSP
    make_user(
        "mutu",
        roles=[(disnaker, "kasi"), (lsp, "head_admin")],
        full_name="Yuliana Pratiwi",
        password=PASSWORD,
    )
    sign_in(page, live_server.url, "mutu")

    # When she opens the library of the city office
    open_menu(page, "Pustaka SOP", section="SOP")

    # Then both of its seed SOPs are in force, each flagged for checking
    rows = page.get_by_test_id("sop-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("PSM/DISNAKER-08")
    expect(rows.nth(1)).to_contain_text("PSM/DISNAKER-10")
    expect(rows.nth(1)).to_contain_text("Pelaksanaan Fasilitasi Sertifikasi untuk Peserta Pelatihan")
    expect(rows.nth(1)).to_contain_text("versi 1")
    expect(rows.nth(1).get_by_test_id("warning-count")).to_have_text("2")
    screenshot("sop-library")

    # When she opens the version in force of PSM/DISNAKER-10
    rows.nth(1).get_by_role("link", name="versi 1").click()

    # Then the official document shows its flowchart and what needs checking
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pelaksanaan Fasilitasi Sertifikasi untuk Peserta Pelatihan"
    )
    expect(page.get_by_test_id("version-status")).to_have_text("Disahkan")
    flowchart = page.get_by_test_id("flowchart").locator("svg")
    expect(flowchart).to_have_count(2)  # eight steps fill two pages
    expect(flowchart.first).to_be_visible()
    expect(page.get_by_test_id("sop-warnings")).to_contain_text("Langkah 6 tidak memiliki standar waktu")
    expect(page.get_by_test_id("sop-warnings")).to_contain_text("PSM/DISNAKER-08")
    expect(page.get_by_role("link", name="PDF A4")).to_be_visible()
    screenshot("sop-version")

    # and from there she can start a run of it
    page.get_by_role("link", name="Mulai pelaksanaan").click()
    expect(page).to_have_url(re.compile(r"/sop/pelaksanaan/mulai/\?sop=PSM"))
    expect(page.get_by_label("Judul pelaksanaan")).to_be_visible()
    expect(page.get_by_label("SOP yang dilaksanakan")).to_have_value("PSM/DISNAKER-10")

    # When she acts for the LSP, its library holds the certification cycle
    page.wait_for_load_state()
    page.get_by_test_id("org-switcher").get_by_label("Bertindak untuk organisasi").select_option(
        str(lsp.public_id)
    )
    expect(page.get_by_role("alert").first).to_contain_text(f"Sekarang Anda bertindak untuk {lsp.name}")
    open_menu(page, "Pustaka SOP", section="SOP")
    rows = page.get_by_test_id("sop-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("1.3.3/BPSDMI/STMI/SOP/VI/2020")
    expect(rows.first).to_contain_text("versi 1")
