from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<uuid:public_id>/kirim-ulang/", views.message_retry, name="message_retry"),
    path("templat/", views.template_list, name="template_list"),
    path("templat/<int:pk>/ubah/", views.template_edit, name="template_edit"),
]
