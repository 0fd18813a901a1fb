from django.urls import URLPattern, path

from . import views_cases as views

urlpatterns: list[URLPattern] = [
    path("perusahaan/", views.company_list, name="company_list"),
    path("perusahaan/baru/", views.company_create, name="company_create"),
    path("perusahaan/<uuid:public_id>/", views.company_detail, name="company_detail"),
    path("perusahaan/<uuid:public_id>/ubah/", views.company_edit, name="company_edit"),
    path("kasus/", views.case_list, name="case_list"),
    path("kasus/baru/", views.case_create, name="case_create"),
    path("kasus/<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("kasus/<uuid:public_id>/identifikasi/", views.case_identification, name="case_identification"),
    path(
        "kasus/<uuid:public_id>/identifikasi/selesai/",
        views.case_identification_finish,
        name="case_identification_finish",
    ),
    path("kasus/<uuid:public_id>/kunjungan/baru/", views.case_visit_create, name="case_visit_create"),
    path(
        "kasus/<uuid:public_id>/kunjungan/<int:visit_id>/ubah/", views.case_visit_edit, name="case_visit_edit"
    ),
    path(
        "kasus/<uuid:public_id>/kunjungan/<int:visit_id>/hapus/",
        views.case_visit_delete,
        name="case_visit_delete",
    ),
    path(
        "kasus/<uuid:public_id>/kunjungan/selesai/", views.case_follow_up_finish, name="case_follow_up_finish"
    ),
    path("kasus/<uuid:public_id>/batalkan/", views.case_cancel, name="case_cancel"),
]
