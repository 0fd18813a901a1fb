"""SOP fixtures: the seed SOPs stored and approved, the people who play their actors, a frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from ujikom.core.models import Organization, User
from ujikom.sop.definition import Activity, Actor, Approver, Branch, SopDefinition, Step
from ujikom.sop.library import approve_version, import_definition
from ujikom.sop.models import SopVersion

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


class Clock:
    """`django.utils.timezone.now` frozen at `now`, moved on by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)

    def set(self, moment: dt.datetime) -> None:
        self.now = moment

    def advance(self, **delta: float) -> dt.datetime:
        self.now = self.now + dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Frozen at Monday 4 January 2027, 09:00 WIB (a working day with no holiday around it)."""
    frozen = Clock(at(2027, 1, 4, 9))
    monkeypatch.setattr("django.utils.timezone.now", frozen)
    return frozen


def disnaker_10_definition() -> SopDefinition:
    """PSM/DISNAKER-10 as published, with the actors inferred for each sub-activity (DESIGN.md)."""
    return SopDefinition(
        code="PSM/DISNAKER-10",
        name="Pelaksanaan Fasilitasi Sertifikasi untuk Peserta Pelatihan",
        organization="Dinas Ketenagakerjaan Kota Tangerang",
        created=dt.date(2017, 2, 14),
        effective=dt.date(2017, 3, 20),
        approved_by=Approver(
            title="Kepala Dinas Ketenagakerjaan",
            name="DR. Ir. H. M. Rakhmansyah, M.Si",
            nip="19620910 198603 1 013",
        ),
        actors=(
            Actor("admin", "Bagian Administrasi"),
            Actor("tekops", "Bidang Teknis Operasional"),
            Actor("asesor", "Asesor Kompetensi"),
            Actor("peserta", "Calon Peserta Uji Kompetensi"),
            Actor("mutu", "Bidang Manajemen Mutu"),
            Actor("kepala_tuk", "Kepala TUK"),
        ),
        steps=(
            Step(
                1,
                (Activity("admin", "Mendistribusikan jadwal uji kompetensi dan mengkonfirmasi Asesor"),),
                inputs=("Daftar calon peserta uji kompetensi",),
                time="15 menit",
                outputs=("Rekap daftar calon peserta dan jadwal uji kompetensi",),
            ),
            Step(
                2,
                (
                    Activity("tekops", "Mempersiapkan sarana/prasarana penyelenggaraan uji kompetensi"),
                    Activity("kepala_tuk", "Merencanakan pelaksanaan uji kompetensi"),
                ),
                inputs=("Daftar calon peserta uji kompetensi", "Jadwal uji kompetensi"),
                time="1 hari",
                outputs=("Sarana dan prasarana serta tempat uji kompetensi disiapkan",),
            ),
            Step(
                3,
                (Activity("admin", "Mengingatkan para calon peserta perihal pelaksanaan uji kompetensi"),),
                inputs=("Jadwal uji kompetensi",),
                time="1 hari",
                outputs=("Informasi kesiapan sarana dan prasarana",),
            ),
            Step(
                4,
                (Activity("peserta", "Mendapat kepastian perihal pelaksanaan uji kompetensi"),),
                inputs=("Daftar calon peserta uji kompetensi",),
                time="15 menit",
                outputs=("Mendapat konfirmasi",),
            ),
            Step(
                5,
                (
                    Activity("tekops", "Memastikan terlaksananya dan mendokumentasikan uji kompetensi"),
                    Activity("asesor", "Melaksanakan tugas asesmen"),
                    Activity("peserta", "Mengikuti uji kompetensi dan menyerahkan berkas hasil"),
                ),
                inputs=("Daftar calon peserta uji kompetensi", "Absensi peserta", "Absensi asesor"),
                time="1 hari",
                outputs=("Uji kompetensi dilaksanakan",),
            ),
            Step(
                6,
                (
                    Activity("asesor", "Mengumpulkan isian uji kompetensi, menandatangani berita acara"),
                    Activity("kepala_tuk", "Memastikan semua terlaksana, menandatangani berita acara"),
                ),
                inputs=("Berkas hasil uji kompetensi", "Form berita acara"),
                outputs=("Berkas hasil uji kompetensi, dokumentasi dan berita acara",),
            ),
            Step(
                7,
                (
                    Activity("tekops", "Mengkaji ulang pelaksanaan dan menyerahkan berkas ke Kepala TUK"),
                    Activity("kepala_tuk", "Mengkaji ulang dan meminta Bagian Administrasi mengarsipkan"),
                    Activity("mutu", "Mengkaji ulang dan memeriksa berkas hasil serta rekomendasi ke LSP"),
                    Activity("kepala_tuk", "Mengkaji ulang pelaksanaan uji kompetensi"),
                ),
                inputs=("Berkas hasil uji kompetensi", "Form berita acara", "Form minutes of meeting"),
                time="4 jam",
                outputs=("Berkas hasil uji kompetensi dan form berita acara",),
            ),
            Step(
                8,
                (Activity("admin", "Menerima dan mengarsipkan berkas hasil uji kompetensi"),),
                inputs=("Berkas hasil uji kompetensi dan form berita acara",),
                time="4 jam",
                outputs=("Berkas hasil uji kompetensi dan form berita acara",),
            ),
        ),
    )


def stmi_definition() -> SopDefinition:
    """1.3.3/BPSDMI/STMI/SOP/VI/2020, the LSP's certification cycle, with its inferred actors."""
    return SopDefinition(
        code="1.3.3/BPSDMI/STMI/SOP/VI/2020",
        name="Uji Kompetensi dan Sertifikasi Kompetensi",
        organization="Politeknik STMI Jakarta",
        created=dt.date(2020, 6, 11),
        effective=dt.date(2020, 6, 11),
        approved_by=Approver(title="Direktur", name="Mustofa", nip="197009242003121001"),
        actors=(
            Actor("direktur", "Direktur"),
            Actor("ketua", "Ketua LSP"),
            Actor("kabid_adm", "Kabid Administrasi"),
            Actor("kabid_sert", "Kabid Sertifikasi"),
            Actor("asesor", "Asesor Kompetensi"),
            Actor("peserta", "Peserta Uji Kompetensi"),
        ),
        steps=(
            Step(
                1,
                (Activity("direktur", "Menetapkan target uji kompetensi"),),
                ("Target lulusan",),
                "2 hari",
                ("Nota dinas",),
            ),
            Step(
                2,
                (Activity("ketua", "Menyusun rencana uji kompetensi"),),
                ("Nota dinas", "Kalender akademik"),
                "2 hari",
                ("TOR dan RAB", "SK Jadwal Uji Kompetensi"),
                note="SOP Perencanaan Uji Kompetensi, SOP Pembuatan SK",
            ),
            Step(
                3,
                (Activity("kabid_adm", "Menerima pendaftaran uji kompetensi"),),
                ("SK Jadwal uji kompetensi",),
                "1 minggu",
                (
                    "Kartu peserta uji kompetensi",
                    "Surat tugas asesor kompetensi",
                    "Surat tugas verifikasi TUK",
                ),
                note="SOP Pendaftaran Uji Kompetensi",
            ),
            Step(
                4,
                (
                    Activity("kabid_sert", "Memverifikasi tempat uji kompetensi (TUK)"),
                    Activity("asesor", "Memverifikasi TUK sebagai verifikator"),
                ),
                ("Surat tugas verifikator TUK",),
                "1 jam",
                ("Formulir hasil verifikasi TUK",),
                note="SOP Verifikasi TUK",
            ),
            Step(
                5,
                (
                    Activity("asesor", "Melaksanakan uji kompetensi"),
                    Activity("peserta", "Mengikuti uji kompetensi"),
                ),
                ("Kartu peserta uji kompetensi", "Surat tugas asesor kompetensi"),
                "1 minggu",
                ("Dokumen asesmen yang sudah terisi", "Berita acara asesmen"),
                note="SOP Pelaksanaan Uji Kompetensi",
            ),
            Step(
                6,
                (
                    Activity("kabid_sert", "Menyiapkan penerbitan sertifikat kompetensi"),
                    Activity("ketua", "Menetapkan SK penetapan hasil asesmen"),
                    Activity("direktur", "Menandatangani sertifikat"),
                ),
                ("Dokumen asesmen yang sudah terisi", "Berita acara asesmen"),
                "2 minggu",
                (
                    "Berita Acara dan SK Penetapan hasil asesmen",
                    "Surat Permohonan blangko",
                    "Sertifikat Kompetensi",
                ),
                note="SOP Penerbitan Sertifikat Kompetensi",
            ),
            Step(
                7,
                (Activity("ketua", "Evaluasi dan pelaporan pelaksanaan uji kompetensi"),),
                ("SK Jadwal uji kompetensi", "SK Penetapan hasil asesmen"),
                "2 minggu",
                ("Laporan uji kompetensi dan sertifikasi kompetensi",),
                note="SOP Penyusunan Laporan",
            ),
        ),
    )


def review_loop_definition() -> SopDefinition:
    """A small SOP with a decision that loops back: drafted, reviewed (Ya → archived, Tidak → redraft)."""
    return SopDefinition(
        code="UJI/LOOP-1",
        name="Penyusunan dan Kaji Ulang Laporan",
        organization="Dinas Ketenagakerjaan Kota Tangerang",
        created=dt.date(2024, 1, 2),
        effective=dt.date(2024, 1, 2),
        approved_by=Approver(title="Kepala Dinas Ketenagakerjaan", name="Kadis"),
        actors=(Actor("admin", "Bagian Administrasi"), Actor("mutu", "Bidang Manajemen Mutu")),
        steps=(
            Step(1, (Activity("admin", "Menyusun laporan"),), time="4 jam", outputs=("Draf laporan",)),
            Step(
                2,
                (Activity("mutu", "Mengkaji ulang laporan: sudah sesuai?"),),
                time="1 jam",
                kind="decision",
                next=(Branch(3, "Ya"), Branch(1, "Tidak")),
            ),
            Step(3, (Activity("admin", "Mengarsipkan laporan"),), time="15 menit", next=()),
        ),
    )


@dataclass
class DisnakerStaff:
    admin: User
    tekops: User
    asesor: User
    peserta: User
    mutu: User
    kepala_tuk: User
    kabid: User
    org_admin: User
    kasi: User

    def for_actor(self, key: str) -> User:
        return getattr(self, key)


@pytest.fixture
def staff(make_user, disnaker) -> DisnakerStaff:
    def person(username: str, role: str, name: str) -> User:
        return make_user(username, roles=[(disnaker, role)], full_name=name)

    return DisnakerStaff(
        admin=person("adm", "admin_staff", "Siti Administrasi"),
        tekops=person("tekops", "technical_ops", "Budi Teknis"),
        asesor=person("asesor", "assessor", "Agus Asesor"),
        peserta=person("peserta", "candidate", "Rina Peserta"),
        mutu=person("mutu", "quality", "Dewi Mutu"),
        kepala_tuk=person("kepalatuk", "site_head", "Hendra Kepala TUK"),
        kabid=person("kabid", "kabid", "Ir. Kabid Pelatihan"),
        org_admin=person("orgadmin", "org_admin", "Admin Disnaker"),
        kasi=person("kasi", "kasi", "Kasi Sertifikasi"),
    )


@pytest.fixture
def approved(system_admin) -> Callable[..., SopVersion]:
    """Store a definition for an organization and approve it: the version in force."""

    def make(organization: Organization, definition: SopDefinition, **fields: object) -> SopVersion:
        version = import_definition(organization=organization, definition=definition, actor=system_admin)
        version = approve_version(version=version, actor=system_admin)
        if fields:
            SopVersion.objects.filter(pk=version.pk).update(**fields)
            version.refresh_from_db()
        return version

    return make


@pytest.fixture
def disnaker_sop(approved, disnaker) -> SopVersion:
    return approved(disnaker, disnaker_10_definition())


@pytest.fixture
def loop_sop(approved, disnaker) -> SopVersion:
    return approved(disnaker, review_loop_definition())
