from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "ujikom.certificates"
    label = "certificates"
    verbose_name = _("Sertifikat kompetensi: penerbitan, tanda tangan, verifikasi, status")

    def ready(self) -> None:
        from ujikom.core.audit import register_event_labels
        from ujikom.core.permissions import PERMISSIONS

        PERMISSIONS.update(
            {
                "certificates.view": _("Melihat sertifikat kompetensi yang diterbitkan LSP"),
                "certificates.issue": _("Menerbitkan sertifikat kompetensi dari SK Penetapan"),
                "certificates.manage": _("Membekukan, mencabut dan menerbitkan ulang sertifikat"),
                "certificates.keys": _("Mengelola kunci tanda tangan sertifikat LSP"),
            }
        )
        register_event_labels(
            {
                "certificates.key_created": _("Kunci tanda tangan sertifikat dibuat"),
                "certificates.key_rotated": _("Kunci tanda tangan sertifikat diganti"),
            }
        )
        from ujikom.scheduling.selectors_registration import CERTIFICATION_CHECKERS

        from .checks import holds_valid_certificate

        if holds_valid_certificate not in CERTIFICATION_CHECKERS:
            CERTIFICATION_CHECKERS.append(holds_valid_certificate)
        from . import apps_parts

        apps_parts.ready()
