"""Master data behind the certification steps: regions, funding sources, schemes and their units,
test sites (TUK), assessors, training programs and their participants."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization, TimeStamped, nik_validator, phone_validator

unit_code_validator = RegexValidator(
    r"^[A-Z]\.\d{6}\.\d{3}\.\d{2}$", _("Kode unit SKKNI berbentuk seperti J.620100.017.02.")
)
met_validator = RegexValidator(
    r"^MET\.\d{3}\.\d{6}\.\d{4}$", _("Nomor registrasi asesor berbentuk seperti MET.000.002286.2018.")
)


class Region(models.Model):
    """A province or a city/regency with its Kepmendagri code (e.g. 36, 36.71), loaded from idn-area-data."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/kota")

    code = models.CharField(_("kode"), max_length=10, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regencies",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def bnsp_code(self) -> str:
        """The code as BNSP's spreadsheets write it: digits only (3671)."""
        return self.code.replace(".", "")


class FundingSource(TimeStamped):
    """Where the money for a test comes from (sumber anggaran); `organization` empty = shared by all."""

    class Kind(models.TextChoices):
        APBN = "apbn", _("APBN")
        APBD = "apbd", _("APBD")
        COMPANY = "company", _("Perusahaan")
        SELF = "self", _("Mandiri (biaya sendiri)")
        OTHER = "other", _("Lainnya")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_sources",
    )
    code = models.CharField(
        _("kode"), max_length=20, help_text=_("Kode sumber anggaran seperti di data BNSP.")
    )
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    ministry_code = models.CharField(_("kode kementerian"), max_length=20, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sumber anggaran")
        verbose_name_plural = _("sumber anggaran")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="funding_code_unique_in_org"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(organization__isnull=True), name="funding_code_unique_shared"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Scheme(TimeStamped):
    """A certification scheme of an LSP (KKNI level, occupation or cluster) with its competency units."""

    class Kind(models.TextChoices):
        KKNI = "kkni", _("KKNI")
        OCCUPATION = "occupation", _("Okupasi")
        CLUSTER = "cluster", _("Klaster")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="schemes"
    )
    code = models.CharField(_("kode skema"), max_length=60)
    name = models.CharField(_("nama skema"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    kkni_level = models.PositiveSmallIntegerField(_("jenjang KKNI"), null=True, blank=True)
    basic_requirements = models.TextField(_("persyaratan dasar"), blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("masa berlaku sertifikat (tahun)"), default=3, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["organization__name", "code"]
        verbose_name = _("skema sertifikasi")
        verbose_name_plural = _("skema sertifikasi")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="scheme_code_unique_in_lsp")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyUnit(models.Model):
    """A competency unit (unit kompetensi) of a scheme, with its SKKNI code."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("skema"), on_delete=models.CASCADE, related_name="units"
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode unit"), max_length=30, validators=[unit_code_validator])
    title = models.CharField(_("judul unit"), max_length=255)
    elements = models.JSONField(_("elemen kompetensi"), default=list, blank=True)

    class Meta:
        ordering = ["scheme", "position"]
        verbose_name = _("unit kompetensi")
        verbose_name_plural = _("unit kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unit_code_unique_in_scheme"),
            models.UniqueConstraint(fields=["scheme", "position"], name="unit_position_unique_in_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TestSite(TimeStamped):
    """A test site (TUK). Sewaktu and Tempat Kerja are verified for each use; Mandiri holds a
    verification valid until a date."""

    __test__ = False  # not a pytest test class

    class Kind(models.TextChoices):
        TEMPORARY = "sewaktu", _("TUK Sewaktu")
        WORKPLACE = "tempat_kerja", _("TUK Tempat Kerja")
        INDEPENDENT = "mandiri", _("TUK Mandiri")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        Organization, verbose_name=_("pemilik"), on_delete=models.PROTECT, related_name="test_sites"
    )
    lsp = models.ForeignKey(
        Organization,
        verbose_name=_("LSP"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verified_sites",
    )
    code = models.CharField(_("kode TUK"), max_length=60)
    name = models.CharField(_("nama TUK"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    address = models.TextField(_("alamat"))
    city = models.ForeignKey(
        Region,
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(_("kapasitas peserta"), validators=[MinValueValidator(1)])
    facilities = models.TextField(_("sarana dan prasarana"), blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kepala TUK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_until = models.DateField(_("terverifikasi sampai"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tempat uji kompetensi")
        verbose_name_plural = _("tempat uji kompetensi")
        constraints = [models.UniqueConstraint(fields=["owner", "code"], name="site_code_unique_in_owner")]

    def __str__(self) -> str:
        return self.name


class Assessor(TimeStamped):
    """A registered competency assessor (Asesor Kompetensi) appointed by an LSP."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("orang"),
        on_delete=models.PROTECT,
        related_name="assessor_records",
    )
    lsp = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="assessors"
    )
    registration_number = models.CharField(
        _("nomor registrasi (MET)"), max_length=30, unique=True, validators=[met_validator]
    )
    registration_expires_on = models.DateField(_("registrasi berlaku sampai"))
    appointment_number = models.CharField(_("nomor SK penetapan LSP"), max_length=120, blank=True)
    appointment_starts_on = models.DateField(_("SK berlaku mulai"), null=True, blank=True)
    appointment_ends_on = models.DateField(_("SK berlaku sampai"), null=True, blank=True)
    schemes = models.ManyToManyField(
        Scheme, verbose_name=_("skema yang boleh diases"), blank=True, related_name="assessors"
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("asesor")
        verbose_name_plural = _("asesor")
        constraints = [models.UniqueConstraint(fields=["lsp", "user"], name="assessor_once_per_lsp")]

    def __str__(self) -> str:
        return f"{self.user} ({self.registration_number})"


class TrainingProgram(TimeStamped):
    """A training batch (pelatihan) of a training provider or the agency, whose participants may be certified."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="training_programs",
    )
    code = models.CharField(_("kode angkatan"), max_length=60)
    name = models.CharField(_("nama pelatihan"), max_length=255)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("skema tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    funding = models.ForeignKey(
        FundingSource,
        verbose_name=_("sumber anggaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["provider", "code"], name="program_code_unique_in_provider"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="program_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A training participant (peserta pelatihan), with the identity fields BNSP's data needs."""

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "SD", _("SD/sederajat")
        SMP = "SMP", _("SMP/sederajat")
        SMA = "SMA", _("SMA/SMK/sederajat")
        D1 = "D1", _("Diploma I")
        D2 = "D2", _("Diploma II")
        D3 = "D3", _("Diploma III")
        D4 = "D4", _("Diploma IV/Sarjana Terapan")
        S1 = "S1", _("Sarjana (S1)")
        S2 = "S2", _("Magister (S2)")
        S3 = "S3", _("Doktor (S3)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(
        TrainingProgram,
        verbose_name=_("program pelatihan"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    nik = models.CharField(_("NIK"), max_length=16, validators=[nik_validator])
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    address = models.TextField(_("alamat"))
    city = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        Region, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("telepon"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    education = models.CharField(_("pendidikan"), max_length=5, choices=Education.choices, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant_records",
    )

    class Meta:
        ordering = ["program", "full_name"]
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["program", "nik"], name="participant_nik_once_per_program")
        ]
        indexes = [models.Index(fields=["nik"])]

    def __str__(self) -> str:
        return self.full_name


class ImportJob(TimeStamped):
    """A participant spreadsheet imported in the job worker: its progress and, when refused, every bad row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu diproses")  # stored, waiting for a worker
        VALIDATING = "validating", _("Memeriksa baris")  # rows being checked; nothing saved yet
        SAVING = "saving", _("Menyimpan peserta")  # every row valid; saving in one transaction
        DONE = "done", _("Selesai")  # all participants imported
        REFUSED = "refused", _("Ditolak")  # bad rows found; nothing imported, see `errors`
        FAILED = "failed", _("Gagal")  # the worker stopped on an unexpected fault; nothing imported

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(
        TrainingProgram,
        verbose_name=_("program pelatihan"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    file = models.ForeignKey(
        "documents.StoredFile",
        verbose_name=_("berkas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    imported_rows = models.PositiveIntegerField(_("peserta diimpor"), default=0)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor peserta")
        verbose_name_plural = _("impor peserta")

    def __str__(self) -> str:
        return f"{self.program} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
