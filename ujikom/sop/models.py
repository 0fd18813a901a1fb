"""The SOP library (SOPs, their versions, actors, steps) and the engine (runs, step runs, tasks)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization, Role, TimeStamped
from ujikom.documents.models import StoredFile


class Sop(TimeStamped):
    """An SOP of an organization, known by its Nomor SOP; its content lives in versions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="sops"
    )
    code = models.CharField(_("nomor SOP"), max_length=100)
    name = models.CharField(_("nama SOP"), max_length=255)

    class Meta:
        ordering = ["organization__name", "code"]
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="sop_code_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SopVersion(TimeStamped):
    """One version of an SOP with all its identity fields (Bagian Identitas, SOP AP).

    A version is in force when it is approved, its effective date has come, and no later
    approved version has come into force since; selectors compute that from the dates.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")  # editable; cannot be run
        APPROVED = "approved", _("Disahkan")  # fixed; in force from its effective date
        WITHDRAWN = "withdrawn", _("Dicabut")  # no longer in force; runs already started go on

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sop = models.ForeignKey(Sop, verbose_name=_("SOP"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versi ke"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Identity fields
    code = models.CharField(_("nomor SOP"), max_length=100)
    name = models.CharField(_("nama SOP"), max_length=255)
    organization_name = models.CharField(_("instansi"), max_length=255)
    unit_name = models.CharField(_("unit kerja"), max_length=255, blank=True)
    created_on = models.DateField(_("tanggal pembuatan"))
    revised_on = models.DateField(_("tanggal revisi"), null=True, blank=True)
    effective_on = models.DateField(_("tanggal efektif"))
    approver_title = models.CharField(_("disahkan oleh (jabatan)"), max_length=255)
    approver_name = models.CharField(_("disahkan oleh (nama)"), max_length=255)
    approver_nip = models.CharField(_("NIP/nomor pejabat"), max_length=60, blank=True)
    scope = models.TextField(_("ruang lingkup"), blank=True)
    summary = models.TextField(_("ringkasan prosedur"), blank=True)
    definitions = models.JSONField(_("istilah dan definisi"), default=list, blank=True)  # [{term, meaning}]
    provisions = models.JSONField(_("ketentuan/keterangan lain"), default=list, blank=True)
    legal_basis = models.JSONField(_("dasar hukum"), default=list, blank=True)
    qualifications = models.JSONField(_("kualifikasi pelaksana"), default=list, blank=True)
    related = models.JSONField(_("keterkaitan"), default=list, blank=True)
    equipment = models.JSONField(_("peralatan/perlengkapan"), default=list, blank=True)
    warning = models.TextField(_("peringatan"), blank=True)
    recording = models.TextField(_("pencatatan dan pendataan"), blank=True)
    # Who approves and to whom overdue work escalates, as roles of the SOP's organization
    approver_role = models.ForeignKey(
        Role,
        verbose_name=_("peran yang mengesahkan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalation_role = models.ForeignKey(
        Role,
        verbose_name=_("peran atasan untuk eskalasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Provenance and approval
    source_yaml = models.TextField(_("berkas sumber"), blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("disahkan pada"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["sop", "-number"]
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")
        constraints = [models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.code} v{self.number}"


class SopActor(models.Model):
    """A Pelaksana column of a version; `default_role` is who plays it unless a run says otherwise."""

    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="actors")
    key = models.SlugField(_("kode"), max_length=50)
    name = models.CharField(_("nama pelaksana"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan kolom"))
    default_role = models.ForeignKey(
        Role,
        verbose_name=_("peran bawaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("pelaksana SOP")
        verbose_name_plural = _("pelaksana SOP")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="sop_actor_key_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="sop_actor_position_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SopStep(models.Model):
    """A row of the activity table, with its quality standard (mutu baku)."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Proses")
        DECISION = "decision", _("Keputusan")

    class Unit(models.TextChoices):
        MINUTES = "minutes", _("menit")
        HOURS = "hours", _("jam")
        DAYS = "days", _("hari kerja")
        WEEKS = "weeks", _("minggu")
        MONTHS = "months", _("bulan")

    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveIntegerField(_("nomor"))
    position = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.PROCESS)
    inputs = models.JSONField(_("kelengkapan"), default=list, blank=True)
    time_text = models.CharField(_("waktu"), max_length=50, blank=True)
    duration_amount = models.PositiveIntegerField(_("jumlah waktu"), null=True, blank=True)
    duration_unit = models.CharField(_("satuan waktu"), max_length=10, choices=Unit.choices, blank=True)
    outputs = models.JSONField(_("output"), default=list, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    action = models.CharField(_("layar kerja"), max_length=100, blank=True)
    explicit_next = models.BooleanField(
        _("langkah berikut ditentukan"),
        default=False,
        help_text=_(
            "Bila tidak, langkah berikutnya adalah baris berikutnya. Bila ya tanpa cabang, proses selesai di sini."
        ),
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("langkah SOP")
        verbose_name_plural = _("langkah SOP")
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="sop_step_number_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="sop_step_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version} langkah {self.number}"


class SopActivity(models.Model):
    """A sub-activity of a step, done by one actor; the step's tasks are made from these."""

    step = models.ForeignKey(SopStep, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(SopActor, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("uraian kegiatan"))

    class Meta:
        ordering = ["step", "position"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="sop_activity_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.step.number}.{self.position} {self.actor}"


class SopBranch(models.Model):
    """An explicit way out of a step (a decision's Ya/Tidak, or a jump); ordered."""

    step = models.ForeignKey(SopStep, on_delete=models.CASCADE, related_name="branches")
    position = models.PositiveSmallIntegerField(_("urutan"))
    target_number = models.PositiveIntegerField(_("ke langkah"))
    label = models.CharField(_("label"), max_length=50, blank=True)

    class Meta:
        ordering = ["step", "position"]
        verbose_name = _("cabang")
        verbose_name_plural = _("cabang")
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="sop_branch_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.step.number} → {self.target_number} {self.label}"


class Run(models.Model):
    """One piece of real work done by an SOP version (a test event, a guidance case, or nothing)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Berjalan")  # has an active step
        COMPLETED = "completed", _("Selesai")  # reached a step with no way out
        CANCELLED = "cancelled", _("Dibatalkan")  # stopped by an official; reason in the audit log

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        SopVersion, verbose_name=_("versi SOP"), on_delete=models.PROTECT, related_name="runs"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="sop_runs"
    )
    title = models.CharField(_("judul"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(_("subjek"), max_length=255, blank=True)
    parent_step_run = models.ForeignKey(
        "StepRun",
        verbose_name=_("langkah induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_runs",
    )
    started_at = models.DateTimeField(_("dimulai"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("pelaksanaan SOP")
        verbose_name_plural = _("pelaksanaan SOP")
        indexes = [
            models.Index(fields=["organization", "status", "-started_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return self.title


class RunActor(models.Model):
    """Who plays an actor in one run: a role in an organization, or named people (e.g. the assessors)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="actors")
    actor = models.ForeignKey(SopActor, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sop_run_actors")

    class Meta:
        ordering = ["run", "actor__position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "actor"], name="run_actor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.run} — {self.actor}"


class StepRun(models.Model):
    """A step as it happened in a run (again for each loop): when, how long, against what standard."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Berjalan")  # its tasks are open
        WAITING = "waiting", _("Menunggu SOP terkait")  # a child run must finish first
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="step_runs")
    step = models.ForeignKey(SopStep, on_delete=models.PROTECT, related_name="+")
    iteration = models.PositiveSmallIntegerField(_("putaran ke"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(_("dimulai"))
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    working_seconds = models.PositiveIntegerField(_("waktu kerja terpakai (detik)"), null=True, blank=True)
    standard_seconds = models.PositiveIntegerField(_("standar waktu kerja (detik)"), null=True, blank=True)
    late = models.BooleanField(_("terlambat"), null=True, blank=True)
    chosen_label = models.CharField(_("cabang dipilih"), max_length=50, blank=True)
    next_number = models.PositiveIntegerField(_("ke langkah"), null=True, blank=True)

    class Meta:
        ordering = ["run", "started_at", "id"]
        verbose_name = _("langkah berjalan")
        verbose_name_plural = _("langkah berjalan")
        constraints = [
            models.UniqueConstraint(fields=["run", "step", "iteration"], name="step_run_iteration_unique"),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.run} langkah {self.step.number} ({self.iteration})"


class Task(models.Model):
    """One sub-activity of an active step, offered to whoever plays its actor; one person claims it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")  # offered; nobody has claimed it
        CLAIMED = "claimed", _("Dikerjakan")  # claimed by one person
        DONE = "done", _("Selesai")  # signed off
        CANCELLED = "cancelled", _("Dibatalkan")  # the run was cancelled

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    step_run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="tasks")
    activity = models.ForeignKey(SopActivity, on_delete=models.PROTECT, related_name="+")
    run_actor = models.ForeignKey(RunActor, on_delete=models.PROTECT, related_name="tasks")
    # Denormalized from run_actor so "my tasks" is one indexed query.
    candidate_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    candidate_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(_("diambil"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    chosen_label = models.CharField(_("keputusan"), max_length=50, blank=True)
    warned_at = models.DateTimeField(_("diingatkan"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")
        indexes = [
            models.Index(fields=["candidate_organization", "candidate_role", "status", "due_at"]),
            models.Index(fields=["claimed_by", "status", "due_at"]),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.step_run} · {self.activity.actor}"


class TaskOutput(models.Model):
    """A file given for one of a step's outputs (Output, mutu baku): uploaded, or generated by the step's screen."""

    step_run = models.ForeignKey(StepRun, on_delete=models.CASCADE, related_name="outputs")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="outputs")
    output_index = models.PositiveSmallIntegerField(_("output ke"))
    output_name = models.CharField(_("output"), max_length=500)
    file = models.ForeignKey(StoredFile, verbose_name=_("berkas"), on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("ditambahkan"))

    class Meta:
        ordering = ["step_run", "output_index"]
        verbose_name = _("output langkah")
        verbose_name_plural = _("output langkah")
        constraints = [
            models.UniqueConstraint(fields=["step_run", "output_index"], name="one_file_per_step_output"),
        ]

    def __str__(self) -> str:
        return self.output_name
