from django.urls import path

from .views import library

urlpatterns = [
    path("pustaka/", library.library_list, name="library"),
    path("pustaka/unggah/", library.upload, name="upload"),
    path("pustaka/<uuid:public_id>/", library.sop_detail, name="sop_detail"),
    path("versi/<uuid:public_id>/", library.version_detail, name="version_detail"),
    path("versi/<uuid:public_id>/pdf/", library.version_pdf, name="version_pdf"),
    path("versi/<uuid:public_id>/yaml/", library.version_yaml, name="version_yaml"),
    path("versi/<uuid:public_id>/sahkan/", library.version_approve, name="version_approve"),
    path("versi/<uuid:public_id>/cabut/", library.version_withdraw, name="version_withdraw"),
    path("versi/<uuid:public_id>/draf-baru/", library.new_draft, name="new_draft"),
    # Editing a draft
    path("versi/<uuid:public_id>/ubah/", library.version_edit, name="version_edit"),
    path("versi/<uuid:public_id>/pelaksana/baru/", library.actor_add, name="actor_add"),
    path("versi/<uuid:public_id>/pelaksana/<slug:key>/", library.actor_edit, name="actor_edit"),
    path("versi/<uuid:public_id>/pelaksana/<slug:key>/geser/", library.actor_move, name="actor_move"),
    path("versi/<uuid:public_id>/pelaksana/<slug:key>/hapus/", library.actor_remove, name="actor_remove"),
    path("versi/<uuid:public_id>/langkah/baru/", library.step_add, name="step_add"),
    path("versi/<uuid:public_id>/langkah/<int:number>/", library.step_edit, name="step_edit"),
    path("versi/<uuid:public_id>/langkah/<int:number>/geser/", library.step_move, name="step_move"),
    path("versi/<uuid:public_id>/langkah/<int:number>/hapus/", library.step_remove, name="step_remove"),
]
