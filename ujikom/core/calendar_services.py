"""The only writers of the working calendar: holidays and office hours.

Who may call them is decided by the pages: national holidays and the default office hours
belong to system administrators; an organization's administrators manage its local
holidays and its own office hours.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .audit import record_event
from .models import Holiday, OfficeHours, Organization, User

JOINT_LEAVE_PREFIX = "Cuti Bersama"
NAME_MAX = Holiday._meta.get_field("name").max_length or 200


def _package_holidays(years: list[int]) -> dict[dt.date, str]:
    """Indonesian public holidays and cuti bersama from the `holidays` package, names in Indonesian."""
    import holidays

    calendar = holidays.Indonesia(
        years=years, categories=holidays.Indonesia.supported_categories, language="id"
    )
    return dict(calendar.items())


def _kind_of(name: str) -> str:
    """Cuti bersama only when every holiday named on that date is one; a real holiday wins."""
    parts = [part.strip() for part in name.split(";") if part.strip()]
    if parts and all(part.startswith(JOINT_LEAVE_PREFIX) for part in parts):
        return Holiday.Kind.JOINT_LEAVE
    return Holiday.Kind.NATIONAL


@transaction.atomic
def seed_holidays(*, years: list[int], actor: User | None = None) -> int:
    """Add the national holidays and cuti bersama of `years` from the `holidays` package.

    The rows are marked as coming from the package and unconfirmed until an administrator
    checks them (cuti bersama are set yearly by joint ministerial decree and may change).
    Dates that already have a national holiday are left alone, so running it again adds
    nothing; one audit event records what a run added. Returns how many holidays were added.
    """
    years = sorted({int(year) for year in years})
    if not years:
        return 0
    found = _package_holidays(years)
    existing = set(
        Holiday.objects.filter(organization__isnull=True, date__year__in=years).values_list("date", flat=True)
    )
    new = [
        Holiday(
            organization=None,
            date=day,
            name=name[:NAME_MAX],
            kind=_kind_of(name),
            source=Holiday.Source.PACKAGE,
        )
        for day, name in sorted(found.items())
        if day not in existing
    ]
    if not new:
        return 0
    Holiday.objects.bulk_create(new)
    record_event(
        None,
        "holiday.seeded",
        actor=actor,
        data={"years": years, "created": len(new), "dates": [holiday.date for holiday in new]},
    )
    return len(new)


@transaction.atomic
def confirm_holiday(*, holiday: Holiday, actor: User) -> Holiday:
    """Record that an official checked the date and name of a holiday."""
    if holiday.confirmed_at is not None:
        return holiday
    holiday.confirmed_at = timezone.now()
    holiday.confirmed_by = actor
    holiday.save(update_fields=["confirmed_at", "confirmed_by"])
    record_event(holiday, "holiday.confirmed", actor=actor, data={"date": holiday.date, "name": holiday.name})
    return holiday


def _scope_label(organization: Organization | None) -> str:
    return organization.display_name if organization is not None else _("nasional")


@transaction.atomic
def create_holiday(
    *, organization: Organization | None, date: dt.date | None, name: str, kind: str, actor: User
) -> Holiday:
    """Add a holiday entered by an administrator: a national one (organization None) or a local one.

    The person entering it vouches for it, so it is confirmed at once.
    """
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = _("Tanggal wajib diisi.")
    if not name:
        errors["name"] = _("Nama hari libur wajib diisi.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Nama hari libur paling panjang %(max)d karakter.") % {"max": NAME_MAX}
    if kind not in Holiday.Kind.values:
        errors["kind"] = _("Jenis hari libur tidak dikenal.")
    elif organization is None and kind == Holiday.Kind.LOCAL:
        errors["kind"] = _("Libur lokal harus untuk satu organisasi; pilih libur nasional atau cuti bersama.")
    elif organization is not None and kind != Holiday.Kind.LOCAL:
        errors["kind"] = _("Hari libur sebuah organisasi berjenis libur lokal/instansi.")
    if errors:
        raise ValidationError(errors)
    assert date is not None
    same_scope = Holiday.objects.filter(date=date)
    same_scope = (
        same_scope.filter(organization__isnull=True)
        if organization is None
        else same_scope.filter(organization=organization)
    )
    clash = same_scope.first()
    if clash is not None:
        raise ValidationError(
            {
                "date": _("Tanggal %(date)s sudah tercatat sebagai hari libur %(scope)s: %(name)s.")
                % {"date": date_format(date), "scope": _scope_label(organization), "name": clash.name}
            }
        )
    holiday = Holiday.objects.create(
        organization=organization,
        date=date,
        name=name,
        kind=kind,
        source=Holiday.Source.MANUAL,
        confirmed_at=timezone.now(),
        confirmed_by=actor,
    )
    record_event(
        holiday,
        "holiday.created",
        actor=actor,
        organization=organization,
        data={"date": date, "name": name, "kind": kind},
    )
    return holiday


@transaction.atomic
def delete_holiday(*, holiday: Holiday, actor: User) -> None:
    """Remove a holiday: the day becomes a working day again (due times computed later see it)."""
    record_event(
        holiday,
        "holiday.deleted",
        actor=actor,
        organization=holiday.organization,
        data={"date": holiday.date, "name": holiday.name, "kind": holiday.kind, "source": holiday.source},
    )
    holiday.delete()


def _weekday_label(weekday: int) -> str:
    return str(OfficeHours.Weekday(weekday).label)


@transaction.atomic
def set_office_hours(
    *,
    organization: Organization | None,
    hours: dict[int, tuple[dt.time | None, dt.time | None] | None],
    actor: User,
) -> list[OfficeHours]:
    """Set office hours per weekday (0 = Monday) for an organization, or the default (organization None).

    For the default, None closes that weekday. For an organization, None removes its own
    hours for that weekday so the default applies again (a closure on a day the default
    keeps open is entered as a local holiday). Weekdays not in `hours` stay as they are.
    Returns the rows of that scope after the change.
    """
    errors: dict[str, str] = {}
    checked: dict[int, tuple[dt.time, dt.time] | None] = {}  # `hours` once every row is whole
    for weekday, value in hours.items():
        if weekday not in OfficeHours.Weekday.values:
            errors["__all__"] = _("Hari tidak dikenal: %(weekday)s.") % {"weekday": weekday}
            continue
        if value is None:
            checked[weekday] = None
            continue
        opens, closes = value
        if opens is None or closes is None:
            errors[f"closes_{weekday}" if opens is not None else f"opens_{weekday}"] = _(
                "%(day)s: isi jam buka dan jam tutup, atau kosongkan keduanya."
            ) % {"day": _weekday_label(weekday)}
        elif closes <= opens:
            errors[f"closes_{weekday}"] = _("%(day)s: jam tutup harus setelah jam buka (%(opens)s).") % {
                "day": _weekday_label(weekday),
                "opens": opens.strftime("%H.%M"),
            }
        else:
            checked[weekday] = (opens, closes)
    if errors:
        raise ValidationError(errors)

    rows = OfficeHours.objects.select_for_update()
    rows = (
        rows.filter(organization__isnull=True)
        if organization is None
        else rows.filter(organization=organization)
    )
    current = {row.weekday: row for row in rows}
    closed = {weekday for weekday, value in checked.items() if value is None}
    open_after = ({*current} | {*checked}) - closed
    if organization is None and not open_after:
        raise ValidationError(
            _("Jam kerja bawaan harus memiliki paling sedikit satu hari kerja dalam seminggu.")
        )
    changes: dict[str, list[str | None]] = {}
    for weekday, value in sorted(checked.items()):
        row = current.get(weekday)
        before = f"{row.opens_at:%H:%M}-{row.closes_at:%H:%M}" if row else None
        if value is None:
            if row is not None:
                row.delete()
                del current[weekday]
        elif row is None:
            current[weekday] = OfficeHours.objects.create(
                organization=organization, weekday=weekday, opens_at=value[0], closes_at=value[1]
            )
        elif (row.opens_at, row.closes_at) != value:
            row.opens_at, row.closes_at = value
            row.save(update_fields=["opens_at", "closes_at"])
        after = f"{value[0]:%H:%M}-{value[1]:%H:%M}" if value else None
        if before != after:
            changes[str(weekday)] = [before, after]
    if changes:
        record_event(
            organization,
            "office_hours.updated",
            actor=actor,
            organization=organization,
            data={"scope": "default" if organization is None else "organization", "changes": changes},
        )
    return [current[weekday] for weekday in sorted(current)]
