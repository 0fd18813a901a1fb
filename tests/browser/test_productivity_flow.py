"""Productivity guidance in a real browser, as the issue's "done" describes it: the Kadis approves the
proposed revision of PSM/DISNAKER-08; the Kasi opens a case for a demo company; the field officer
records the identification, indicators for two periods, a cause tree with a 5-why chain, a plan, a
follow-up visit and the evaluation; the Kasi closes the case. The closing report PDF shows the
improvement, and the case's SOP run is complete with each step's time."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ujikom.core.models import Organization
from ujikom.productivity.demo_productivity import load_productivity_demo
from ujikom.productivity.models import GuidanceCase
from ujikom.productivity.revision import propose_revision
from ujikom.sop.library import load_seed_sops
from ujikom.sop.models import Run, StepRun

from .test_sop_tasks import PASSWORD, open_menu, sign_in, sign_out

pytestmark = pytest.mark.browser

COMPANY = "PT Tirta Garmen Nusantara"


@pytest.fixture
def office(make_organization, system_admin) -> Organization:
    """The demo office with its seed SOPs, the proposed revision (a draft), the numbering patterns
    and the demo register of companies."""
    office = make_organization(
        "Dinas Ketenagakerjaan Kota Tangerang", Organization.Kind.AGENCY, code="disnaker-tangerang"
    )
    load_seed_sops(system_admin)
    propose_revision(organization=office, actor=system_admin)
    load_productivity_demo(system_admin)
    return office


def month_before(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month `months` before the month of `day`."""
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    start = dt.date(year, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def fill_measurement(
    page: Page, label: str, period: tuple[dt.date, dt.date], figures: dict[str, str]
) -> None:
    page.get_by_role("link", name="Catat pengukuran").click()
    page.get_by_label("Nama periode").fill(label)
    page.get_by_label("Awal periode").fill(period[0].isoformat())
    page.get_by_label("Akhir periode").fill(period[1].isoformat())
    for field, value in figures.items():
        page.get_by_label(field).fill(value)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    expect(page.locator("#indikator")).to_contain_text(label)


def choose(page: Page, field: str, text: str) -> None:
    """Select the option of the labelled list whose text contains `text`."""
    select = page.get_by_label(field)
    select.select_option(value=select.locator("option", has_text=text).first.get_attribute("value"))


def drawn_chart(page: Page, source: str) -> dict:
    """What Chart.js drew on the canvas fed by the json_script element `source`."""
    summary = page.wait_for_function(
        """(source) => {
            const canvas = document.querySelector(`canvas[data-chart="${source}"]`);
            const chart = canvas && window.Chart && window.Chart.getChart(canvas);
            return chart && {
                labels: chart.data.labels,
                series: chart.data.datasets.map((set) => [set.label, set.type]),
                data: chart.data.datasets.map((set) => set.data),
                axes: Object.keys(chart.scales).sort(),
            };
        }""",
        arg=source,
    )
    return summary.json_value()


def finish(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_be_visible()


def test_kasi_opens_a_case_staff_work_it_through_and_the_closing_report_shows_the_improvement(
    page, live_server, make_user, office, screenshot
):
    make_user("kadis", roles=[(office, "kadis")], full_name="Drs. Hadi Prasetyo", password=PASSWORD)
    make_user("kasi", roles=[(office, "kasi")], full_name="Budi Santoso, S.T.", password=PASSWORD)
    make_user("tekops", roles=[(office, "technical_ops")], full_name="Agus Firmansyah", password=PASSWORD)
    today = timezone.localdate()
    before, after = month_before(today, 4), month_before(today, 1)

    # Given the Kadis, whose home page charts the last 12 months, approves the proposed revision
    # (version 2) in the SOP library
    sign_in(page, live_server.url, "kadis")
    home_chart = drawn_chart(page, "dashboard-series")
    assert len(home_chart["labels"]) == 12
    assert home_chart["series"] == [["Diuji", "bar"], ["Kompeten", "bar"], ["Sertifikat terbit", "line"]]
    page.goto(f"{live_server.url}/sop/pustaka/")
    page.get_by_role("row").filter(has_text="PSM/DISNAKER-08").get_by_role("link", name="draf v2").click()
    expect(page.locator("main")).to_contain_text("Menganalisis sebab masalah bersama perusahaan")
    page.get_by_role("button", name="Sahkan").click()
    page.wait_for_load_state()
    sign_out(page)

    # When the Kasi opens a case for a demo company, with the field officer assigned
    sign_in(page, live_server.url, "kasi")
    open_menu(page, "Kasus bimbingan", "Produktivitas")
    page.get_by_role("link", name=re.compile("Buka kasus")).first.click()
    expect(page.get_by_test_id("opening-version")).to_contain_text("versi 2")
    page.get_by_label("Perusahaan/instansi").select_option(label=COMPANY)
    page.get_by_label("Judul kasus").fill("Peningkatan produktivitas lini jahit")
    page.get_by_label("Permohonan perusahaan").check()
    page.get_by_label("Tanggal permohonan/penjangkauan").fill((today - dt.timedelta(days=150)).isoformat())
    page.get_by_label("Ringkasan permohonan").fill("Target produksi harian lini jahit sering tidak tercapai.")
    page.get_by_label("Satuan output").fill("potong")
    choose(page, "Petugas pembimbing", "Agus Firmansyah")
    page.get_by_role("button", name="Buka kasus").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Peningkatan produktivitas lini jahit")
    case = GuidanceCase.objects.get()
    assert case.number.startswith("560/001/BTP-Disnaker/")
    screenshot("productivity-case-opened")
    sign_out(page)

    # And the field officer records the identification with the company's own figures
    sign_in(page, live_server.url, "tekops")
    page.goto(f"{live_server.url}/produktivitas/kasus/{case.public_id}/")
    page.get_by_role("link", name="Catat identifikasi").click()
    page.get_by_label("Tanggal identifikasi").fill((today - dt.timedelta(days=140)).isoformat())
    page.get_by_label("Masalah utama").fill("Output lini jahit di bawah target harian")
    page.get_by_label("Hasil identifikasi").fill("Waktu menunggu bahan potong dan jahit ulang tinggi.")
    page.get_by_label("Uraian 1", exact=True).fill("Produksi per bulan")
    page.get_by_label("Nilai 1", exact=True).fill("11.000")
    page.get_by_label("Satuan 1", exact=True).fill("potong")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    finish(page, "Selesaikan tahap identifikasi")

    # And the indicators of the period before
    figures_before = {
        "Jumlah output": "11.000",
        "Output cacat/ditolak": "880",
        "Jumlah pekerja": "80",
        "Jam kerja (orang-jam)": "12.800",
        "Biaya (Rp)": "480.000.000",
    }
    fill_measurement(page, "Sebelum perbaikan", before, figures_before)
    finish(page, "Selesaikan pengukuran indikator")

    # And a cause tree on the fishbone with a root cause and its 5-why chain
    page.get_by_role("link", name="Tambah sebab").click()
    page.get_by_label("Kategori (tulang)").select_option(label="Metode")
    page.get_by_label("Uraian sebab").fill("Tata letak lini jahit tidak seimbang")
    page.get_by_label("Akar masalah").check()
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Tambah sebab").click()
    page.get_by_label("Kategori (tulang)").select_option(label="Manusia")
    page.get_by_label("Uraian sebab").fill("Operator baru belum terlatih")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    causes = page.locator("#sebab")
    expect(causes.locator("svg")).to_contain_text("Tata letak lini jahit")
    causes.get_by_role("link", name=re.compile("5 mengapa")).first.click()
    page.get_by_label("Mengapa ke-1").fill("Bahan menumpuk di stasiun obras")
    page.get_by_label("Mengapa ke-2").fill("Urutan stasiun mengikuti mesin, bukan alur kerja")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    expect(page.locator("#sebab")).to_contain_text("Urutan stasiun mengikuti mesin")
    finish(page, "Selesaikan analisis akar masalah")

    # And an improvement plan that acts on the root cause
    page.get_by_role("link", name="Tambah tindakan").click()
    page.get_by_label("Tindakan perbaikan").fill(
        "Menata ulang lini jahit menurut alur kerja (line balancing)"
    )
    choose(page, "Akar masalah yang ditangani", "Tata letak")
    page.get_by_label("Penanggung jawab").fill("Dewi Lestari, Manajer Produksi")
    page.get_by_label("Batas waktu").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    finish(page, "Selesaikan rencana perbaikan")

    # And a follow-up visit
    page.get_by_role("link", name="Catat kunjungan").click()
    page.get_by_label("Tanggal kunjungan").fill(today.isoformat())
    page.get_by_label("Ditemui").fill("Dewi Lestari")
    page.get_by_label("Temuan dan kemajuan").fill("Lini 1–3 sudah ditata ulang; waktu menunggu turun.")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    finish(page, "Selesaikan tahap kunjungan")

    # And the indicators of the period after, and the evaluation comparing the two
    figures_after = {
        "Jumlah output": "12.600",
        "Output cacat/ditolak": "504",
        "Jumlah pekerja": "80",
        "Jam kerja (orang-jam)": "12.600",
        "Biaya (Rp)": "486.000.000",
    }
    fill_measurement(page, "Sesudah perbaikan", after, figures_after)
    # The chart shows both periods, the quality rate against its own axis of percentages
    indicator_chart = drawn_chart(page, "indicator-chart-data")
    assert indicator_chart["labels"] == ["Sebelum perbaikan", "Sesudah perbaikan"]
    assert [label for label, _type in indicator_chart["series"]][3].startswith("Tingkat mutu")
    assert indicator_chart["axes"] == ["percent", "x", "y"]
    page.get_by_role("link", name="Catat evaluasi").click()
    choose(page, "Periode sebelum perbaikan", "Sebelum perbaikan")
    choose(page, "Periode sesudah perbaikan", "Sesudah perbaikan")
    page.get_by_label("Tanggal evaluasi").fill(today.isoformat())
    page.get_by_label("Kesimpulan").fill("Output per jam kerja naik setelah lini jahit ditata ulang.")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    expect(page.locator("#evaluasi")).to_contain_text("Membaik")
    finish(page, "Selesaikan evaluasi")
    screenshot("productivity-case-evaluated")
    sign_out(page)

    # Then the Kasi closes the case and the closing report shows the improvement
    sign_in(page, live_server.url, "kasi")
    page.goto(f"{live_server.url}/produktivitas/kasus/{case.public_id}/")
    page.get_by_role("link", name="Tutup kasus").first.click()
    page.get_by_label("Kesimpulan penutup").fill("Perbaikan tata letak menaikkan produktivitas tenaga kerja.")
    page.get_by_role("button", name="Tutup kasus dan terbitkan laporan").click()
    page.wait_for_load_state()
    expect(page.locator("#penutupan")).to_contain_text("Unduh laporan penutup (PDF)")
    report_url = (
        page.locator("#penutupan")
        .get_by_role("link", name="Unduh laporan penutup (PDF)")
        .get_attribute("href")
    )
    response = page.request.get(f"{live_server.url}{report_url}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", "-", "-"], input=response.body(), capture_output=True, check=True
        ).stdout.decode()
        flat = " ".join(text.split())
        # 11.000 / 12.800 = 0,86 and 12.600 / 12.600 = 1,00 potong per person-hour: +16,4 %
        assert "naik 16,4 %" in flat
        assert "0,86" in flat and "1,00" in flat
        assert COMPANY in flat

    # And the case's SOP run is complete, with each step's time on the case page
    run = Run.objects.get(pk=case.run_id)
    assert run.status == Run.Status.COMPLETED
    step_runs = list(StepRun.objects.filter(run=run).order_by("step__position"))
    assert [step_run.status for step_run in step_runs] == [StepRun.Status.DONE] * 8
    assert all(step_run.working_seconds is not None for step_run in step_runs)
    panel = page.get_by_test_id("run-panel")
    expect(panel.get_by_test_id("step-run")).to_have_count(8)
    for time_cell in panel.get_by_test_id("step-time").all():
        expect(time_cell).not_to_have_text(re.compile(r"^\s*—"))
    screenshot("productivity-case-closed")

    # And the productivity report charts the closed case's indicator over the months it measured
    page.goto(f"{live_server.url}/produktivitas/laporan/")
    report_chart = drawn_chart(page, "productivity-chart-data")
    assert report_chart["series"] == [[f"{case.number} · {COMPANY}", "line"]]
    assert len(report_chart["labels"]) == 2
    assert [round(value, 2) for value in report_chart["data"][0]] == [0.86, 1.0]  # output per person-hour
    screenshot("productivity-report")
