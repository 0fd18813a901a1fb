from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "ujikom.scheduling"
    label = "scheduling"
    verbose_name = _("Penjadwalan: target, rencana, uji kompetensi, pendaftaran")

    def ready(self) -> None:
        from ujikom.core.navigation import NAVIGATION, NavEntry
        from ujikom.core.permissions import PERMISSIONS

        PERMISSIONS.update(
            {
                "scheduling.view": _("Melihat target, rencana, jadwal uji dan pendaftaran"),
                "scheduling.manage": _("Mengelola target, rencana dan jadwal uji kompetensi"),
                "scheduling.register": _("Mendaftarkan peserta dan memeriksa permohonan (FR.APL.01)"),
            }
        )
        section = _("Uji kompetensi")
        NAVIGATION[1:1] = [
            NavEntry(_("Jadwal uji"), "scheduling:event_list", "calendar-event", "scheduling.view"),
        ]
        NAVIGATION.extend(
            [
                NavEntry(_("Target"), "scheduling:target_list", "bullseye", "scheduling.view", section),
                NavEntry(
                    _("Rencana (TOR/RAB)"),
                    "scheduling:plan_list",
                    "clipboard-data",
                    "scheduling.view",
                    section,
                ),
                NavEntry(_("Portal peserta"), "scheduling:candidate_portal", "person-vcard", None, section),
                NavEntry(_("Portal asesor"), "scheduling:assessor_portal", "person-workspace", None, section),
            ]
        )
