"""Productivity guidance (bimbingan teknis peningkatan produktivitas): the office's register of
companies and institutions, and the guidance cases worked through from identification to the
solution of the root problems (SOP PSM/DISNAKER-08 scope), each a run of the SOP version in force.

A case's record: the request or outreach; the identification with the company's own figures;
indicator measurements per period; the cause tree (fishbone categories, sub-causes, 5-why chains);
the improvement plan; follow-up visits; the evaluation comparing a period before with one after;
and the closing report.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization, TimeStamped, phone_validator
from ujikom.documents.models import StoredFile
from ujikom.sop.models import Run

ZERO = Decimal("0")


class Sector(models.TextChoices):
    """KBLI 2020 categories (Klasifikasi Baku Lapangan Usaha Indonesia, BPS)."""

    A = "A", _("A · Pertanian, kehutanan dan perikanan")
    B = "B", _("B · Pertambangan dan penggalian")
    C = "C", _("C · Industri pengolahan")
    D = "D", _("D · Pengadaan listrik, gas, uap/air panas dan udara dingin")
    E = "E", _("E · Pengadaan air, pengelolaan sampah, limbah dan daur ulang")
    F = "F", _("F · Konstruksi")
    G = "G", _("G · Perdagangan besar dan eceran; reparasi mobil dan sepeda motor")
    H = "H", _("H · Pengangkutan dan pergudangan")
    I = "I", _("I · Penyediaan akomodasi dan makan minum")  # noqa: E741  (the KBLI letter)
    J = "J", _("J · Informasi dan komunikasi")
    K = "K", _("K · Aktivitas keuangan dan asuransi")
    L = "L", _("L · Real estat")
    M = "M", _("M · Aktivitas profesional, ilmiah dan teknis")
    N = "N", _("N · Penyewaan, ketenagakerjaan, agen perjalanan dan penunjang usaha")
    O = "O", _("O · Administrasi pemerintahan, pertahanan dan jaminan sosial wajib")  # noqa: E741
    P = "P", _("P · Pendidikan")
    Q = "Q", _("Q · Kesehatan manusia dan aktivitas sosial")
    R = "R", _("R · Kesenian, hiburan dan rekreasi")
    S = "S", _("S · Aktivitas jasa lainnya")
    T = "T", _("T · Aktivitas rumah tangga sebagai pemberi kerja")
    U = "U", _("U · Aktivitas badan internasional dan badan ekstra internasional")


class Company(TimeStamped):
    """A company or institution in the office's register: asked for guidance, or was offered it."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Perusahaan")
        INSTITUTION = "institution", _("Instansi/lembaga")  # government body, school, cooperative …

    class Size(models.TextChoices):
        """By number of workers, as BPS counts enterprises."""

        MICRO = "micro", _("Mikro (1–4 pekerja)")
        SMALL = "small", _("Kecil (5–19 pekerja)")
        MEDIUM = "medium", _("Sedang (20–99 pekerja)")
        LARGE = "large", _("Besar (100 pekerja atau lebih)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("dinas"),
        on_delete=models.PROTECT,
        related_name="productivity_companies",
    )
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    sector = models.CharField(_("sektor (KBLI)"), max_length=1, choices=Sector.choices)
    size = models.CharField(_("skala"), max_length=10, choices=Size.choices)
    workers = models.PositiveIntegerField(_("jumlah pekerja"), null=True, blank=True)
    address = models.TextField(_("alamat"))
    contact_name = models.CharField(_("narahubung"), max_length=200)
    contact_position = models.CharField(_("jabatan narahubung"), max_length=200, blank=True)
    contact_phone = models.CharField(
        _("telepon/WhatsApp"), max_length=20, blank=True, validators=[phone_validator]
    )
    contact_email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    # Inactive: closed down or merged; kept for history.
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("perusahaan/instansi")
        verbose_name_plural = _("perusahaan/instansi")
        constraints = [
            models.UniqueConstraint(Lower("name"), "organization", name="company_name_unique_per_office"),
        ]
        indexes = [models.Index(fields=["organization", "sector"])]

    def __str__(self) -> str:
        return self.name


class GuidanceCase(TimeStamped):
    """One guidance engagement with one company, from the request to the closing report."""

    class Origin(models.TextChoices):
        REQUEST = "request", _("Permohonan perusahaan")  # the company asked (letter, visit, email)
        OUTREACH = "outreach", _("Penjangkauan oleh Dinas")  # the office offered guidance

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")  # being worked; see `stage` for where
        CLOSED = "closed", _("Selesai")  # evaluated, closing report issued
        CANCELLED = "cancelled", _("Dibatalkan")  # stopped; reason kept

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("dinas"), on_delete=models.PROTECT, related_name="guidance_cases"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("perusahaan/instansi"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("nomor kasus"), max_length=200, blank=True)
    title = models.CharField(_("judul"), max_length=255)
    origin = models.CharField(_("asal"), max_length=20, choices=Origin.choices)
    requested_on = models.DateField(_("tanggal permohonan/penjangkauan"))
    request_summary = models.TextField(_("ringkasan permohonan"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas pembimbing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guidance_cases",
    )
    output_unit = models.CharField(
        _("satuan output"), max_length=50, help_text=_("Mis. unit, kg, potong, dokumen, pelanggan.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    run = models.OneToOneField(
        Run,
        verbose_name=_("pelaksanaan SOP"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guidance_case",
    )
    # Identification (SOP step "identifikasi permasalahan")
    identified_on = models.DateField(_("tanggal identifikasi"), null=True, blank=True)
    problem_statement = models.TextField(
        _("masalah utama"),
        blank=True,
        help_text=_("Kepala diagram tulang ikan: akibat yang ingin diperbaiki."),
    )
    identification_notes = models.TextField(_("hasil identifikasi"), blank=True)
    # Closing
    closed_on = models.DateField(_("tanggal ditutup"), null=True, blank=True)
    closing_summary = models.TextField(_("kesimpulan penutup"), blank=True)
    closing_report = models.ForeignKey(
        StoredFile,
        verbose_name=_("laporan penutup"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("kasus bimbingan produktivitas")
        verbose_name_plural = _("kasus bimbingan produktivitas")
        indexes = [
            models.Index(fields=["organization", "status", "-requested_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class CompanyFigure(models.Model):
    """One of the company's own figures given at identification (e.g. "Produksi per bulan 45.000 unit")."""

    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(_("urutan"))
    label = models.CharField(_("uraian"), max_length=200)
    value = models.DecimalField(_("nilai"), max_digits=18, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=50, blank=True)
    source = models.CharField(_("sumber data"), max_length=200, blank=True)

    class Meta:
        ordering = ["case", "position"]
        verbose_name = _("data perusahaan")
        verbose_name_plural = _("data perusahaan")

    def __str__(self) -> str:
        return self.label


class Measurement(TimeStamped):
    """The productivity indicators of one period, from the company's records.

    Derived indicators (output per worker, per hour, per Rp 1 juta of cost, quality rate) are
    computed from these, never stored (`ujikom.productivity.indicators`).
    """

    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="measurements")
    label = models.CharField(_("nama periode"), max_length=100, help_text=_("Mis. “Sebelum: Januari 2026”."))
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    output_quantity = models.DecimalField(
        _("jumlah output"), max_digits=18, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    defect_quantity = models.DecimalField(
        _("output cacat/ditolak"),
        max_digits=18,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    workers = models.PositiveIntegerField(_("jumlah pekerja"), validators=[MinValueValidator(1)])
    hours_worked = models.DecimalField(
        _("jam kerja (orang-jam)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    total_cost = models.DecimalField(
        _("biaya (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Biaya input periode ini: tenaga kerja, bahan, energi."),
    )
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "period_start", "id"]
        verbose_name = _("pengukuran indikator")
        verbose_name_plural = _("pengukuran indikator")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="measurement_period_in_order"
            ),
            models.CheckConstraint(condition=Q(hours_worked__gte=0), name="measurement_hours_not_negative"),
            models.CheckConstraint(
                condition=Q(output_quantity__gte=0), name="measurement_output_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(defect_quantity__gte=0) & Q(defect_quantity__lte=models.F("output_quantity")),
                name="measurement_defects_within_output",
            ),
            models.UniqueConstraint(
                fields=["case", "period_start", "period_end"], name="measurement_period_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Cause(models.Model):
    """A cause in the cause tree (fishbone): a first-level cause has a category (a bone); a sub-cause
    has a parent and shares its category. Root causes are the ones the plan acts on."""

    class Category(models.TextChoices):
        """The fishbone's bones (6M)."""

        PEOPLE = "people", _("Manusia")
        MACHINE = "machine", _("Mesin/peralatan")
        METHOD = "method", _("Metode")
        MATERIAL = "material", _("Material")
        MEASUREMENT = "measurement", _("Pengukuran")
        ENVIRONMENT = "environment", _("Lingkungan")

    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="causes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sebab induk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    text = models.CharField(_("uraian sebab"), max_length=300)
    is_root = models.BooleanField(_("akar masalah"), default=False)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["case", "category", "position", "id"]
        verbose_name = _("sebab")
        verbose_name_plural = _("sebab")

    def __str__(self) -> str:
        return self.text


class WhyStep(models.Model):
    """One answer of a 5-why chain that digs into a cause: level 1 asks why the cause happens,
    each next level why the answer before it happens; the last answer names the root cause."""

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="whys")
    level = models.PositiveSmallIntegerField(_("mengapa ke"), validators=[MinValueValidator(1)])
    answer = models.CharField(_("jawaban"), max_length=300)

    class Meta:
        ordering = ["cause", "level"]
        verbose_name = _("jawaban 5 mengapa")
        verbose_name_plural = _("jawaban 5 mengapa")
        constraints = [
            models.UniqueConstraint(fields=["cause", "level"], name="why_level_once"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=5), name="why_level_one_to_five"),
        ]

    def __str__(self) -> str:
        return self.answer


class PlanAction(TimeStamped):
    """One action of the improvement plan: what, who, by when, and how it went."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Dikerjakan")
        DONE = "done", _("Selesai")
        DROPPED = "dropped", _("Tidak dilanjutkan")  # reason in `progress_note`

    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="actions")
    cause = models.ForeignKey(
        Cause,
        verbose_name=_("akar masalah yang ditangani"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    description = models.TextField(_("tindakan perbaikan"))
    owner = models.CharField(_("penanggung jawab"), max_length=200)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["case", "position", "due_on", "id"]
        verbose_name = _("tindakan perbaikan")
        verbose_name_plural = _("rencana perbaikan")

    def __str__(self) -> str:
        return self.description[:80]


class FollowUpVisit(TimeStamped):
    """A follow-up visit (kunjungan pendampingan) to the company while the plan is carried out."""

    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("tanggal kunjungan"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="+"
    )
    met_with = models.CharField(_("ditemui"), max_length=300, blank=True)
    findings = models.TextField(_("temuan dan kemajuan"))
    next_steps = models.TextField(_("tindak lanjut berikutnya"), blank=True)

    class Meta:
        ordering = ["case", "visited_on", "id"]
        verbose_name = _("kunjungan tindak lanjut")
        verbose_name_plural = _("kunjungan tindak lanjut")

    def __str__(self) -> str:
        return f"{self.case} {self.visited_on}"


class Evaluation(TimeStamped):
    """The evaluation: the indicators of a period before the plan against a period after it."""

    case = models.OneToOneField(GuidanceCase, on_delete=models.CASCADE, related_name="evaluation")
    before = models.ForeignKey(
        Measurement, verbose_name=_("periode sebelum"), on_delete=models.PROTECT, related_name="+"
    )
    after = models.ForeignKey(
        Measurement, verbose_name=_("periode sesudah"), on_delete=models.PROTECT, related_name="+"
    )
    evaluated_on = models.DateField(_("tanggal evaluasi"))
    conclusion = models.TextField(_("kesimpulan"))
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case"]
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")

    def __str__(self) -> str:
        return f"{self.case}"
