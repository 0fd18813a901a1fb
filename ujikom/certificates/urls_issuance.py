from django.urls import URLPattern, path, re_path

from . import views_issuance as views

CERTIFICATE_ID = r"(?P<public_id>[1-9A-HJ-NP-Za-km-z]{22})"  # base58, see models.new_public_id

urlpatterns: list[URLPattern] = [
    path("", views.certificate_list, name="list"),
    path("keputusan/<uuid:public_id>/", views.issuance, name="issuance"),
    re_path(rf"^{CERTIFICATE_ID}/$", views.certificate_detail, name="detail"),
    re_path(rf"^{CERTIFICATE_ID}/pdf/$", views.certificate_pdf, name="pdf"),
]
