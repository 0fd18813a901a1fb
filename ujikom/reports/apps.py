from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ujikom.reports"
    label = "reports"
    verbose_name = _("Evaluasi dan pelaporan: laporan periode, kepatuhan waktu SOP, dasbor, register")

    def ready(self) -> None:
        from ujikom.core.permissions import PERMISSIONS

        PERMISSIONS.update(
            {
                "reports.view": _("Melihat laporan, dasbor dan register organisasi"),
                "reports.complaints": _("Mencatat dan menindaklanjuti pengaduan"),
            }
        )
        from . import apps_parts

        apps_parts.ready()
