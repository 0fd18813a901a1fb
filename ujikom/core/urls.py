from django.urls import path

from .views import audit, calendar, dashboard, numbering, organizations, people, roles, tokens

app_name = "core"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("organisasi/ganti/", dashboard.switch_organization, name="switch_organization"),
    path("profil/", dashboard.profile, name="profile"),
    path("profil/token/", tokens.token_list, name="token_list"),
    path("profil/token/<str:prefix>/cabut/", tokens.token_revoke, name="token_revoke"),
    # Organizations and units
    path("organisasi/", organizations.organization_list, name="organization_list"),
    path("organisasi/baru/", organizations.organization_create, name="organization_create"),
    path("organisasi/<uuid:public_id>/", organizations.organization_detail, name="organization_detail"),
    path("organisasi/<uuid:public_id>/ubah/", organizations.organization_edit, name="organization_edit"),
    path("organisasi/<uuid:public_id>/unit/baru/", organizations.unit_create, name="unit_create"),
    path("unit/<uuid:public_id>/ubah/", organizations.unit_edit, name="unit_edit"),
    # People and role assignments
    path("pengguna/", people.people_list, name="people_list"),
    path("pengguna/baru/", people.person_create, name="person_create"),
    path("pengguna/<uuid:public_id>/", people.person_detail, name="person_detail"),
    path("pengguna/<uuid:public_id>/ubah/", people.person_edit, name="person_edit"),
    path("pengguna/<uuid:public_id>/kirim-tautan/", people.person_send_link, name="person_send_link"),
    path("pengguna/<uuid:public_id>/peran/baru/", people.assignment_create, name="assignment_create"),
    path("penugasan/<int:pk>/akhiri/", people.assignment_end, name="assignment_end"),
    # Role catalogue
    path("peran/", roles.role_list, name="role_list"),
    path("peran/baru/", roles.role_create, name="role_create"),
    path("peran/<slug:key>/ubah/", roles.role_edit, name="role_edit"),
    # Working calendar
    path("kalender/", calendar.calendar_view, name="calendar"),
    path("kalender/libur/baru/", calendar.holiday_create, name="holiday_create"),
    path("kalender/libur/<int:pk>/konfirmasi/", calendar.holiday_confirm, name="holiday_confirm"),
    path("kalender/libur/<int:pk>/hapus/", calendar.holiday_delete, name="holiday_delete"),
    path("kalender/jam-kerja/", calendar.office_hours_edit, name="office_hours_edit"),
    # Document numbering
    path("penomoran/", numbering.numbering_list, name="numbering_list"),
    path("penomoran/baru/", numbering.pattern_create, name="pattern_create"),
    path("penomoran/<int:pk>/ubah/", numbering.pattern_edit, name="pattern_edit"),
    # Audit
    path("audit/", audit.audit_log, name="audit_log"),
]
