from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from ujikom.api.urls import api
from ujikom.core.language import switch_language

admin.site.site_header = "Ujikom"
admin.site.site_title = "Ujikom"

urlpatterns = [
    path("", include("ujikom.core.urls")),
    path("akun/", include("ujikom.core.account_urls")),
    path("dokumen/", include("ujikom.documents.urls")),
    path("sop/", include("ujikom.sop.urls")),
    path("data/", include("ujikom.registry.urls")),
    path("uji/", include("ujikom.scheduling.urls")),
    path("asesmen/", include("ujikom.assessment.urls")),
    path("sertifikat/", include("ujikom.certificates.urls")),
    path("", include(("ujikom.certificates.public_urls", "public"), namespace="public")),
    path("notifikasi/", include("ujikom.notifications.urls")),
    path("laporan/", include("ujikom.reports.urls")),
    path("produktivitas/", include("ujikom.productivity.urls")),
    path("api/v1/", api.urls),
    path("bahasa/", switch_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
