from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ujikom.documents"
    label = "documents"
    verbose_name = _("Dokumen dan berkas")

    def ready(self) -> None:
        from ujikom.core.audit import register_event_labels

        register_event_labels(
            {
                "file.stored": _("Berkas disimpan"),
                "file.attached": _("Berkas dilampirkan"),
                "file.deleted": _("Berkas dihapus"),
            }
        )
