"""From the test day to the archive and the LSP's decision.

PSM/DISNAKER-10 steps 5–8 and STMI 1.3.3 steps 5–6: attendance lists and photos of the test day,
results per candidate and unit (K/BK) with their evidence, feedback and appeals, the minutes
(berita acara) whose signing locks the results, the review chain with its minutes of meeting and
the recommendation handed to the LSP, the event's archive, and the LSP's plenary decision
(SK Penetapan) with the blank-certificate request to BNSP and the numbers BNSP assigns.

Every model hangs off a TestEvent. Results are never edited: a change is a new UnitResult that
supersedes the current one, and after the minutes are signed only a correction with a reason is.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization, TimeStamped
from ujikom.documents.models import StoredFile
from ujikom.registry.models import Assessor, CompetencyUnit
from ujikom.scheduling.models import Registration, TestEvent


class Verdict(models.TextChoices):
    COMPETENT = "K", _("Kompeten (K)")
    NOT_YET_COMPETENT = "BK", _("Belum Kompeten (BK)")


class SignMethod(models.TextChoices):
    ACCOUNT = "account", _("Persetujuan melalui akun")  # the person, signed in, confirmed it
    DRAWN = "drawn", _("Tanda tangan digambar")  # drawn on the screen; the image is kept


class Signed(models.Model):
    """A signature given in the browser: by the signer's own account, or drawn on the screen (the
    image kept) while `signed_by` — the signer, or the officer holding the tablet — was signed in."""

    signed_at = models.DateTimeField(_("ditandatangani pada"), null=True, blank=True)
    sign_method = models.CharField(
        _("cara tanda tangan"), max_length=10, choices=SignMethod.choices, blank=True
    )
    signature_image = models.ForeignKey(
        StoredFile,
        verbose_name=_("gambar tanda tangan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh akun"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


# ---- Step 5: attendance and documentation ------------------------------------------------------


class AttendanceSheet(TimeStamped):
    """The attendance list (absensi) of the candidates or of the assessors for one test day."""

    class Kind(models.TextChoices):
        CANDIDATES = "candidates", _("Absensi peserta")
        ASSESSORS = "assessors", _("Absensi asesor")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        TestEvent,
        verbose_name=_("uji kompetensi"),
        on_delete=models.PROTECT,
        related_name="attendance_sheets",
    )
    day = models.DateField(_("tanggal uji"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("daftar hadir (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("nomor"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "day", "kind"]
        verbose_name = _("daftar hadir")
        verbose_name_plural = _("daftar hadir")
        constraints = [
            models.UniqueConstraint(fields=["event", "day", "kind"], name="attendance_sheet_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day} — {self.event}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class AttendanceEntry(Signed):
    """One line of an attendance list: a candidate (registration) or an assessor, present or absent."""

    sheet = models.ForeignKey(AttendanceSheet, on_delete=models.CASCADE, related_name="entries")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance_entries"
    )
    assessor = models.ForeignKey(
        Assessor, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance_entries"
    )
    present = models.BooleanField(_("hadir"), default=False)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), null=True, blank=True)

    class Meta:
        ordering = ["sheet", "id"]
        verbose_name = _("baris daftar hadir")
        verbose_name_plural = _("baris daftar hadir")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "registration"],
                condition=Q(registration__isnull=False),
                name="attendance_candidate_once",
            ),
            models.UniqueConstraint(
                fields=["sheet", "assessor"],
                condition=Q(assessor__isnull=False),
                name="attendance_assessor_once",
            ),
            models.CheckConstraint(
                condition=Q(registration__isnull=False, assessor__isnull=True)
                | Q(registration__isnull=True, assessor__isnull=False),
                name="attendance_entry_one_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.registration or self.assessor)


class TestPhoto(TimeStamped):
    """A documentation photo of the test (dokumentasi pelaksanaan)."""

    __test__ = False

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        TestEvent, verbose_name=_("uji kompetensi"), on_delete=models.PROTECT, related_name="photos"
    )
    day = models.DateField(_("tanggal uji"))
    file = models.ForeignKey(StoredFile, verbose_name=_("foto"), on_delete=models.PROTECT, related_name="+")
    caption = models.CharField(_("keterangan"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["event", "day", "created_at", "id"]
        verbose_name = _("foto dokumentasi")
        verbose_name_plural = _("foto dokumentasi")

    def __str__(self) -> str:
        return self.caption or str(self.file)


# ---- Step 5: assessment ------------------------------------------------------------------------


class EvidenceMethod(models.TextChoices):
    """How the evidence of a unit was gathered (the FR.IA instruments)."""

    OBSERVATION = "observation", _("Observasi (FR.IA.01)")
    PRACTICAL = "practical", _("Praktik/demonstrasi (FR.IA.02)")
    OBSERVATION_QUESTIONS = "observation_questions", _("Pertanyaan pendukung observasi (FR.IA.03)")
    PROJECT = "project", _("Proyek terkait pekerjaan (FR.IA.04)")
    WRITTEN = "written", _("Tertulis: pilihan ganda/esai (FR.IA.05/06)")
    ORAL = "oral", _("Pertanyaan lisan (FR.IA.07)")
    PORTFOLIO = "portfolio", _("Verifikasi portofolio (FR.IA.08)")
    INTERVIEW = "interview", _("Wawancara (FR.IA.09)")
    THIRD_PARTY = "third_party", _("Klarifikasi pihak ketiga (FR.IA.10)")
    PRODUCT_REVIEW = "product_review", _("Reviu produk (FR.IA.11)")


class Assessment(TimeStamped):
    """A candidate's assessment at an event: who assesses them on which day, the overall
    recommendation (K only when every unit is K), and the feedback (FR.AK.03)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="assessment")
    assessor = models.ForeignKey(
        Assessor,
        verbose_name=_("asesor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    day = models.DateField(_("tanggal asesmen"), null=True, blank=True)
    # Kept equal to what the current unit results give (services); blank until every unit has one.
    recommendation = models.CharField(_("rekomendasi"), max_length=2, choices=Verdict.choices, blank=True)
    completed_at = models.DateTimeField(_("asesmen selesai pada"), null=True, blank=True)
    feedback = models.TextField(_("umpan balik (FR.AK.03)"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    feedback_at = models.DateTimeField(_("umpan balik pada"), null=True, blank=True)
    feedback_read_at = models.DateTimeField(_("umpan balik dibaca asesi pada"), null=True, blank=True)

    class Meta:
        ordering = ["registration__event", "registration__full_name"]
        verbose_name = _("asesmen asesi")
        verbose_name_plural = _("asesmen asesi")
        indexes = [
            models.Index(fields=["assessor", "day"]),
            # Reports join a registration to its recommendation and assessor without reading the row.
            models.Index(
                fields=["registration"],
                include=["recommendation", "assessor"],
                name="assessment_result_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.registration)


class UnitResult(models.Model):
    """K or BK for one unit of one candidate, with the evidence methods (FR.AK.02 line).

    Append-only: recording again makes a new row that supersedes the current one (`is_current`
    moves); after the results are locked only a CORRECTION with a reason may be added."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("Pencatatan")
        CORRECTION = "correction", _("Koreksi setelah berita acara")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="unit_results")
    unit = models.ForeignKey(
        CompetencyUnit, verbose_name=_("unit kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("hasil"), max_length=2, choices=Verdict.choices)
    methods = models.JSONField(_("metode asesmen"), default=list)
    note = models.TextField(_("catatan asesor"), blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.ENTRY)
    reason = models.TextField(_("alasan koreksi"), blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    is_current = models.BooleanField(default=True)
    assessor = models.ForeignKey(
        Assessor, verbose_name=_("asesor"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("dicatat pada"))

    class Meta:
        ordering = ["assessment", "unit__position", "recorded_at", "id"]
        verbose_name = _("hasil per unit")
        verbose_name_plural = _("hasil per unit")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "unit"], condition=Q(is_current=True), name="unit_result_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.verdict}"


class InstrumentFile(TimeStamped):
    """A filled assessment instrument (FR.AK.01, FR.IA.xx, FR.AK.02…) uploaded for a candidate."""

    class Kind(models.TextChoices):
        AK01 = "FR.AK.01", _("FR.AK.01 Persetujuan asesmen dan kerahasiaan")
        IA01 = "FR.IA.01", _("FR.IA.01 Ceklis observasi")
        IA02 = "FR.IA.02", _("FR.IA.02 Tugas praktik demonstrasi")
        IA03 = "FR.IA.03", _("FR.IA.03 Pertanyaan untuk mendukung observasi")
        IA04 = "FR.IA.04", _("FR.IA.04 Proyek terkait pekerjaan")
        IA05 = "FR.IA.05", _("FR.IA.05 Pertanyaan tertulis pilihan ganda")
        IA06 = "FR.IA.06", _("FR.IA.06 Pertanyaan tertulis esai")
        IA07 = "FR.IA.07", _("FR.IA.07 Pertanyaan lisan")
        IA08 = "FR.IA.08", _("FR.IA.08 Verifikasi portofolio")
        IA09 = "FR.IA.09", _("FR.IA.09 Pertanyaan wawancara")
        IA10 = "FR.IA.10", _("FR.IA.10 Klarifikasi bukti pihak ketiga")
        IA11 = "FR.IA.11", _("FR.IA.11 Reviu produk")
        AK02 = "FR.AK.02", _("FR.AK.02 Rekaman asesmen kompetensi")
        AK03 = "FR.AK.03", _("FR.AK.03 Umpan balik dan catatan asesmen")
        OTHER = "other", _("Lainnya")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="instruments")
    kind = models.CharField(_("jenis instrumen"), max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(
        CompetencyUnit,
        verbose_name=_("unit kompetensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.ForeignKey(StoredFile, verbose_name=_("berkas"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["assessment", "kind", "created_at"]
        verbose_name = _("instrumen asesmen")
        verbose_name_plural = _("instrumen asesmen")

    def __str__(self) -> str:
        return f"{self.kind} — {self.assessment}"


class Appeal(TimeStamped):
    """An appeal against an assessment decision (banding, FR.AK.04), decided by the LSP."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        UPHELD = "upheld", _("Diterima: asesmen ulang")
        DISMISSED = "dismissed", _("Ditolak")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="appeals")
    grounds = models.TextField(_("alasan banding"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decision = models.TextField(_("keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("banding")
        verbose_name_plural = _("banding")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.get_status_display()}"


# ---- Step 6: minutes (berita acara) ------------------------------------------------------------


class Minutes(TimeStamped):
    """The berita acara of an event's test, made from the results; signed by every assessor and the
    head of site. The last signature locks the results (`locked_at`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.OneToOneField(TestEvent, on_delete=models.PROTECT, related_name="minutes")
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("berita acara (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The collected result files: a ZIP of the instruments with the results recap.
    results_bundle = models.ForeignKey(
        StoredFile,
        verbose_name=_("berkas hasil uji"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    photos_bundle = models.ForeignKey(
        StoredFile,
        verbose_name=_("dokumentasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(_("hasil dikunci pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("berita acara uji kompetensi")
        verbose_name_plural = _("berita acara uji kompetensi")

    def __str__(self) -> str:
        return self.number or str(self.event)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class MinutesSignature(Signed):
    """A required signature on the minutes: each assessor of the event and the head of site."""

    class Role(models.TextChoices):
        ASSESSOR = "assessor", _("Asesor kompetensi")
        SITE_HEAD = "site_head", _("Kepala TUK")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(_("sebagai"), max_length=20, choices=Role.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(Assessor, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["minutes", "role", "id"]
        verbose_name = _("tanda tangan berita acara")
        verbose_name_plural = _("tanda tangan berita acara")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "role", "signer"], name="minutes_signature_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.signer}"


# ---- Step 7: review, minutes of meeting, recommendation ----------------------------------------


class Review(TimeStamped):
    """One stage of the review chain (kaji ulang). Append-only: a return sends the chain back to the
    first stage and the later stages are reviewed again; every entry is kept."""

    class Stage(models.TextChoices):
        TECHNICAL = "technical", _("Teknis Operasional")
        SITE_HEAD = "site_head", _("Kepala TUK")
        QUALITY = "quality", _("Manajemen Mutu")
        FINAL = "final", _("Kaji ulang akhir (Kepala TUK)")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Sesuai")
        RETURNED = "returned", _("Dikembalikan untuk perbaikan")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(TestEvent, on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices)
    outcome = models.CharField(_("hasil kaji ulang"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("catatan"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # False once a return sends the chain back: the entry stays, it no longer counts.
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("kaji ulang")
        verbose_name_plural = _("kaji ulang")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "stage"], condition=Q(is_current=True), name="review_one_current_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_outcome_display()}"


class MeetingNotes(TimeStamped):
    """The minutes of meeting of the review (form minutes of meeting)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(TestEvent, on_delete=models.PROTECT, related_name="meeting_notes")
    held_at = models.DateTimeField(_("waktu rapat"))
    place = models.CharField(_("tempat"), max_length=255)
    attendees = models.TextField(_("peserta rapat"))
    agenda = models.TextField(_("agenda"))
    discussion = models.TextField(_("pembahasan"))
    conclusions = models.TextField(_("kesimpulan dan tindak lanjut"))
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["event", "-held_at"]
        verbose_name = _("minutes of meeting")
        verbose_name_plural = _("minutes of meeting")

    def __str__(self) -> str:
        return self.number or str(self.event)


class Recommendation(TimeStamped):
    """The recommendation to the LSP, handed over as a package (letter, minutes, results, MoM)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.OneToOneField(TestEvent, on_delete=models.PROTECT, related_name="recommendation")
    number = models.CharField(_("nomor surat"), max_length=200, blank=True)
    letter = models.ForeignKey(
        StoredFile, verbose_name=_("surat rekomendasi"), on_delete=models.PROTECT, related_name="+"
    )
    package = models.ForeignKey(
        StoredFile, verbose_name=_("paket rekomendasi (ZIP)"), on_delete=models.PROTECT, related_name="+"
    )
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("diterima LSP pada"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rekomendasi ke LSP")
        verbose_name_plural = _("rekomendasi ke LSP")

    def __str__(self) -> str:
        return self.number or str(self.event)


# ---- Step 8: archive ---------------------------------------------------------------------------


class Archive(TimeStamped):
    """An event's archive: what it holds (checked for completeness when filed), where the paper is
    kept, and until when it must be retained."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.OneToOneField(TestEvent, on_delete=models.PROTECT, related_name="archive")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="archives")
    # [{"key": "minutes", "label": "...", "present": true, "files": [public ids]}, …] when filed.
    checklist = models.JSONField(_("kelengkapan"), default=list)
    is_complete = models.BooleanField(_("lengkap"), default=False)
    location = models.CharField(_("lokasi arsip fisik"), max_length=255, blank=True)
    retain_until = models.DateField(_("disimpan sampai"))
    index_file = models.ForeignKey(
        StoredFile,
        verbose_name=_("daftar isi arsip"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("arsip uji kompetensi")
        verbose_name_plural = _("arsip uji kompetensi")
        indexes = [
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["retain_until"]),
        ]

    def __str__(self) -> str:
        return str(self.event)


# ---- STMI step 6: the LSP's decision and the blank request to BNSP ----------------------------


class Decision(TimeStamped):
    """The LSP's plenary meeting on an event's recommendation and its decree (SK Penetapan) of the
    competent candidates, approved by Kabid Sertifikasi → Ketua LSP → Direktur."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")  # the plenary record is being written by Kabid Sertifikasi
        PROPOSED = "proposed", _("Diajukan ke Ketua LSP")
        ENDORSED = "endorsed", _("Disetujui Ketua LSP; menunggu Direktur")
        APPROVED = "approved", _("Ditetapkan")  # signed by the Direktur; numbered
        RETURNED = "returned", _("Dikembalikan")  # reason in the approvals; edit and propose again

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lsp = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="decisions"
    )
    event = models.ForeignKey(
        TestEvent, verbose_name=_("uji kompetensi"), on_delete=models.PROTECT, related_name="decisions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    meeting_held_on = models.DateField(_("tanggal rapat pleno"))
    meeting_place = models.CharField(_("tempat rapat"), max_length=255)
    attendees = models.TextField(_("peserta rapat pleno"))
    meeting_notes = models.TextField(_("pembahasan rapat pleno"), blank=True)
    minutes_number = models.CharField(_("nomor berita acara pleno"), max_length=200, blank=True)
    minutes_file = models.ForeignKey(
        StoredFile,
        verbose_name=_("berita acara rapat pleno"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decree_number = models.CharField(_("nomor SK penetapan"), max_length=200, blank=True)
    decree_file = models.ForeignKey(
        StoredFile,
        verbose_name=_("SK penetapan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("keputusan sertifikasi")
        verbose_name_plural = _("keputusan sertifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=~Q(status="returned"), name="decision_one_open_per_event"
            )
        ]
        indexes = [models.Index(fields=["lsp", "status"])]

    def __str__(self) -> str:
        return self.decree_number or str(self.event)


class DecisionApproval(models.Model):
    """One step of the decree's approval chain, kept in order."""

    class Stage(models.TextChoices):
        PROPOSE = "propose", _("Diajukan Kabid Sertifikasi")
        ENDORSE = "endorse", _("Persetujuan Ketua LSP")
        SIGN = "sign", _("Penandatanganan Direktur")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Setuju")
        RETURNED = "returned", _("Dikembalikan")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="approvals")
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("catatan"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField(_("pada"))

    class Meta:
        ordering = ["decision", "acted_at", "id"]
        verbose_name = _("persetujuan SK")
        verbose_name_plural = _("persetujuan SK")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_outcome_display()}"


class DecisionEntry(models.Model):
    """A competent candidate listed in the decree, with the certificate and registration numbers
    BNSP assigns (recorded when the blanks arrive; validated, never generated)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="decision_entries")
    position = models.PositiveIntegerField(_("nomor urut"), validators=[MinValueValidator(1)])
    certificate_number = models.CharField(_("nomor sertifikat (BNSP)"), max_length=60, blank=True)
    registration_number = models.CharField(_("nomor registrasi (BNSP)"), max_length=60, blank=True)
    numbers_recorded_at = models.DateTimeField(_("nomor dicatat pada"), null=True, blank=True)
    numbers_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decision", "position"]
        verbose_name = _("asesi dalam SK")
        verbose_name_plural = _("asesi dalam SK")
        constraints = [
            models.UniqueConstraint(fields=["decision", "registration"], name="decision_entry_once"),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="certificate_number_unique",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="certificate_registration_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.registration.full_name}"


class BlankRequest(TimeStamped):
    """The request for blank certificates sent to BNSP for a decree: the letter, the minutes, the
    decree and the candidate list in BNSP's xlsx columns, downloadable as one bundle."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Disiapkan")
        SUBMITTED = "submitted", _("Diajukan ke BNSP")
        FULFILLED = "fulfilled", _("Blangko diterima")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lsp = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="blank_requests")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="blank_requests")
    number = models.CharField(_("nomor surat permohonan"), max_length=200, blank=True)
    letter = models.ForeignKey(
        StoredFile, verbose_name=_("surat permohonan"), on_delete=models.PROTECT, related_name="+"
    )
    candidates_xlsx = models.ForeignKey(
        StoredFile, verbose_name=_("daftar asesi (xlsx BNSP)"), on_delete=models.PROTECT, related_name="+"
    )
    bundle = models.ForeignKey(
        StoredFile, verbose_name=_("berkas permohonan (ZIP)"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("jumlah blangko diminta"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARED)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permohonan blangko")
        verbose_name_plural = _("permohonan blangko")

    def __str__(self) -> str:
        return self.number or str(self.decision)


class BlankMovement(TimeStamped):
    """The log of blank certificate forms: received from BNSP, used for a certificate, damaged (with
    its berita acara kerusakan) or returned. Stock = received − used − damaged − returned."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Diterima dari BNSP")
        USED = "used", _("Digunakan")
        DAMAGED = "damaged", _("Rusak")
        RETURNED = "returned", _("Dikembalikan ke BNSP")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lsp = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="blank_movements")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    quantity = models.PositiveIntegerField(_("jumlah"), validators=[MinValueValidator(1)])
    occurred_on = models.DateField(_("tanggal"))
    request = models.ForeignKey(
        BlankRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    entry = models.ForeignKey(
        DecisionEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="blank_movements"
    )
    serial_from = models.CharField(_("nomor seri blangko dari"), max_length=60, blank=True)
    serial_to = models.CharField(_("sampai"), max_length=60, blank=True)
    reference = models.CharField(_("nomor dokumen rujukan"), max_length=200, blank=True)
    document = models.ForeignKey(
        StoredFile,
        verbose_name=_("dokumen (tanda terima/BA kerusakan)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("keterangan"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["lsp", "-occurred_on", "-id"]
        verbose_name = _("mutasi blangko")
        verbose_name_plural = _("mutasi blangko")
        indexes = [models.Index(fields=["lsp", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"


# ---- STMI step 6: how our values are written in BNSP's candidate list (decision part) ----------


class BnspCode(models.Model):
    """The code BNSP's candidate list (xlsx) takes for one of our values: KODE PENDIDIKAN for an
    education level, KODE PEKERJAAN for an occupation.

    BNSP publishes its code lists only as a download of its own system, not in any source we hold,
    so the mapping is data: seeded with placeholder codes (the level names; a few common
    occupations) and corrected by an administrator from BNSP's "daftar ID/Kode" in the admin."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("Pendidikan (KODE PENDIDIKAN)")
        OCCUPATION = "occupation", _("Pekerjaan (KODE PEKERJAAN)")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("nilai di Ujikom"),
        max_length=100,
        help_text=_(
            "Pendidikan: kode jenjang (SD, SMP, SMA, D1…S3). Pekerjaan: teks pekerjaan asesi seperti "
            "diisikan (huruf besar/kecil tidak dibedakan)."
        ),
    )
    code = models.CharField(_("kode BNSP"), max_length=20)
    label = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "code", "value"]
        verbose_name = _("kode BNSP")
        verbose_name_plural = _("kode BNSP")
        constraints = [
            models.UniqueConstraint(
                "kind", models.functions.Lower("value"), name="bnsp_code_value_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value} → {self.code}"
