from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ujikom.registry"
    label = "registry"
    verbose_name = _("Data induk: skema, TUK, asesor, peserta pelatihan")

    def ready(self) -> None:
        from ujikom.core.navigation import NAVIGATION, NavEntry
        from ujikom.core.permissions import PERMISSIONS

        PERMISSIONS.update(
            {
                "registry.view": _("Melihat data induk (skema, TUK, asesor, peserta pelatihan)"),
                "registry.manage": _("Mengelola data induk dan mengimpornya dari Excel"),
            }
        )
        section = _("Data induk")
        NAVIGATION.extend(
            [
                NavEntry(_("Skema sertifikasi"), "registry:scheme_list", "award", "registry.view", section),
                NavEntry(
                    _("Tempat uji kompetensi (TUK)"),
                    "registry:site_list",
                    "geo-alt",
                    "registry.view",
                    section,
                ),
                NavEntry(_("Asesor"), "registry:assessor_list", "person-check", "registry.view", section),
                NavEntry(
                    _("Program pelatihan"), "registry:program_list", "mortarboard", "registry.view", section
                ),
                NavEntry(
                    _("Sumber anggaran"), "registry:funding_list", "cash-coin", "registry.view", section
                ),
            ]
        )
        from ujikom.core.audit import register_event_labels
        from ujikom.core.demo import DEMO_LOADERS

        from .demo_schemes import load_schemes_demo
        from .services_schemes import EVENT_LABELS as SCHEME_EVENT_LABELS

        register_event_labels(SCHEME_EVENT_LABELS)
        DEMO_LOADERS.append(load_schemes_demo)
        from .demo_sites import load_sites_demo
        from .services_sites import EVENT_LABELS as SITE_EVENT_LABELS

        register_event_labels(SITE_EVENT_LABELS)
        DEMO_LOADERS.append(load_sites_demo)
        from .demo_training import load_training_demo
        from .services_training import EVENT_LABELS as TRAINING_EVENT_LABELS

        register_event_labels(TRAINING_EVENT_LABELS)
        DEMO_LOADERS.append(load_training_demo)
