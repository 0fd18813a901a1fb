from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductivityConfig(AppConfig):
    name = "ujikom.productivity"
    label = "productivity"
    verbose_name = _("Bimbingan teknis peningkatan produktivitas")

    def ready(self) -> None:
        from ujikom.core.permissions import PERMISSIONS

        PERMISSIONS.update(
            {
                "productivity.view": _("Melihat register perusahaan dan kasus bimbingan produktivitas"),
                "productivity.record": _(
                    "Mendaftarkan perusahaan dan mencatat pekerjaan kasus bimbingan "
                    "(identifikasi, indikator, sebab, rencana, kunjungan, evaluasi)"
                ),
                "productivity.lead": _("Membuka, menutup dan membatalkan kasus bimbingan produktivitas"),
            }
        )
        from . import apps_parts

        apps_parts.ready()
