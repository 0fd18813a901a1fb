"""Sign in and out, change and reset passwords (Django's views, Indonesian templates)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import LoginForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/ganti/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/ganti/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path(
        "kata-sandi/lupa/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path("kata-sandi/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "kata-sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
