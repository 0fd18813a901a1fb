"""The working calendar pages: office hours and holidays of the organization one acts for.

Needs `core.manage_calendar` in the acting organization. National holidays and the default
office hours belong to system administrators; an organization's administrators manage its
local holidays and its own office hours. Every change is a POST.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import require_permission
from ..calendar import WorkingCalendar, holidays_of_year, office_week
from ..calendar_forms import HolidayForm, OfficeHoursForm
from ..calendar_services import (
    confirm_holiday,
    create_holiday,
    delete_holiday,
    seed_holidays,
    set_office_hours,
)
from ..http import AuthenticatedHttpRequest
from ..models import Holiday, Organization

PERMISSION = "core.manage_calendar"
DEFAULT_SCOPE = "bawaan"
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _authorize(request: AuthenticatedHttpRequest) -> Organization | None:
    """The acting organization, once the user may manage its calendar (system administrators always may)."""
    organization: Organization | None = request.organization
    if not request.user.is_superuser:
        require_permission(request.user, PERMISSION, organization)
    return organization


def _may_change(
    request: AuthenticatedHttpRequest, organization: Organization | None, scope: Organization | None
) -> bool:
    """National rows (scope None) are the system administrator's; local rows the acting organization's."""
    if scope is None:
        return request.user.is_superuser
    return organization is not None and scope.pk == organization.pk


def _holiday_in_reach(organization: Organization | None, pk: int) -> Holiday:
    """A national holiday or a local one of the acting organization; any other is not found."""
    reach = Q(organization__isnull=True)
    if organization is not None:
        reach |= Q(organization=organization)
    return get_object_or_404(Holiday.objects.select_related("organization"), reach, pk=pk)


def _year_of(request: AuthenticatedHttpRequest) -> int:
    this_year = timezone.localdate().year
    raw = (request.GET.get("tahun") or request.POST.get("tahun") or "").strip()
    if not raw:
        return this_year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        messages.warning(
            request,
            _("Tahun “%(raw)s” tidak dikenal; ditampilkan tahun %(year)s (isi tahun %(first)s–%(last)s).")
            % {"raw": raw[:10], "year": this_year, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
        return this_year
    return int(raw)


def _calendar_url(year: int) -> str:
    return f"{reverse('core:calendar')}?tahun={year}"


def _render_calendar(
    request: AuthenticatedHttpRequest, organization: Organization | None, year: int, form: HolidayForm
) -> HttpResponse:
    holidays = holidays_of_year(organization=organization, year=year)
    calendar = WorkingCalendar(organization)
    context = {
        "organization": organization,
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "week": office_week(organization=organization),
        "rows": [(holiday, _may_change(request, organization, holiday.organization)) for holiday in holidays],
        "unconfirmed": sum(1 for holiday in holidays if holiday.confirmed_at is None),
        "working_days": calendar.working_days_in(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        "form": form,
        "is_system_admin": request.user.is_superuser,
        "default_scope": DEFAULT_SCOPE,
    }
    return render(request, "core/calendar.html", context)


@login_required
def calendar_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Office hours and the holidays of a year (?tahun=2026); a system administrator may seed a year by POST."""
    organization = _authorize(request)
    year = _year_of(request)
    if request.method == "POST":
        if not request.user.is_superuser:
            raise PermissionDenied(_("Hanya administrator sistem yang dapat mengisi hari libur nasional."))
        created = seed_holidays(years=[year], actor=request.user)
        if created:
            messages.success(
                request,
                _(
                    "%(count)s hari libur tahun %(year)s ditambahkan dari paket holidays; periksa lalu konfirmasi."
                )
                % {"count": created, "year": year},
            )
        else:
            messages.info(request, _("Tidak ada hari libur baru untuk tahun %(year)s.") % {"year": year})
        return redirect(_calendar_url(year))
    form = HolidayForm(allow_national=request.user.is_superuser)
    return _render_calendar(request, organization, year, form)


@login_required
def holiday_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _authorize(request)
    form = HolidayForm(request.POST or None, allow_national=request.user.is_superuser)
    if request.method == "POST" and form.is_valid():
        kind = form.holiday_kind
        scope = None if kind != Holiday.Kind.LOCAL else organization
        try:
            holiday = create_holiday(
                organization=scope,
                date=form.cleaned_data["date"],
                name=form.cleaned_data["name"],
                kind=kind,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Hari libur %(name)s pada %(date)s ditambahkan.")
                % {"name": holiday.name, "date": date_format(holiday.date)},
            )
            return redirect(_calendar_url(holiday.date.year))
    return render(request, "core/calendar_holiday_form.html", {"form": form, "organization": organization})


@login_required
@require_POST
def holiday_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = _authorize(request)
    holiday = _holiday_in_reach(organization, pk)
    if not _may_change(request, organization, holiday.organization):
        raise PermissionDenied(_("Hanya administrator sistem yang dapat mengonfirmasi hari libur nasional."))
    confirm_holiday(holiday=holiday, actor=request.user)
    messages.success(
        request,
        _("%(name)s pada %(date)s dikonfirmasi.") % {"name": holiday.name, "date": date_format(holiday.date)},
    )
    return redirect(_calendar_url(holiday.date.year))


@login_required
@require_POST
def holiday_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = _authorize(request)
    holiday = _holiday_in_reach(organization, pk)
    if not _may_change(request, organization, holiday.organization):
        raise PermissionDenied(_("Hanya administrator sistem yang dapat menghapus hari libur nasional."))
    name, day = holiday.name, holiday.date
    delete_holiday(holiday=holiday, actor=request.user)
    messages.success(
        request,
        _("Hari libur %(name)s pada %(date)s dihapus; tanggal itu kembali menjadi hari kerja.")
        % {"name": name, "date": date_format(day)},
    )
    return redirect(_calendar_url(day.year))


@login_required
def office_hours_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The acting organization's own hours; with ?lingkup=bawaan the default hours (system administrators)."""
    organization = _authorize(request)
    default_scope = (request.GET.get("lingkup") or request.POST.get("lingkup")) == DEFAULT_SCOPE
    if default_scope and not request.user.is_superuser:
        raise PermissionDenied(_("Hanya administrator sistem yang dapat mengubah jam kerja bawaan."))
    if not default_scope and organization is None:
        raise Http404(_("Pilih organisasi yang jam kerjanya akan diubah."))
    scope = None if default_scope else organization
    week = office_week(organization=organization)
    form = OfficeHoursForm(request.POST or None, week=week, default_scope=default_scope)
    if request.method == "POST" and form.is_valid():
        try:
            set_office_hours(organization=scope, hours=form.hours(), actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if scope is None:  # the default hours
                messages.success(request, _("Jam kerja bawaan disimpan."))
            else:
                messages.success(
                    request,
                    _("Jam kerja %(org)s disimpan.") % {"org": scope.display_name},
                )
            return redirect("core:calendar")
    return render(
        request,
        "core/calendar_office_hours.html",
        {
            "form": form,
            "organization": organization,
            "default_scope": default_scope,
            "scope_value": DEFAULT_SCOPE,
        },
    )
