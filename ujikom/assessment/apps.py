from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "ujikom.assessment"
    label = "assessment"
    verbose_name = _("Asesmen: pelaksanaan uji, hasil, berita acara, kaji ulang, arsip, keputusan LSP")

    def ready(self) -> None:
        from ujikom.core.permissions import PERMISSIONS
        from ujikom.scheduling.sop_binding import event_url, register_event_action
        from ujikom.sop.actions import get_action

        PERMISSIONS.update(
            {
                "assessment.view": _("Melihat pelaksanaan uji, hasil, berita acara, kaji ulang dan arsip"),
                "assessment.conduct": _(
                    "Melaksanakan uji: daftar hadir, dokumentasi, pembagian asesi, berita acara"
                ),
                "assessment.assess": _("Mencatat hasil asesmen (K/BK) sebagai asesor yang ditugaskan"),
                "assessment.review": _("Mengkaji ulang pelaksanaan uji dan menyusun minutes of meeting"),
                "assessment.archive": _("Mengarsipkan berkas uji kompetensi"),
                "assessment.decide": _("Rapat pleno, SK Penetapan dan keputusan banding"),
                "assessment.blanks": _(
                    "Permohonan blangko ke BNSP, mutasi blangko dan nomor sertifikat BNSP"
                ),
            }
        )
        # SOP step actions: PSM/DISNAKER-10 steps 5-8, STMI 1.3.3 steps 5-6.
        for key, label, name in [
            (
                "assessment.test_day",
                _("Pelaksanaan uji: daftar hadir, dokumentasi, hasil"),
                "assessment:test_day",
            ),
            ("assessment.minutes", _("Berita acara uji kompetensi"), "assessment:minutes"),
            ("assessment.review", _("Kaji ulang dan rekomendasi ke LSP"), "assessment:review"),
            ("assessment.archive", _("Arsip uji kompetensi"), "assessment:archive"),
            (
                "assessment.decision",
                _("Rapat pleno, SK Penetapan dan permohonan blangko"),
                "assessment:decision",
            ),
        ]:
            if get_action(key) is None:
                register_event_action(key, label, event_url(name))
        from . import apps_parts

        apps_parts.ready()
        from ujikom.core.demo import DEMO_LOADERS

        from .demo import load_assessment_demo

        if load_assessment_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_assessment_demo)
