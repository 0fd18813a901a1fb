"""Organizations, people, roles, the audit log, the working calendar and document numbering."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus 16 digit angka."))
phone_validator = RegexValidator(
    r"^\+?[0-9(][0-9 ()\-]{6,22}$",
    _("Nomor telepon hanya boleh berisi angka, spasi, tanda kurung, tanda - dan + di depan."),
)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class Organization(TimeStamped):
    """A body that acts in the SOPs: an LSP, a manpower office, a company, a training provider."""

    class Kind(models.TextChoices):
        LSP = "lsp", _("Lembaga Sertifikasi Profesi (LSP)")  # licensed by BNSP to certify
        AGENCY = "agency", _("Instansi pemerintah (Dinas)")  # e.g. Disnaker; may run a TUK
        SITE_OWNER = "site_owner", _("Pemilik TUK")  # owns a test site, certifies nothing
        COMPANY = "company", _("Perusahaan")  # employer; TUK Tempat Kerja, funding, guidance
        TRAINING_PROVIDER = "training_provider", _("Lembaga pelatihan")  # BLK/LPK sending participants

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    code = models.SlugField(
        _("kode"),
        max_length=50,
        unique=True,
        help_text=_("Kode singkat unik, dipakai pada penomoran dokumen."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.TextField(_("alamat"), blank=True)
    city = models.CharField(_("kota/kabupaten"), max_length=100, blank=True)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    license_number = models.CharField(
        _("nomor lisensi/izin"), max_length=100, blank=True, help_text=_("Mis. nomor lisensi BNSP untuk LSP.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        constraints = [models.UniqueConstraint(Lower("name"), name="organization_name_unique_ci")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Unit(TimeStamped):
    """A part of an organization: a bidang, seksi, bagian, or a test site unit (UPT/TUK)."""

    class Kind(models.TextChoices):
        DIVISION = "division", _("Bidang")
        SECTION = "section", _("Seksi/Subbagian")
        SECRETARIAT = "secretariat", _("Sekretariat/Bagian")
        TEST_SITE = "test_site", _("Tempat Uji Kompetensi (TUK)")
        OTHER = "other", _("Lainnya")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    name = models.CharField(_("nama"), max_length=200)
    code = models.CharField(_("kode"), max_length=50, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(Lower("name"), "organization", name="unit_name_unique_in_organization_ci")
        ]

    def __str__(self) -> str:
        return self.name


# Leading words of Indonesian names that are titles, not names.
HONORIFICS = {"dr", "drs", "dra", "ir", "h", "hj", "prof", "kh"}


class User(AbstractUser):
    """A person who signs in. Officials, assessors and candidates are all people."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    phone = models.CharField(_("telepon/WhatsApp"), max_length=40, blank=True, validators=[phone_validator])
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    nip = models.CharField(
        _("NIP/nomor pegawai"), max_length=40, blank=True, help_text=_("NIP, NRP atau nomor pegawai lain.")
    )
    title = models.CharField(_("gelar/jabatan tampilan"), max_length=100, blank=True)
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES, default="id")

    objects: ClassVar[UserManager[Self]] = UserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"),
            models.UniqueConstraint("nik", condition=~Q(nik=""), name="user_nik_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        """The first name, past leading honorifics and degrees ("Dr. Ir. H. Wahyu" → "Wahyu")."""
        words = (self.full_name or self.username).replace(",", " ").split()
        for word in words:
            if not word.endswith(".") and word.lower() not in HONORIFICS:
                return word
        return words[0] if words else self.username


class Role(TimeStamped):
    """A role in the catalogue. The seed SOPs' actors are built in; administrators add more.

    `permissions` lists permission codes from `ujikom.core.permissions.PERMISSIONS`.
    """

    key = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("uraian"), blank=True)
    permissions = models.JSONField(_("hak akses"), default=list, blank=True)
    organization_kinds = models.JSONField(
        _("berlaku untuk jenis organisasi"),
        default=list,
        blank=True,
        help_text=_("Kosong berarti berlaku untuk semua jenis organisasi."),
    )
    is_sop_actor = models.BooleanField(_("pelaksana SOP"), default=False)
    is_builtin = models.BooleanField(_("bawaan sistem"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("peran")
        verbose_name_plural = _("peran")

    def __str__(self) -> str:
        return self.name


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: dt.date | None = None) -> RoleAssignmentQuerySet:
        day = on or timezone.localdate()
        return (
            self.filter(starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .filter(organization__is_active=True, user__is_active=True)
        )


class RoleAssignment(TimeStamped):
    """Who holds which role in which organization, from when to when (acting officials too)."""

    class Capacity(models.TextChoices):
        DEFINITIVE = "definitive", _("Definitif")  # appointed holder of the position
        PLT = "plt", _("Pelaksana Tugas (Plt)")  # acting while the position is vacant
        PLH = "plh", _("Pelaksana Harian (Plh)")  # standing in while the holder is away

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("peran"), on_delete=models.PROTECT, related_name="assignments"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    capacity = models.CharField(
        _("kedudukan"), max_length=20, choices=Capacity.choices, default=Capacity.DEFINITIVE
    )
    starts_on = models.DateField(_("mulai berlaku"), default=timezone.localdate)
    ends_on = models.DateField(_("berakhir"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK/surat perintah"), max_length=120, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "role__name", "user__full_name"]
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["user", "organization"]),
            models.Index(fields=["organization", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} ({self.organization.display_name})"

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class AuditEvent(models.Model):
    """One entry of the append-only audit log. Each entry's hash covers the previous hash.

    Written only by `ujikom.core.audit.record_event`; `ujikom audit verify` re-computes the chain.
    """

    sequence = models.BigIntegerField(_("urutan"), unique=True)
    occurred_at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    subject_type = models.CharField(_("jenis subjek"), max_length=100, blank=True)
    subject_id = models.CharField(_("id subjek"), max_length=64, blank=True)
    subject_label = models.CharField(_("subjek"), max_length=255, blank=True)
    event_type = models.CharField(_("peristiwa"), max_length=100)
    data = models.JSONField(_("data"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["organization", "-sequence"]),
            models.Index(fields=["event_type"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event_type}"


class AuditChainHead(models.Model):
    """The single row naming the last event of the chain; locked while an event is appended."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.last_sequence}"


class OfficeHours(models.Model):
    """Office hours on one weekday; `organization` empty means the default for all."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="office_hours",
    )
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens_at = models.TimeField(_("jam buka"))
    closes_at = models.TimeField(_("jam tutup"))

    class Meta:
        ordering = ["organization_id", "weekday"]
        verbose_name = _("jam kerja")
        verbose_name_plural = _("jam kerja")
        constraints = [
            models.UniqueConstraint(fields=["organization", "weekday"], name="office_hours_one_per_weekday"),
            models.UniqueConstraint(
                fields=["weekday"],
                condition=Q(organization__isnull=True),
                name="office_hours_default_one_per_weekday",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="office_hours_close_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H.%M}–{self.closes_at:%H.%M}"


class Holiday(models.Model):
    """A day off: national holiday, cuti bersama, or a local one; `organization` empty means everyone."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Libur nasional")
        JOINT_LEAVE = "joint_leave", _("Cuti bersama")
        LOCAL = "local", _("Libur lokal/instansi")

    class Source(models.TextChoices):
        PACKAGE = "package", _("Data paket holidays")  # seeded; an administrator confirms it
        MANUAL = "manual", _("Diisi administrator")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holidays",
    )
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.NATIONAL)
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "name"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        constraints = [
            models.UniqueConstraint(fields=["date", "organization"], name="holiday_one_per_day_per_scope"),
            models.UniqueConstraint(
                fields=["date"], condition=Q(organization__isnull=True), name="holiday_one_per_day_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class DocumentType(models.Model):
    """A kind of official document (surat tugas, berita acara, SK, nota dinas...)."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    abbreviation = models.CharField(
        _("singkatan"), max_length=20, blank=True, help_text=_("Mis. ST, BA, SK.")
    )
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jenis dokumen")
        verbose_name_plural = _("jenis dokumen")

    def __str__(self) -> str:
        return self.name


class NumberingPattern(TimeStamped):
    """How an organization numbers a document type, e.g. `{seq:03}/ST/LSP-STMI/{month_roman}/{year}`."""

    class Reset(models.TextChoices):
        YEARLY = "yearly", _("Setiap tahun")
        MONTHLY = "monthly", _("Setiap bulan")
        NEVER = "never", _("Tidak pernah")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        on_delete=models.PROTECT,
        related_name="numbering_patterns",
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("jenis dokumen"),
        on_delete=models.PROTECT,
        related_name="numbering_patterns",
    )
    pattern = models.CharField(_("pola"), max_length=200)
    reset = models.CharField(
        _("nomor urut diulang"), max_length=10, choices=Reset.choices, default=Reset.YEARLY
    )

    class Meta:
        ordering = ["organization__name", "document_type__name"]
        verbose_name = _("pola penomoran")
        verbose_name_plural = _("pola penomoran")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "document_type"], name="one_pattern_per_org_doctype"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type} — {self.pattern}"


class NumberCounter(models.Model):
    """The last sequence number given out for a pattern within one period (a year, a month)."""

    pattern = models.ForeignKey(NumberingPattern, on_delete=models.CASCADE, related_name="counters")
    period = models.CharField(max_length=10)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pattern_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "period"], name="one_counter_per_pattern_period")
        ]

    def __str__(self) -> str:
        return f"{self.pattern_id}/{self.period}: {self.last_value}"


class IssuedNumber(models.Model):
    """A number given to a document; the register that shows the sequence has no gaps."""

    pattern = models.ForeignKey(NumberingPattern, on_delete=models.PROTECT, related_name="issued")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=10)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("nomor"), max_length=200)
    issued_at = models.DateTimeField(_("diberikan pada"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pattern_id", "period", "sequence"]
        verbose_name = _("nomor dokumen")
        verbose_name_plural = _("register nomor dokumen")
        constraints = [
            models.UniqueConstraint(
                fields=["pattern", "period", "sequence"], name="issued_number_unique_sequence"
            ),
            models.UniqueConstraint(fields=["organization", "number"], name="issued_number_unique_in_org"),
        ]

    def __str__(self) -> str:
        return self.number


class PeriodicRun(models.Model):
    """Marks that a periodic job ran for a period, so several workers run it only once."""

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="periodic_run_once_per_period")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nama token"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
