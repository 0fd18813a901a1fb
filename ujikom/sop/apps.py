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
            NavEntry(_("Pustaka SOP"), "sop:library", "journal-text", "sop.view"),
            NavEntry(_("Pelaksanaan SOP"), "sop:run_list", "diagram-3", "sop.view"),
        ]
