from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SopConfig(AppConfig):
    name = "ujikom.sop"
    label = "sop"
    verbose_name = _("SOP: pustaka dan mesin")

    def ready(self) -> None:
        from ujikom.core.navigation import NAVIGATION, NavEntry
        from ujikom.core.permissions import PERMISSIONS

        PERMISSIONS.update(
            {
                "sop.view": _("Melihat pustaka SOP dan pelaksanaannya di organisasi"),
                "sop.manage": _("Mengimpor, menyusun dan mencabut SOP"),
                "sop.run": _("Memulai dan membatalkan pelaksanaan SOP"),
            }
        )
        NAVIGATION[1:1] = [
            NavEntry(_("Tugas saya"), "sop:my_tasks", "check2-square"),
            NavEntry(_("Pustaka SOP"), "sop:library", "journal-text", "sop.view", _("SOP")),
            NavEntry(_("Pelaksanaan SOP"), "sop:run_list", "diagram-3", "sop.view", _("SOP")),
        ]
        self._ready_library()
        self._ready_engine()

    def _ready_library(self) -> None:
        from ujikom.core.audit import register_event_labels
        from ujikom.core.demo import DEMO_LOADERS

        from .library import load_seed_sops_demo

        if load_seed_sops_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_seed_sops_demo)
        register_event_labels(
            {
                "sop_version.imported": _("Versi SOP diimpor"),
                "sop_version.approved": _("Versi SOP disahkan"),
                "sop_version.withdrawn": _("Versi SOP dicabut"),
                "sop_version.drafted": _("Draf SOP dibuat dari versi sebelumnya"),
                "sop_version.identity_updated": _("Identitas draf SOP diubah"),
                "sop_version.actor_added": _("Pelaksana ditambahkan ke draf SOP"),
                "sop_version.actor_updated": _("Pelaksana draf SOP diubah"),
                "sop_version.actor_moved": _("Urutan pelaksana draf SOP diubah"),
                "sop_version.actor_removed": _("Pelaksana dihapus dari draf SOP"),
                "sop_version.step_added": _("Langkah ditambahkan ke draf SOP"),
                "sop_version.step_updated": _("Langkah draf SOP diubah"),
                "sop_version.step_moved": _("Urutan langkah draf SOP diubah"),
                "sop_version.step_removed": _("Langkah dihapus dari draf SOP"),
                "sop_version.replaced": _("Isi draf SOP diganti dari berkas"),
            }
        )

    def _ready_engine(self) -> None:
        from ujikom.core.audit import register_event_labels
        from ujikom.core.demo import DEMO_LOADERS

        from .engine_demo import load_demo_runs

        if load_demo_runs not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_demo_runs)
        register_event_labels(
            {
                "sop_run.started": _("Pelaksanaan SOP dimulai"),
                "sop_run.completed": _("Pelaksanaan SOP selesai"),
                "sop_run.cancelled": _("Pelaksanaan SOP dibatalkan"),
                "sop_step.activated": _("Langkah SOP dimulai"),
                "sop_step.completed": _("Langkah SOP selesai"),
                "sop_step.waiting": _("Langkah SOP menunggu SOP terkait"),
                "sop_step.resumed": _("Langkah SOP dilanjutkan setelah SOP terkait selesai"),
                "sop_task.claimed": _("Tugas SOP diambil"),
                "sop_task.released": _("Tugas SOP dilepas"),
                "sop_task.completed": _("Tugas SOP diselesaikan (tanda tangan)"),
                "sop_task.warned": _("Pengingat batas waktu tugas SOP dikirim"),
                "sop_task.escalated": _("Tugas SOP lewat batas waktu dieskalasi ke atasan"),
                "sop_output.attached": _("Output langkah SOP diunggah"),
                "sop_output.replaced": _("Output langkah SOP diganti"),
            }
        )
