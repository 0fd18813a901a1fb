from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ujikom.notifications"
    label = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        from ujikom.core.audit import register_event_labels

        register_event_labels(
            {
                "message.queued": _("Pesan dimasukkan ke antrean"),
                "message.retried": _("Pesan dikirim ulang"),
                "message.cancelled": _("Pesan dibatalkan"),
                "message.failed": _("Pesan gagal dikirim"),
                "message_template.overridden": _("Templat pesan dibuat khusus untuk organisasi"),
                "message_template.updated": _("Templat pesan diubah"),
                "message_template.reset": _("Templat pesan dikembalikan ke bawaan"),
            }
        )
