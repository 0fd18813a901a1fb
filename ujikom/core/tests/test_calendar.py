"""The working calendar: time standards to due times, holidays, office hours and the calendar pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from ujikom.core.calendar import (
    JAKARTA,
    WorkingCalendar,
    WorkingDuration,
    add_working_time,
    parse_duration,
    working_time_between,
)
from ujikom.core.calendar_services import (
    confirm_holiday,
    create_holiday,
    delete_holiday,
    seed_holidays,
    set_office_hours,
)
from ujikom.core.models import AuditEvent, Holiday, OfficeHours

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def national(*days: tuple[dt.date, str, str]) -> None:
    Holiday.objects.bulk_create(Holiday(date=day, name=name, kind=kind) for day, name, kind in days)


JOINT = Holiday.Kind.JOINT_LEAVE
NATIONAL = Holiday.Kind.NATIONAL


@pytest.fixture
def lebaran_2026():
    """The 2026 break as decreed: Nyepi and Idul Fitri with cuti bersama, Wednesday 18 to Tuesday 24 March."""
    national(
        (dt.date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi", JOINT),
        (dt.date(2026, 3, 19), "Hari Suci Nyepi", NATIONAL),
        (dt.date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri", JOINT),
        (dt.date(2026, 3, 21), "Hari Raya Idul Fitri", NATIONAL),
        (dt.date(2026, 3, 22), "Hari kedua dari Hari Raya Idul Fitri", NATIONAL),
        (dt.date(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri", JOINT),
        (dt.date(2026, 3, 24), "Cuti Bersama Hari Raya Idul Fitri", JOINT),
    )


@pytest.fixture
def idul_fitri_from_friday():
    """A break with no Nyepi before it: cuti bersama Friday 20, Idul Fitri 21–22, cuti bersama Monday 23–Tuesday 24."""
    national(
        (dt.date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri", JOINT),
        (dt.date(2026, 3, 21), "Hari Raya Idul Fitri", NATIONAL),
        (dt.date(2026, 3, 22), "Hari kedua dari Hari Raya Idul Fitri", NATIONAL),
        (dt.date(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri", JOINT),
        (dt.date(2026, 3, 24), "Cuti Bersama Hari Raya Idul Fitri", JOINT),
    )


# Reading time standards ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 menit", WorkingDuration(15, "minutes")),
        ("4 jam", WorkingDuration(4, "hours")),
        ("1 hari", WorkingDuration(1, "days")),
        ("2 Hari Kerja", WorkingDuration(2, "days")),
        ("2 minggu", WorkingDuration(2, "weeks")),
        ("1 pekan", WorkingDuration(1, "weeks")),
        ("1 bulan", WorkingDuration(1, "months")),
        ("3 x 24 jam", WorkingDuration(3, "days")),
        ("3x24 jam", WorkingDuration(3, "days")),
        ("2X24 Jam", WorkingDuration(2, "days")),
        ("1,5 jam", WorkingDuration(90, "minutes")),
        ("  30   menit ", WorkingDuration(30, "minutes")),
    ],
)
def test_indonesian_time_standards_are_read(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", [None, "", "   "])
def test_a_blank_time_means_no_standard(text):
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2 hri", 'satuan waktu tidak dikenal "hri"'),
        ("3 x 24 hri", 'satuan waktu tidak dikenal "hri"'),
        ("3 x 8 jam", '"3 x 8 jam" tidak dikenal'),
        ("jam", "tidak dapat dibaca"),
        ("satu hari", "tidak dapat dibaca"),
        ("1,5 hari", "harus bilangan bulat"),
    ],
)
def test_unreadable_time_standards_say_what_is_wrong_in_indonesian(text, message):
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


def test_a_duration_prints_as_officials_write_it():
    assert str(parse_duration("3 x 24 jam")) == "3 hari"
    assert str(WorkingDuration(2, "weeks")) == "2 minggu"


# Due times ---------------------------------------------------------------------------------------


def test_four_hours_from_thursday_afternoon_end_on_friday_morning():
    due = add_working_time(at(2026, 3, 12, 14), parse_duration("4 jam"))

    assert due == at(2026, 3, 13, 10)


def test_four_hours_from_thursday_noon_end_at_closing_time_the_same_day():
    assert add_working_time(at(2026, 3, 12, 12), "4 jam") == at(2026, 3, 12, 16)


def test_a_day_from_tuesday_before_nyepi_and_idul_fitri_skips_the_whole_break(lebaran_2026):
    start = at(2026, 3, 17, 14)

    assert add_working_time(start, parse_duration("1 hari")) == at(2026, 3, 25, 14)
    assert add_working_time(start, parse_duration("4 jam")) == at(2026, 3, 25, 10)


def test_a_task_started_thursday_before_idul_fitri_cuti_bersama_is_due_after_the_break(
    idul_fitri_from_friday,
):
    start = at(2026, 3, 19, 14)

    assert add_working_time(start, "4 jam") == at(2026, 3, 25, 10)
    assert add_working_time(start, "1 hari") == at(2026, 3, 25, 14)
    assert add_working_time(start, "2 x 24 jam") == at(2026, 3, 26, 14)


def test_friday_afternoon_work_continues_on_monday():
    friday = at(2026, 3, 13, 15)

    assert add_working_time(friday, "2 jam") == at(2026, 3, 16, 9)
    assert add_working_time(friday, "1 hari") == at(2026, 3, 16, 15)


def test_a_week_is_five_working_days_and_skips_holidays(lebaran_2026):
    assert add_working_time(at(2026, 3, 10, 9), "1 minggu") == at(2026, 3, 17, 9)
    # Tuesday 17, then Wednesday 25 to Friday 27, then Monday 30.
    assert add_working_time(at(2026, 3, 16, 9), "1 minggu") == at(2026, 3, 30, 9)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (at(2026, 3, 14, 10), at(2026, 3, 16, 8, 15)),  # Saturday
        (at(2026, 3, 12, 6), at(2026, 3, 12, 8, 15)),  # Thursday before opening
        (at(2026, 3, 12, 17), at(2026, 3, 13, 8, 15)),  # Thursday after closing
        (at(2026, 3, 12, 16), at(2026, 3, 13, 8, 15)),  # exactly at closing
    ],
)
def test_a_start_outside_office_hours_counts_from_the_next_opening(start, due):
    assert add_working_time(start, "15 menit") == due


def test_a_start_on_a_holiday_counts_from_the_next_working_day(lebaran_2026):
    assert add_working_time(at(2026, 3, 19, 10), "15 menit") == at(2026, 3, 25, 8, 15)


def test_a_month_lands_on_the_same_date_or_the_month_end_then_the_next_working_moment():
    assert add_working_time(at(2026, 4, 14, 10), "1 bulan") == at(2026, 5, 14, 10)
    # 31 March + 1 month = 30 April, a Thursday.
    assert add_working_time(at(2026, 3, 31, 10), "1 bulan") == at(2026, 4, 30, 10)
    # 30 January + 1 month = 28 February 2026, a Saturday: Monday 2 March at opening.
    assert add_working_time(at(2026, 1, 30, 10), "1 bulan") == at(2026, 3, 2, 8)


def test_due_times_accept_any_timezone_and_answer_in_jakarta_time():
    start = dt.datetime(2026, 3, 12, 7, 0, tzinfo=dt.UTC)  # 14:00 WIB

    due = add_working_time(start, "4 jam")

    assert due == at(2026, 3, 13, 10)
    assert due.utcoffset() == dt.timedelta(hours=7)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_time(dt.datetime(2026, 3, 12, 14), "4 jam")


def test_working_time_between_counts_only_office_hours_across_a_weekend_and_a_holiday():
    national((dt.date(2026, 3, 16), "Libur uji", NATIONAL))  # Monday

    # Friday 14:00 → Tuesday 10:00: 2 h on Friday, Monday a holiday, 2 h on Tuesday.
    assert working_time_between(at(2026, 3, 13, 14), at(2026, 3, 17, 10)) == dt.timedelta(hours=4)
    assert working_time_between(at(2026, 3, 17, 10), at(2026, 3, 13, 14)) == dt.timedelta(0)
    assert working_time_between(at(2026, 3, 14, 9), at(2026, 3, 15, 15)) == dt.timedelta(0)


def test_the_working_calendar_loads_hours_and_a_years_holidays_once(django_assert_num_queries, lebaran_2026):
    calendar = WorkingCalendar()
    with django_assert_num_queries(2):
        for day in range(1, 32):
            calendar.is_working_day(dt.date(2026, 3, day))
        calendar.add_working_time(at(2026, 3, 17, 14), WorkingDuration(3, "weeks"))
        calendar.add_working_time(at(2026, 12, 30, 14), WorkingDuration(2, "days"))


# Organization calendars ---------------------------------------------------------------------------


def test_an_organizations_own_hours_replace_the_default_for_that_weekday_only(disnaker, system_admin):
    set_office_hours(organization=disnaker, hours={4: (dt.time(8), dt.time(16, 30))}, actor=system_admin)

    friday = at(2026, 3, 13, 15)
    assert add_working_time(friday, "1 jam", organization=disnaker) == at(2026, 3, 13, 16)
    assert add_working_time(friday, "2 jam", organization=disnaker) == at(2026, 3, 16, 8, 30)
    assert add_working_time(friday, "2 jam") == at(2026, 3, 16, 9)
    assert WorkingCalendar(disnaker).office_hours[0] == (dt.time(8), dt.time(16))


def test_a_day_is_clamped_to_closing_when_the_later_day_is_shorter(disnaker, system_admin):
    set_office_hours(organization=disnaker, hours={4: (dt.time(8), dt.time(11, 30))}, actor=system_admin)

    assert add_working_time(at(2026, 3, 12, 14), "1 hari", organization=disnaker) == at(2026, 3, 13, 11, 30)


def test_a_local_holiday_counts_only_for_its_organization(disnaker, lsp, system_admin):
    create_holiday(
        organization=disnaker,
        date=dt.date(2026, 3, 13),
        name="HUT Kota",
        kind=Holiday.Kind.LOCAL,
        actor=system_admin,
    )

    assert add_working_time(at(2026, 3, 12, 14), "4 jam", organization=disnaker) == at(2026, 3, 16, 10)
    assert add_working_time(at(2026, 3, 12, 14), "4 jam", organization=lsp) == at(2026, 3, 13, 10)


def test_office_hours_must_close_after_opening_and_nothing_is_saved_otherwise(disnaker, system_admin):
    with pytest.raises(ValidationError) as error:
        set_office_hours(
            organization=disnaker,
            hours={0: (dt.time(7, 30), dt.time(15)), 4: (dt.time(14), dt.time(8))},
            actor=system_admin,
        )

    assert "Jumat: jam tutup harus setelah jam buka" in error.value.message_dict["closes_4"][0]
    assert not OfficeHours.objects.filter(organization=disnaker).exists()


def test_the_default_week_can_change_but_not_lose_every_working_day(system_admin):
    set_office_hours(organization=None, hours={5: (dt.time(8), dt.time(12))}, actor=system_admin)
    assert add_working_time(at(2026, 3, 13, 15), "2 jam") == at(2026, 3, 14, 9)

    with pytest.raises(ValidationError, match="paling sedikit satu hari kerja"):
        set_office_hours(organization=None, hours=dict.fromkeys(range(7)), actor=system_admin)
    assert OfficeHours.objects.filter(organization=None).count() == 6


# Holidays ----------------------------------------------------------------------------------------


def test_seeding_2026_adds_idul_fitri_and_its_cuti_bersama_unconfirmed_and_only_once(system_admin):
    created = seed_holidays(years=[2026], actor=system_admin)

    idul_fitri = Holiday.objects.get(date=dt.date(2026, 3, 21))
    assert "Idul Fitri" in idul_fitri.name
    assert idul_fitri.kind == Holiday.Kind.NATIONAL
    joint = Holiday.objects.filter(
        kind=Holiday.Kind.JOINT_LEAVE, name__startswith="Cuti Bersama Hari Raya Idul Fitri"
    )
    assert {h.date for h in joint} >= {dt.date(2026, 3, 20), dt.date(2026, 3, 23), dt.date(2026, 3, 24)}
    assert all(h.source == Holiday.Source.PACKAGE and h.confirmed_at is None for h in Holiday.objects.all())
    assert created == Holiday.objects.count() > 15
    assert AuditEvent.objects.filter(event_type="holiday.seeded", actor=system_admin).count() == 1

    assert seed_holidays(years=[2026], actor=system_admin) == 0
    assert Holiday.objects.count() == created


def test_seeding_keeps_a_national_holiday_already_entered_by_hand(system_admin):
    create_holiday(
        organization=None,
        date=dt.date(2026, 3, 21),
        name="Idul Fitri 1447 H",
        kind=NATIONAL,
        actor=system_admin,
    )

    seed_holidays(years=[2026])

    assert Holiday.objects.get(date=dt.date(2026, 3, 21)).name == "Idul Fitri 1447 H"


def test_the_holidays_command_seeds_the_years_asked_for():
    call_command("holidays", "seed", "--year", "2026", "--year", "2027")

    assert Holiday.objects.filter(date__year=2026).exists()
    assert Holiday.objects.filter(date__year=2027).exists()


def test_a_second_holiday_on_the_same_date_in_the_same_scope_is_refused(disnaker, system_admin):
    create_holiday(
        organization=disnaker, date=dt.date(2026, 8, 18), name="Cuti daerah", kind="local", actor=system_admin
    )

    with pytest.raises(ValidationError) as error:
        create_holiday(
            organization=disnaker, date=dt.date(2026, 8, 18), name="Lagi", kind="local", actor=system_admin
        )

    assert "sudah tercatat sebagai hari libur" in error.value.message_dict["date"][0]
    assert "18 Agustus 2026" in error.value.message_dict["date"][0]


def test_confirming_and_deleting_a_holiday_are_recorded(system_admin):
    seed_holidays(years=[2026])
    holiday = Holiday.objects.get(date=dt.date(2026, 8, 17))

    confirm_holiday(holiday=holiday, actor=system_admin)
    holiday.refresh_from_db()
    assert holiday.confirmed_by == system_admin and holiday.confirmed_at is not None

    delete_holiday(holiday=holiday, actor=system_admin)
    assert not Holiday.objects.filter(date=dt.date(2026, 8, 17)).exists()
    assert list(
        AuditEvent.objects.filter(event_type__in=["holiday.confirmed", "holiday.deleted"])
        .order_by("sequence")
        .values_list("event_type", flat=True)
    ) == ["holiday.confirmed", "holiday.deleted"]


# Pages --------------------------------------------------------------------------------------------


@pytest.fixture
def disnaker_admin(make_user, disnaker):
    return make_user("admin.disnaker", roles=[(disnaker, "org_admin")])


def test_the_calendar_page_lists_hours_and_the_years_holidays(
    client_for, disnaker_admin, disnaker, system_admin, django_assert_max_num_queries
):
    seed_holidays(years=[2026])
    create_holiday(
        organization=disnaker,
        date=dt.date(2026, 2, 28),
        name="HUT Kota Tangerang",
        kind="local",
        actor=system_admin,
    )
    client = client_for(disnaker_admin)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:calendar"), {"tahun": "2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hari Raya Idul Fitri" in page and "21 Maret 2026" in page
    assert "HUT Kota Tangerang" in page
    assert "08.00–16.00" in page
    assert "Belum dikonfirmasi" in page
    # National holidays are the system administrator's: no Konfirmasi button for an org admin.
    assert "Konfirmasi</button>" not in page


def test_the_system_administrator_sees_konfirmasi_and_confirms_a_package_holiday(
    client_for, system_admin, disnaker
):
    seed_holidays(years=[2026])
    holiday = Holiday.objects.get(date=dt.date(2026, 3, 21))
    client = client_for(system_admin)

    page = client.get(reverse("core:calendar"), {"tahun": "2026"}).content.decode()
    response = client.post(reverse("core:holiday_confirm", args=[holiday.pk]))

    assert "Konfirmasi" in page
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert holiday.confirmed_by == system_admin


def test_an_org_admin_adds_a_local_holiday(client_for, disnaker_admin, disnaker):
    response = client_for(disnaker_admin).post(
        reverse("core:holiday_create"),
        {"date": "2026-02-28", "name": "HUT Kota Tangerang", "kind": "national"},
    )

    assert response.status_code == 302
    holiday = Holiday.objects.get(name="HUT Kota Tangerang")
    assert holiday.organization == disnaker
    assert holiday.kind == Holiday.Kind.LOCAL
    assert holiday.confirmed_by == disnaker_admin


def test_a_duplicate_local_holiday_shows_an_error_on_the_date(client_for, disnaker_admin, disnaker):
    client = client_for(disnaker_admin)
    client.post(reverse("core:holiday_create"), {"date": "2026-02-28", "name": "HUT Kota"})

    response = client.post(reverse("core:holiday_create"), {"date": "2026-02-28", "name": "HUT Kota lagi"})

    assert response.status_code == 200
    assert "sudah tercatat sebagai hari libur" in response.content.decode()
    assert Holiday.objects.count() == 1


def test_a_user_without_the_calendar_permission_is_refused(client_for, make_user, disnaker):
    staff = make_user("staf", roles=[(disnaker, "admin_staff")])
    client = client_for(staff)

    assert client.get(reverse("core:calendar")).status_code == 403
    response = client.post(reverse("core:holiday_create"), {"date": "2026-02-28", "name": "Libur"})
    assert response.status_code == 403
    assert not Holiday.objects.exists()


def test_a_user_of_another_organization_cannot_delete_this_organizations_holiday(
    client_for, make_user, disnaker, lsp, system_admin
):
    holiday = create_holiday(
        organization=disnaker, date=dt.date(2026, 2, 28), name="HUT Kota", kind="local", actor=system_admin
    )
    lsp_admin = make_user("admin.lsp", roles=[(lsp, "org_admin")])

    response = client_for(lsp_admin).post(reverse("core:holiday_delete", args=[holiday.pk]))

    assert response.status_code == 404
    assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_an_org_admin_deletes_its_local_holiday_but_not_a_national_one(
    client_for, disnaker_admin, disnaker, system_admin
):
    local = create_holiday(
        organization=disnaker, date=dt.date(2026, 2, 28), name="HUT Kota", kind="local", actor=system_admin
    )
    nation = create_holiday(
        organization=None,
        date=dt.date(2026, 8, 17),
        name="Hari Kemerdekaan",
        kind="national",
        actor=system_admin,
    )
    client = client_for(disnaker_admin)

    assert client.post(reverse("core:holiday_delete", args=[nation.pk])).status_code == 403
    assert client.post(reverse("core:holiday_confirm", args=[nation.pk])).status_code == 403
    assert client.get(reverse("core:holiday_delete", args=[local.pk])).status_code == 405
    assert client.post(reverse("core:holiday_delete", args=[local.pk])).status_code == 302
    assert list(Holiday.objects.values_list("name", flat=True)) == ["Hari Kemerdekaan"]


def test_an_org_admin_sets_friday_hours_for_the_organization(client_for, disnaker_admin, disnaker):
    client = client_for(disnaker_admin)
    assert client.get(reverse("core:office_hours_edit")).status_code == 200

    response = client.post(reverse("core:office_hours_edit"), {"opens_4": "08:00", "closes_4": "16:30"})

    assert response.status_code == 302
    assert WorkingCalendar(disnaker).office_hours[4] == (dt.time(8), dt.time(16, 30))
    assert WorkingCalendar().office_hours[4] == (dt.time(8), dt.time(16))


def test_office_hours_closing_before_opening_are_refused_on_the_page(client_for, disnaker_admin, disnaker):
    response = client_for(disnaker_admin).post(
        reverse("core:office_hours_edit"), {"opens_4": "16:00", "closes_4": "08:00"}
    )

    assert response.status_code == 200
    assert "Jumat: jam tutup harus setelah jam buka" in response.content.decode()
    assert not OfficeHours.objects.filter(organization=disnaker).exists()


def test_only_the_system_administrator_changes_the_default_hours(
    client_for, disnaker_admin, system_admin, disnaker
):
    url = reverse("core:office_hours_edit") + "?lingkup=bawaan"
    assert client_for(disnaker_admin).get(url).status_code == 403

    response = client_for(system_admin).post(
        url,
        {
            "lingkup": "bawaan",
            **{f"opens_{d}": "07:30" for d in range(5)},
            **{f"closes_{d}": "16:00" for d in range(5)},
        },
    )

    assert response.status_code == 302
    assert WorkingCalendar().office_hours[0] == (dt.time(7, 30), dt.time(16))
