"""From target to a ready test day: targets, plans, test events and registrations.

Site verification, assessor assignment, readiness and reminders add their own models below
the core ones; every one of them hangs off a TestEvent.
"""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization, TimeStamped
from ujikom.documents.models import StoredFile
from ujikom.registry.models import FundingSource, Participant, Region, Scheme, TestSite, TrainingProgram


class Target(TimeStamped):
    """How many candidates are to be tested in a year, per scheme and funding (STMI step 1)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("skema"), on_delete=models.PROTECT, related_name="targets"
    )
    funding = models.ForeignKey(
        FundingSource,
        verbose_name=_("sumber anggaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("jumlah peserta"), validators=[MinValueValidator(1)])
    note = models.TextField(_("keterangan"), blank=True)
    memo = models.ForeignKey(
        StoredFile,
        verbose_name=_("nota dinas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    memo_number = models.CharField(_("nomor nota dinas"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "scheme__code"]
        verbose_name = _("target uji kompetensi")
        verbose_name_plural = _("target uji kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "scheme", "funding"], name="target_unique_per_scheme_funding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.scheme} {self.quantity}"


class Plan(TimeStamped):
    """A plan for testing (STMI step 2): terms of reference, budget lines, and the schedule decree."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")  # being written
        APPROVED = "approved", _("Disetujui")  # TOR, RAB and SK Jadwal issued

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    background = models.TextField(_("latar belakang"), blank=True)
    objectives = models.TextField(_("maksud dan tujuan"), blank=True)
    scope = models.TextField(_("ruang lingkup kegiatan"), blank=True)
    targets = models.ManyToManyField(Target, verbose_name=_("target"), blank=True, related_name="plans")
    tor = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tor_number = models.CharField(_("nomor TOR"), max_length=200, blank=True)
    budget = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    budget_number = models.CharField(_("nomor RAB"), max_length=200, blank=True)
    schedule_decree = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    schedule_decree_number = models.CharField(_("nomor SK jadwal"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("rencana uji kompetensi")
        verbose_name_plural = _("rencana uji kompetensi")

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """A line of the budget plan (RAB): quantity × unit cost."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(_("urutan"))
    description = models.CharField(_("uraian"), max_length=255)
    quantity = models.DecimalField(
        _("volume"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("satuan"), max_length=40)
    unit_cost = models.DecimalField(
        _("harga satuan (Rp)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("baris RAB")
        verbose_name_plural = _("baris RAB")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="budget_line_position_unique")
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def total(self) -> Decimal:
        return self.quantity * self.unit_cost


class TestEvent(TimeStamped):
    """A test event (uji kompetensi): a scheme tested at a site on dates, for a quota of candidates."""

    __test__ = False  # not a pytest test class

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")  # scheduled; registration not yet open
        REGISTRATION = "registration", _("Pendaftaran dibuka")  # candidates may register
        READY = "ready", _("Siap dilaksanakan")  # site verified, assessors confirmed, readiness filed
        ONGOING = "ongoing", _("Berlangsung")  # the test days
        DONE = "done", _("Selesai")  # tested; results follow in the assessment app
        CANCELLED = "cancelled", _("Dibatalkan")  # called off; reason in the audit log

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lsp = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="lsp_events"
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("skema"), on_delete=models.PROTECT, related_name="events"
    )
    site = models.ForeignKey(TestSite, verbose_name=_("TUK"), on_delete=models.PROTECT, related_name="events")
    facilitator = models.ForeignKey(
        Organization,
        verbose_name=_("instansi fasilitator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitated_events",
    )
    funding = models.ForeignKey(
        FundingSource,
        verbose_name=_("sumber anggaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("rencana"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    title = models.CharField(_("judul"), max_length=255)
    starts_on = models.DateField(_("tanggal mulai uji"))
    ends_on = models.DateField(_("tanggal selesai uji"))
    registration_opens_on = models.DateField(_("pendaftaran dibuka"))
    registration_closes_on = models.DateField(_("pendaftaran ditutup"))
    quota = models.PositiveIntegerField(_("kuota peserta"), validators=[MinValueValidator(1)])
    bnsp_schedule_code = models.CharField(_("kode jadwal BNSP"), max_length=60, blank=True)
    max_candidates_per_assessor_per_day = models.PositiveSmallIntegerField(
        _("maksimum asesi per asesor per hari"), default=10, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("uji kompetensi")
        verbose_name_plural = _("uji kompetensi")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_on__gte=F("registration_opens_on")),
                name="event_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_on__lte=F("starts_on")),
                name="event_registration_closes_before_test",
            ),
        ]
        indexes = [
            models.Index(fields=["lsp", "-starts_on"]),
            models.Index(fields=["facilitator", "-starts_on"]),
            models.Index(fields=["site", "-starts_on"]),
            models.Index(fields=["status", "starts_on"]),
        ]

    def __str__(self) -> str:
        return self.title


def confirmation_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(TimeStamped):
    """A candidate's registration for a test event, with the application (FR.APL.01) and its review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")  # being filled in; not yet submitted
        SUBMITTED = "submitted", _("Diajukan")  # waiting for Administrasi's check
        RETURNED = "returned", _("Dikembalikan untuk perbaikan")  # reason given; the candidate corrects it
        ACCEPTED = "accepted", _("Diterima")  # may sit the test
        REJECTED = "rejected", _("Ditolak")  # does not meet the requirements; reason given
        WITHDRAWN = "withdrawn", _("Mengundurkan diri")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        TestEvent, verbose_name=_("uji kompetensi"), on_delete=models.PROTECT, related_name="registrations"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("peserta pelatihan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    program = models.ForeignKey(
        TrainingProgram,
        verbose_name=_("program pelatihan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun asesi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # The candidate's identity as given on the application (FR.APL.01).
    nik = models.CharField(_("NIK"), max_length=16)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # What BNSP's candidate list needs beyond the identity: where the candidate lives (TEMPAT TINGGAL,
    # KODE KOTA, KODE PROVINSI), education, occupation and the institution they come from (ASAL
    # LEMBAGA). Copied from the training participant in a batch; asked on the candidate's FR.APL.01.
    address = models.TextField(_("alamat tempat tinggal"), blank=True)
    city = models.ForeignKey(
        Region,
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        Region,
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    education = models.CharField(
        _("pendidikan terakhir"), max_length=5, choices=Participant.Education.choices, blank=True
    )
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    institution = models.CharField(_("asal lembaga"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    status_reason = models.TextField(_("alasan"), blank=True)
    already_certified = models.BooleanField(_("sudah bersertifikat di skema ini"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    card_number = models.CharField(_("nomor kartu peserta"), max_length=200, blank=True)
    card = models.ForeignKey(
        StoredFile,
        verbose_name=_("kartu peserta"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance_confirmed_at = models.DateTimeField(_("kehadiran dikonfirmasi"), null=True, blank=True)
    confirmation_token = models.CharField(max_length=64, unique=True, default=confirmation_token)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["event", "full_name"]
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        constraints = [
            models.UniqueConstraint(fields=["event", "nik"], name="registration_nik_once_per_event")
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["nik"]),
            models.Index(fields=["candidate", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.event}"


class ApplicationDocument(TimeStamped):
    """A file the candidate uploads with the application (FR.APL.01): KTP, photo, diploma, training certificate."""

    class Kind(models.TextChoices):
        ID_CARD = "ktp", _("KTP")  # required
        PHOTO = "photo", _("Pas foto")  # required; printed on the participant card
        DIPLOMA = "diploma", _("Ijazah terakhir")  # required
        TRAINING_CERTIFICATE = "training", _("Sertifikat pelatihan")  # optional

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(
        Registration, verbose_name=_("pendaftaran"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    file = models.ForeignKey(StoredFile, verbose_name=_("berkas"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["registration", "kind"]
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="application_document_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.registration}"


class SelfAssessment(TimeStamped):
    """The candidate's self-assessment (FR.APL.02) of one competency unit of the event's scheme."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("pendaftaran"), on_delete=models.CASCADE, related_name="self_assessments"
    )
    unit = models.ForeignKey(
        "registry.CompetencyUnit",
        verbose_name=_("unit kompetensi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    competent = models.BooleanField(_("kompeten"), default=False)
    evidence = models.TextField(_("bukti pendukung"), blank=True)

    class Meta:
        ordering = ["registration", "unit__position"]
        verbose_name = _("asesmen mandiri")
        verbose_name_plural = _("asesmen mandiri")
        constraints = [
            models.UniqueConstraint(fields=["registration", "unit"], name="self_assessment_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.registration}"


# ---- Site verification and assessor assignment --------------------------------------------------


class SiteVerification(TimeStamped):
    """The verification of the site of an event (STMI step 4): the verifier's assignment letter, the
    checklist they fill in and the result form."""

    class Result(models.TextChoices):
        MEETS = "memenuhi", _("Memenuhi")  # the site may host the event
        DOES_NOT_MEET = "tidak_memenuhi", _("Tidak memenuhi")  # the event cannot go ahead there

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        TestEvent,
        verbose_name=_("uji kompetensi"),
        on_delete=models.PROTECT,
        related_name="site_verifications",
    )
    site = models.ForeignKey(TestSite, verbose_name=_("TUK"), on_delete=models.PROTECT, related_name="+")
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verifikator"),
        on_delete=models.PROTECT,
        related_name="site_verifications",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey(
        StoredFile,
        verbose_name=_("surat tugas verifikator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_number = models.CharField(_("nomor surat tugas"), max_length=200, blank=True)
    # {item key: {"ok": bool, "note": str}} for the items of CHECKLIST_ITEMS (services_assignments).
    checklist = models.JSONField(_("daftar periksa"), default=dict, blank=True)
    result = models.CharField(_("hasil"), max_length=20, choices=Result.choices, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    result_file = models.ForeignKey(
        StoredFile,
        verbose_name=_("formulir hasil verifikasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result_number = models.CharField(_("nomor formulir hasil"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "-created_at", "-id"]
        verbose_name = _("verifikasi TUK")
        verbose_name_plural = _("verifikasi TUK")
        indexes = [models.Index(fields=["verifier", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.site} — {self.event}"

    @property
    def is_done(self) -> bool:
        return bool(self.result)

    @property
    def passed(self) -> bool:
        return self.result == self.Result.MEETS


class AssessorAssignment(TimeStamped):
    """An assessor assigned to assess on one test day of an event (PSM/DISNAKER-10 step 1), with the
    assignment letter (surat tugas) and the assessor's answer."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")  # letter issued; waiting for the assessor's answer
        CONFIRMED = "confirmed", _("Dikonfirmasi")  # the assessor will assess that day
        DECLINED = "declined", _("Menolak")  # the assessor cannot; reason given; propose another

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        TestEvent,
        verbose_name=_("uji kompetensi"),
        on_delete=models.PROTECT,
        related_name="assessor_assignments",
    )
    assessor = models.ForeignKey(
        "registry.Assessor", verbose_name=_("asesor"), on_delete=models.PROTECT, related_name="assignments"
    )
    day = models.DateField(_("tanggal uji"))
    candidate_count = models.PositiveSmallIntegerField(_("jumlah asesi"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField(_("alasan"), blank=True)
    letter = models.ForeignKey(
        StoredFile,
        verbose_name=_("surat tugas asesor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_number = models.CharField(_("nomor surat tugas"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)

    class Meta:
        ordering = ["event", "day", "assessor__user__full_name", "id"]
        verbose_name = _("penugasan asesor")
        verbose_name_plural = _("penugasan asesor")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "assessor", "day"],
                condition=~Q(status="declined"),
                name="assessor_assignment_once_per_day",
            )
        ]
        indexes = [
            models.Index(fields=["assessor", "day"]),
            models.Index(fields=["event", "day", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.assessor} — {self.event} ({self.day})"


# --- Readiness of a test day (PSM/DISNAKER-10 steps 1–4) -------------------------------------


class ScheduleDistribution(TimeStamped):
    """The recap of candidates and the schedule with the assessors' confirmations (DISNAKER-10 step 1),
    generated as documents and then sent to the candidates."""

    event = models.ForeignKey(TestEvent, on_delete=models.PROTECT, related_name="schedule_distributions")
    recap = models.ForeignKey(
        StoredFile, verbose_name=_("rekap calon peserta"), on_delete=models.PROTECT, related_name="+"
    )
    recap_number = models.CharField(_("nomor rekap"), max_length=200, blank=True)
    schedule = models.ForeignKey(
        StoredFile, verbose_name=_("jadwal uji kompetensi (PDF)"), on_delete=models.PROTECT, related_name="+"
    )
    schedule_xlsx = models.ForeignKey(
        StoredFile, verbose_name=_("jadwal uji kompetensi (xlsx)"), on_delete=models.PROTECT, related_name="+"
    )
    confirmations = models.ForeignKey(
        StoredFile, verbose_name=_("konfirmasi asesor"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.PositiveIntegerField(_("jumlah penerima"), default=0)

    class Meta:
        ordering = ["event", "-created_at", "-id"]
        verbose_name = _("distribusi jadwal uji")
        verbose_name_plural = _("distribusi jadwal uji")

    def __str__(self) -> str:
        return f"{self.event} · {self.recap_number}"


class ReadinessForm(TimeStamped):
    """The facility readiness form (form kesiapan sarana prasarana, DISNAKER-10 step 2): filled by
    Teknis Operasional, then the plan confirmed by the Kepala TUK of the site."""

    event = models.OneToOneField(TestEvent, on_delete=models.PROTECT, related_name="readiness_form")
    # [{"key": "rooms", "ready": true, "note": "…"}, …] in the order of READINESS_ITEMS.
    checklist = models.JSONField(_("daftar periksa"), default=list)
    notes = models.TextField(_("catatan"), blank=True)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diisi oleh")
    )
    filled_at = models.DateTimeField(_("diisi pada"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dikonfirmasi oleh"),
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("formulir kesiapan (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("nomor"), max_length=200, blank=True)

    class Meta:
        ordering = ["-filled_at"]
        verbose_name = _("form kesiapan sarana prasarana")
        verbose_name_plural = _("form kesiapan sarana prasarana")

    def __str__(self) -> str:
        return str(self.event)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def default_reminder_channels() -> list[str]:
    return ["email", "whatsapp"]


class ReminderRule(models.Model):
    """When candidates are reminded of a test event: `days_before` the first test day at `hour` (WIB)."""

    event = models.ForeignKey(TestEvent, on_delete=models.CASCADE, related_name="reminder_rules")
    days_before = models.PositiveSmallIntegerField(_("hari sebelum uji"))
    hour = models.PositiveSmallIntegerField(_("jam (WIB)"), default=8)
    channels = models.JSONField(_("kanal"), default=default_reminder_channels)

    class Meta:
        ordering = ["event", "-days_before", "hour"]
        verbose_name = _("aturan pengingat")
        verbose_name_plural = _("aturan pengingat")
        constraints = [
            models.UniqueConstraint(fields=["event", "days_before", "hour"], name="reminder_rule_unique"),
            models.CheckConstraint(condition=Q(hour__lte=23), name="reminder_rule_hour_of_day"),
        ]

    def __str__(self) -> str:
        return f"H-{self.days_before} {self.hour:02d}.00"


class ReminderSent(models.Model):
    """A reminder sent to one candidate; once per rule (a rule-less row is a reminder sent by hand)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders_sent")
    rule = models.ForeignKey(
        ReminderRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent"
    )
    sent_at = models.DateTimeField(_("dikirim pada"))
    channels = models.JSONField(_("kanal"), default=list)
    problems = models.TextField(_("kendala"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(fields=["registration", "rule"], name="reminder_sent_once_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.rule or '-'}"


class AttendanceAnswer(models.Model):
    """A candidate's answer to "will you attend?" (DISNAKER-10 step 4), by the link or in the portal."""

    class Answer(models.TextChoices):
        ATTENDING = "attending", _("Hadir")  # confirms attendance
        ABSENT = "absent", _("Tidak dapat hadir")  # reason given

    class Via(models.TextChoices):
        LINK = "link", _("Tautan pada pesan")
        PORTAL = "portal", _("Portal peserta")
        STAFF = "staff", _("Dicatat petugas")

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="attendance_answer"
    )
    answer = models.CharField(_("jawaban"), max_length=20, choices=Answer.choices)
    reason = models.TextField(_("alasan"), blank=True)
    via = models.CharField(_("melalui"), max_length=20, choices=Via.choices)
    answered_at = models.DateTimeField(_("dijawab pada"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("konfirmasi kehadiran")
        verbose_name_plural = _("konfirmasi kehadiran")

    def __str__(self) -> str:
        return f"{self.registration}: {self.get_answer_display()}"


class ReadinessReport(TimeStamped):
    """A report generated for a readiness step: reminders sent (step 3), confirmation list (step 4)."""

    class Kind(models.TextChoices):
        REMINDERS = "reminders", _("Laporan pengingat terkirim")
        CONFIRMATIONS = "confirmations", _("Daftar konfirmasi kehadiran")

    event = models.ForeignKey(TestEvent, on_delete=models.PROTECT, related_name="readiness_reports")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["event", "-created_at", "-id"]
        verbose_name = _("laporan kesiapan")
        verbose_name_plural = _("laporan kesiapan")

    def __str__(self) -> str:
        return f"{self.event} · {self.get_kind_display()}"
