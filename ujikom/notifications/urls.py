from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<uuid:public_id>/kirim-ulang/", views.message_retry, name="message_retry"),
    path("<uuid:public_id>/batalkan/", views.message_cancel, name="message_cancel"),
    path("templat/", views.template_list, name="template_list"),
    path("templat/<int:pk>/ubah/", views.template_edit, name="template_edit"),
    path("templat/<int:pk>/kembalikan/", views.template_reset, name="template_reset"),
]
