from django.urls import URLPattern, path

from . import views_testday as views

urlpatterns: list[URLPattern] = [  # the testday screens (SOP PSM/DISNAKER-10 step 5)
    path("<uuid:public_id>/pelaksanaan/", views.test_day, name="test_day"),
    path("<uuid:public_id>/hasil/", views.results, name="results"),
    path("<uuid:public_id>/pelaksanaan/berkas/<uuid:file_id>/", views.event_file, name="testday_file"),
    path("daftar-hadir/<uuid:public_id>/", views.attendance, name="attendance"),
    path(
        "daftar-hadir/<uuid:public_id>/baris/<int:entry_id>/", views.attendance_line, name="attendance_line"
    ),
    path("daftar-hadir/baris/<int:entry_id>/tanda-tangan-saya/", views.sign_own_line, name="sign_own_line"),
    path("asesi/<uuid:public_id>/", views.assess, name="assess"),
    path("asesmen-saya/", views.my_assessments, name="my_assessments"),
    path("hasil-saya/", views.my_results, name="my_results"),
    path("banding/", views.appeals, name="appeals"),
    path("banding/<uuid:public_id>/putuskan/", views.appeal_decide, name="appeal_decide"),
]
