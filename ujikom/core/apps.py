from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ujikom.core"
    label = "core"
    verbose_name = _("Inti: organisasi, orang, peran")

    def ready(self) -> None:
        from .audit import register_event_labels

        register_event_labels(
            {
                "organization.created": _("Organisasi didaftarkan"),
                "organization.updated": _("Data organisasi diubah"),
                "unit.created": _("Unit kerja ditambahkan"),
                "unit.updated": _("Unit kerja diubah"),
                "person.created": _("Pengguna didaftarkan"),
                "person.updated": _("Data pengguna diubah"),
                "person.profile_updated": _("Profil diubah oleh pemiliknya"),
                "person.password_link_sent": _("Tautan kata sandi dikirim"),
                "role.created": _("Peran ditambahkan ke katalog"),
                "role.updated": _("Peran di katalog diubah"),
                "role_assignment.created": _("Peran diberikan"),
                "role_assignment.ended": _("Peran diakhiri"),
                "api_token.created": _("Token API dibuat"),
                "api_token.revoked": _("Token API dicabut"),
                "holiday.created": _("Hari libur ditambahkan"),
                "holiday.confirmed": _("Hari libur dikonfirmasi"),
                "holiday.deleted": _("Hari libur dihapus"),
                "holiday.seeded": _("Hari libur nasional dimuat"),
                "office_hours.updated": _("Jam kerja diubah"),
                "numbering_pattern.created": _("Pola penomoran dibuat"),
                "numbering_pattern.updated": _("Pola penomoran diubah"),
                "document_number.issued": _("Nomor dokumen diberikan"),
            }
        )
