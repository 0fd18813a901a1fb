from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.file_list, name="file_list"),
    path("unggah/", views.file_upload, name="file_upload"),
    path("<uuid:public_id>/unduh/", views.file_download, name="file_download"),
]
