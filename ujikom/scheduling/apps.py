from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "ujikom.scheduling"
    label = "scheduling"
    verbose_name = _("Penjadwalan: target, rencana, uji kompetensi, pendaftaran")

    def ready(self) -> None:
        from ujikom.core.navigation import NAVIGATION, NavEntry
        from ujikom.core.permissions import PERMISSIONS
        from ujikom.sop.actions import get_action

        from .sop_binding import event_url, register_event_action

        # SOP step actions: the screen each bound step opens (STMI 1.3.3 steps 1-4, PSM/DISNAKER-10 steps 1-4).
        for key, label, url in [
            (
                "scheduling.targets",
                _("Target uji kompetensi"),
                lambda event: reverse("scheduling:target_list"),
            ),
            (
                "scheduling.plan",
                _("Rencana uji (TOR, RAB, SK Jadwal)"),
                lambda event: reverse("scheduling:plan_list"),
            ),
            ("scheduling.registration", _("Pendaftaran peserta"), event_url("scheduling:registration_list")),
            ("scheduling.site_verification", _("Verifikasi TUK"), event_url("scheduling:site_verification")),
            (
                "scheduling.schedule_distribution",
                _("Distribusi jadwal"),
                event_url("scheduling:schedule_distribution"),
            ),
            (
                "scheduling.assessor_assignment",
                _("Penugasan asesor"),
                event_url("scheduling:assessor_assignment"),
            ),
            ("scheduling.readiness", _("Kesiapan sarana prasarana"), event_url("scheduling:readiness")),
            ("scheduling.reminders", _("Pengingat peserta"), event_url("scheduling:reminders")),
            (
                "scheduling.attendance_confirmation",
                _("Konfirmasi kehadiran"),
                event_url("scheduling:unconfirmed"),
            ),
        ]:
            if get_action(key) is None:
                register_event_action(key, label, url)
        from ujikom.core.audit import register_event_labels
        from ujikom.core.demo import DEMO_LOADERS

        from .demo_events import load_events_demo
        from .services_events import EVENT_LABELS as EVENT_EVENT_LABELS

        register_event_labels(EVENT_EVENT_LABELS)

        if load_events_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_events_demo)
        from .demo_registration import load_registration_demo

        if load_registration_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_registration_demo)
        from .demo_assignments import load_assignments_demo

        if load_assignments_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_assignments_demo)
        from ujikom.core.audit import register_event_labels

        from .services_assignments import ASSESSOR_ROLE
        from .services_assignments import EVENT_LABELS as ASSIGNMENT_EVENT_LABELS

        register_event_labels(ASSIGNMENT_EVENT_LABELS)
        from .demo_readiness import load_readiness_demo
        from .services_readiness import EVENT_LABELS as READINESS_EVENT_LABELS

        register_event_labels(READINESS_EVENT_LABELS)
        if load_readiness_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_readiness_demo)

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
                NavEntry(
                    _("Portal asesor"),
                    "scheduling:assessor_portal",
                    "person-workspace",
                    None,
                    section,
                    roles=(ASSESSOR_ROLE,),
                ),
            ]
        )
        from ujikom.core.audit import register_event_labels

        from .services_registration import EVENT_LABELS as REGISTRATION_EVENT_LABELS

        register_event_labels(REGISTRATION_EVENT_LABELS)
