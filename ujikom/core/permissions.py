"""The permission catalogue, and the built-in roles (the seed SOPs' actors and office posts).

A permission is held through a role *in an organization*: `has_permission(user, code, org)`
is true only when one of the user's active role assignments in that organization grants
the code. System administrators (superusers) hold every permission everywhere.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# code → description (translated when shown)
PERMISSIONS: dict[str, str | Promise] = {
    "core.view_organization": _("Melihat data organisasi, unit dan anggotanya"),
    "core.manage_organization": _("Mengubah data organisasi dan unit kerja"),
    "core.manage_people": _("Mengelola pengguna dan penugasan peran di organisasi"),
    "core.view_audit": _("Melihat log audit organisasi"),
    "core.manage_calendar": _("Mengelola jam kerja dan hari libur"),
    "core.manage_numbering": _("Mengelola pola penomoran dokumen"),
    "notifications.manage": _("Mengelola templat pesan dan melihat status pengiriman"),
    "documents.view": _("Melihat berkas organisasi"),
    "documents.upload": _("Mengunggah berkas"),
}

OFFICIAL = ["core.view_organization", "documents.view"]
ADMIN = list(PERMISSIONS)

# key, name, description, permissions, organization kinds (empty = any), SOP actor
BUILTIN_ROLES: list[tuple[str, str, str, list[str], list[str], bool]] = [
    (
        "org_admin",
        "Administrator Organisasi",
        "Mengelola organisasi, unit, pengguna, peran, kalender, penomoran dan pesan.",
        ADMIN,
        [],
        False,
    ),
    # PSM/DISNAKER-10 actors
    (
        "admin_staff",
        "Bagian Administrasi",
        "Pelaksana SOP PSM/DISNAKER-10 langkah 1, 3 dan 8.",
        [*OFFICIAL, "documents.upload"],
        [],
        True,
    ),
    (
        "technical_ops",
        "Bidang Teknis Operasional",
        "Pelaksana SOP PSM/DISNAKER-10 langkah 2, 5 dan 7.",
        [*OFFICIAL, "documents.upload"],
        [],
        True,
    ),
    (
        "quality",
        "Bidang Manajemen Mutu",
        "Pelaksana kaji ulang mutu, SOP PSM/DISNAKER-10 langkah 7.",
        [*OFFICIAL, "core.view_audit"],
        [],
        True,
    ),
    ("site_head", "Kepala TUK", "Kepala Tempat Uji Kompetensi.", [*OFFICIAL, "documents.upload"], [], True),
    ("assessor", "Asesor Kompetensi", "Asesor teregistrasi (No. Reg. MET).", ["documents.upload"], [], True),
    ("candidate", "Calon Peserta Uji Kompetensi", "Asesi / peserta uji kompetensi.", [], [], True),
    # STMI 1.3.3 actors
    (
        "director",
        "Direktur",
        "Direktur perguruan tinggi induk LSP; menetapkan target dan menandatangani.",
        [*OFFICIAL, "core.view_audit"],
        [],
        True,
    ),
    (
        "lsp_chair",
        "Ketua LSP",
        "Ketua Lembaga Sertifikasi Profesi.",
        [*OFFICIAL, "core.view_audit", "core.manage_numbering"],
        ["lsp"],
        True,
    ),
    (
        "head_admin",
        "Kabid Administrasi",
        "Kepala Bidang Administrasi LSP.",
        [*OFFICIAL, "documents.upload", "core.manage_numbering"],
        ["lsp"],
        True,
    ),
    (
        "head_certification",
        "Kabid Sertifikasi",
        "Kepala Bidang Sertifikasi LSP.",
        [*OFFICIAL, "documents.upload"],
        ["lsp"],
        True,
    ),
    # Manpower office posts (SOP definitions 3.1–3.4)
    (
        "kadis",
        "Kepala Dinas (Kadis)",
        "Kepala Dinas Ketenagakerjaan.",
        [*OFFICIAL, "core.view_audit"],
        ["agency"],
        False,
    ),
    (
        "sekdis",
        "Sekretaris Dinas (Sekdis)",
        "Sekretaris Dinas Ketenagakerjaan.",
        [*OFFICIAL, "core.view_audit", "core.manage_numbering"],
        ["agency"],
        False,
    ),
    (
        "kabid",
        "Kepala Bidang (Kabid)",
        "Kepala Bidang Pelatihan Kerja dan Peningkatan Produktivitas.",
        [*OFFICIAL, "core.view_audit"],
        ["agency"],
        False,
    ),
    (
        "kasi",
        "Kepala Seksi (Kasi)",
        "Kepala Seksi Sertifikasi Kompetensi dan Produktivitas.",
        [*OFFICIAL, "documents.upload"],
        ["agency"],
        False,
    ),
]

# Document kinds named in the SOPs and the glossary.
BUILTIN_DOCUMENT_TYPES: list[tuple[str, str, str]] = [
    ("memo", "Nota Dinas", "ND"),
    ("assignment_letter", "Surat Tugas", "ST"),
    ("minutes", "Berita Acara", "BA"),
    ("meeting_notes", "Notulen Rapat (Minutes of Meeting)", "MoM"),
    ("decree", "Surat Keputusan", "SK"),
    ("schedule_decree", "SK Jadwal Uji Kompetensi", "SK-JADWAL"),
    ("terms_of_reference", "Kerangka Acuan Kerja (TOR)", "TOR"),
    ("budget_plan", "Rencana Anggaran Biaya (RAB)", "RAB"),
    ("participant_card", "Kartu Peserta Uji Kompetensi", "KP"),
    ("site_verification", "Formulir Hasil Verifikasi TUK", "VTUK"),
    ("blank_request", "Surat Permohonan Blangko Sertifikat", "BLK"),
    ("letter", "Surat", "S"),
    ("report", "Laporan", "LAP"),
]
