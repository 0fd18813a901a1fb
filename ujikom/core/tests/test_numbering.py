import datetime as dt
import multiprocessing
import traceback

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse

from ujikom.core.models import AuditEvent, DocumentType, IssuedNumber, NumberCounter, NumberingPattern, User
from ujikom.core.numbering import (
    create_pattern,
    load_demo_patterns,
    next_number,
    preview_number,
    update_pattern,
    validate_pattern,
)

NOV_7 = dt.date(2026, 11, 7)


@pytest.fixture
def officer(make_user, lsp):
    return make_user("kabid.adm", roles=[(lsp, "head_admin")], full_name="Ratna Sari Dewi")


@pytest.fixture
def letter_pattern(lsp, officer):
    return create_pattern(
        organization=lsp,
        document_type="assignment_letter",
        pattern="{seq:03}/ST/LSP-STMI/{month_roman}/{year}",
        reset=NumberingPattern.Reset.YEARLY,
        actor=officer,
    )


def issue(organization, actor, when, document_type="assignment_letter"):
    return next_number(organization=organization, document_type=document_type, actor=actor, when=when).number


# --- pattern language ----------------------------------------------------------------------


def test_example_pattern_gives_the_official_number(lsp):
    number = preview_number(
        "{seq:03}/ST/LSP-STMI/{month_roman}/{year}", organization=lsp, when=NOV_7, sequence=7
    )

    assert number == "007/ST/LSP-STMI/XI/2026"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{seq}", "7"),
        ("{seq:03}", "007"),
        ("{seq:5}", "00007"),
        ("{year}", "2026"),
        ("{year2}", "26"),
        ("{month}", "03"),
        ("{month_roman}", "III"),
        ("{day}", "05"),
        ("{org}", "LSP-STMI"),
        ("{type}", "ST"),
        ("No. {seq:02}-{type}/{org}/{day}.{month}.{year2}", "No. 07-ST/LSP-STMI/05.03.26"),
    ],
)
def test_every_token_is_formatted(lsp, pattern, expected):
    letter = DocumentType.objects.get(code="assignment_letter")

    number = preview_number(
        pattern, organization=lsp, document_type=letter, when=dt.date(2026, 3, 5), sequence=7
    )

    assert number == expected


@pytest.mark.parametrize(
    ("month", "roman"),
    [(1, "I"), (2, "II"), (4, "IV"), (6, "VI"), (9, "IX"), (10, "X"), (11, "XI"), (12, "XII")],
)
def test_months_in_roman_numerals(month, roman):
    assert preview_number("{month_roman}", when=dt.date(2026, month, 1)) == roman


def test_sequence_longer_than_its_width_is_not_cut():
    assert preview_number("{seq:03}", sequence=1234) == "1234"


@pytest.mark.parametrize(
    ("pattern", "reset", "message"),
    [
        ("{seq:03}/ST/{bulan}/{year}", "yearly", "{bulan} tidak dikenal"),
        ("{seq:03}/ST/{year", "yearly", "'{' pada karakter ke-13 tidak ditutup"),
        ("{seq:03}/ST}/{year}", "yearly", "'}' pada karakter ke-12 tidak punya pasangan"),
        ("{seq:03/ST/{year}", "yearly", "tidak ditutup dengan '}': {seq:03/ST/"),
        ("ST/{month_roman}/{year}", "yearly", "harus memuat nomor urut {seq}"),
        ("{seq:abc}/{year}", "yearly", "Format {seq:abc} tidak dikenal"),
        ("{seq}/{year:04}", "yearly", "{year:04} tidak menerima format"),
        ("{seq:03}/ST/LSP-STMI", "yearly", "setiap tahun memerlukan {year} atau {year2}"),
        ("{seq:03}/ST/{year}", "monthly", "setiap bulan memerlukan {month} atau {month_roman}"),
        ("{seq:03}/ST/{month_roman}", "monthly", "setiap bulan memerlukan"),
        ("", "yearly", "wajib diisi"),
    ],
)
def test_invalid_patterns_are_refused_naming_the_problem(pattern, reset, message):
    with pytest.raises(ValidationError) as error:
        validate_pattern(pattern, reset)

    assert any(message in text for text in error.value.message_dict["pattern"])


@pytest.mark.parametrize(
    ("pattern", "reset"),
    [
        ("{seq:03}/ST/LSP-STMI/{month_roman}/{year}", "yearly"),
        ("{seq:03}/BA/{month}/{year2}", "monthly"),
        ("REG-{seq:06}", "never"),
        ("800/{seq:03}-Disnaker/{year}", "yearly"),
    ],
)
def test_patterns_that_never_repeat_a_number_are_accepted(pattern, reset):
    validate_pattern(pattern, reset)


# --- issuing -------------------------------------------------------------------------------


def test_numbers_follow_each_other_and_are_registered(lsp, officer, letter_pattern):
    numbers = [issue(lsp, officer, NOV_7) for _ in range(3)]

    assert numbers == ["001/ST/LSP-STMI/XI/2026", "002/ST/LSP-STMI/XI/2026", "003/ST/LSP-STMI/XI/2026"]
    register = list(IssuedNumber.objects.filter(pattern=letter_pattern).order_by("sequence"))
    assert [(i.period, i.sequence, i.number) for i in register] == [
        ("2026", 1, numbers[0]),
        ("2026", 2, numbers[1]),
        ("2026", 3, numbers[2]),
    ]
    assert all(i.issued_by == officer and i.organization == lsp for i in register)
    event = AuditEvent.objects.filter(event_type="document_number.issued").order_by("-sequence").first()
    assert event.actor == officer and event.data["number"] == numbers[2]


def test_the_document_that_receives_the_number_is_registered(lsp, officer, letter_pattern, disnaker):
    issued = next_number(
        organization=lsp, document_type="assignment_letter", actor=officer, when=NOV_7, subject=disnaker
    )

    assert (issued.subject_type, issued.subject_id) == ("core.organization", str(disnaker.pk))


def test_yearly_sequence_restarts_on_new_year(lsp, officer, letter_pattern):
    december = [issue(lsp, officer, dt.date(2026, 12, 31)) for _ in range(2)]

    january = issue(lsp, officer, dt.date(2027, 1, 1))

    assert december == ["001/ST/LSP-STMI/XII/2026", "002/ST/LSP-STMI/XII/2026"]
    assert january == "001/ST/LSP-STMI/I/2027"


def test_monthly_sequence_restarts_each_month(lsp, officer):
    create_pattern(
        organization=lsp,
        document_type="minutes",
        pattern="{seq:02}/BA/{month}/{year}",
        reset="monthly",
        actor=officer,
    )

    numbers = [
        issue(lsp, officer, day, "minutes") for day in (NOV_7, dt.date(2026, 11, 30), dt.date(2026, 12, 1))
    ]

    assert numbers == ["01/BA/11/2026", "02/BA/11/2026", "01/BA/12/2026"]


def test_never_resetting_sequence_keeps_counting_across_years(lsp, officer):
    create_pattern(
        organization=lsp, document_type="letter", pattern="{type}-{seq:04}", reset="never", actor=officer
    )

    numbers = [issue(lsp, officer, day, "letter") for day in (dt.date(2026, 12, 31), dt.date(2027, 1, 1))]

    assert numbers == ["S-0001", "S-0002"]


def test_rolled_back_document_gives_its_number_back(lsp, officer, letter_pattern):
    issue(lsp, officer, NOV_7)

    with pytest.raises(RuntimeError), transaction.atomic():
        assert issue(lsp, officer, NOV_7) == "002/ST/LSP-STMI/XI/2026"
        raise RuntimeError("the document could not be saved")
    following = issue(lsp, officer, NOV_7)

    assert following == "002/ST/LSP-STMI/XI/2026"
    assert list(IssuedNumber.objects.values_list("sequence", flat=True).order_by("sequence")) == [1, 2]


def test_number_without_a_pattern_is_refused_naming_type_and_organization(lsp, officer):
    with pytest.raises(
        ValidationError, match="Belum ada pola penomoran untuk Berita Acara di LSP Politeknik STMI"
    ):
        issue(lsp, officer, NOV_7, "minutes")
    assert not NumberCounter.objects.exists()


def test_patterns_are_per_organization(lsp, disnaker, officer, letter_pattern):
    with pytest.raises(ValidationError, match="Dinas Ketenagakerjaan"):
        issue(disnaker, officer, NOV_7)


def test_changing_a_pattern_keeps_the_numbers_already_issued(lsp, officer, letter_pattern):
    first = issue(lsp, officer, NOV_7)

    update_pattern(
        numbering_pattern=letter_pattern, actor=officer, pattern="{seq:04}/ST-LSP/{month_roman}/{year}"
    )
    second = issue(lsp, officer, NOV_7)

    assert first == "001/ST/LSP-STMI/XI/2026"
    assert second == "0002/ST-LSP/XI/2026"
    assert IssuedNumber.objects.get(sequence=1).number == first
    event = AuditEvent.objects.get(event_type="numbering_pattern.updated")
    assert event.data["changes"]["pattern"][1] == "{seq:04}/ST-LSP/{month_roman}/{year}"


def test_second_pattern_for_the_same_document_type_is_refused(lsp, officer, letter_pattern):
    with pytest.raises(ValidationError) as error:
        create_pattern(
            organization=lsp, document_type="assignment_letter", pattern="{seq}/{type}/{year}", actor=officer
        )

    assert "sudah punya pola penomoran untuk Surat Tugas" in error.value.message_dict["document_type"][0]


def test_pattern_that_could_give_another_types_numbers_is_refused(lsp, officer, letter_pattern):
    with pytest.raises(ValidationError) as error:
        create_pattern(
            organization=lsp,
            document_type="decree",
            pattern="{seq:04}/ST/LSP-STMI/{month_roman}/{year}",
            actor=officer,
        )

    assert "nomor yang sama dengan pola Surat Tugas" in error.value.message_dict["pattern"][0]
    assert not NumberingPattern.objects.filter(document_type__code="decree").exists()


def test_change_that_would_reissue_a_number_is_refused(lsp, officer):
    pattern = create_pattern(
        organization=lsp,
        document_type="minutes",
        pattern="{seq}/BA/{month}/{year}",
        reset="yearly",
        actor=officer,
    )
    today = dt.date.today()
    issue(lsp, officer, today, "minutes")
    issue(lsp, officer, today, "minutes")

    with pytest.raises(ValidationError, match=f"1/BA/{today:%m}/{today:%Y}.*sudah pernah diberikan"):
        update_pattern(numbering_pattern=pattern, actor=officer, reset="monthly")
    pattern.refresh_from_db()
    assert pattern.reset == "yearly"


def test_demo_patterns_load_and_number(make_organization, system_admin):
    lsp = make_organization("LSP Politeknik STMI Jakarta", "lsp", code="lsp-stmi")
    disnaker = make_organization("Dinas Ketenagakerjaan Kota Tangerang", "agency", code="disnaker-tangerang")

    load_demo_patterns(system_admin)

    assert issue(lsp, system_admin, NOV_7) == "001/ST/LSP-STMI/XI/2026"
    assert issue(lsp, system_admin, NOV_7, "letter") == "001/S/LSP-STMI/XI/2026"
    assert issue(disnaker, system_admin, NOV_7, "memo") == "800/001-Disnaker/2026"
    assert issue(disnaker, system_admin, NOV_7, "minutes") == "001/BA/TUK-DISNAKER/XI/2026"


# --- pages ---------------------------------------------------------------------------------


def test_list_shows_next_number_and_register(
    client_for, lsp, officer, letter_pattern, django_assert_max_num_queries
):
    today = dt.date.today()
    issued = [issue(lsp, officer, today) for _ in range(2)]
    client = client_for(officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:numbering_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"003/ST/LSP-STMI/{preview_number('{month_roman}', when=today)}/{today.year}" in page
    assert all(number in page for number in issued)
    assert "Ratna Sari Dewi" in page


def test_list_query_count_does_not_grow_with_patterns(
    client_for, lsp, officer, django_assert_max_num_queries
):
    for code in ["assignment_letter", "decree", "minutes", "memo", "letter", "report"]:
        create_pattern(organization=lsp, document_type=code, pattern="{seq}/{type}/{year}", actor=officer)
        issue(lsp, officer, dt.date.today(), code)
    client = client_for(officer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:numbering_list"))

    assert response.content.decode().count('data-testid="next-number"') == 6


def test_pattern_created_from_the_form(client_for, lsp, officer):
    decree = DocumentType.objects.get(code="decree")

    response = client_for(officer).post(
        reverse("core:pattern_create"),
        {
            "document_type": decree.pk,
            "pattern": "{seq:03}/SK/LSP-STMI/{month_roman}/{year}",
            "reset": "yearly",
        },
    )

    assert response.status_code == 302
    created = NumberingPattern.objects.get(organization=lsp, document_type=decree)
    assert created.pattern == "{seq:03}/SK/LSP-STMI/{month_roman}/{year}"
    assert AuditEvent.objects.filter(event_type="numbering_pattern.created", actor_id=officer.pk).exists()


def test_invalid_pattern_is_shown_at_the_field_and_nothing_saved(client_for, lsp, officer):
    decree = DocumentType.objects.get(code="decree")

    response = client_for(officer).post(
        reverse("core:pattern_create"),
        {"document_type": decree.pk, "pattern": "{seq:03}/SK/{bulan}", "reset": "yearly"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_pattern_error"' in page
    assert "Penanda {bulan} tidak dikenal" in page
    assert not NumberingPattern.objects.exists()


def test_live_preview_renders_only_the_preview(client_for, lsp, officer):
    decree = DocumentType.objects.get(code="decree")

    response = client_for(officer).post(
        reverse("core:pattern_create"),
        {
            "document_type": decree.pk,
            "pattern": "{seq:03}/{type}/{org}/{year}",
            "reset": "yearly",
            "preview": "1",
        },
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert f"001/SK/LSP-STMI/{dt.date.today().year}" in page
    assert "<form" not in page
    assert not NumberingPattern.objects.exists()


def test_pattern_edited_from_the_form(client_for, lsp, officer, letter_pattern):
    issue(lsp, officer, dt.date.today())

    response = client_for(officer).post(
        reverse("core:pattern_edit", args=[letter_pattern.pk]),
        {"pattern": "{seq:03}/ST-LSP/{month_roman}/{year}", "reset": "yearly"},
    )

    assert response.status_code == 302
    letter_pattern.refresh_from_db()
    assert letter_pattern.pattern == "{seq:03}/ST-LSP/{month_roman}/{year}"
    assert IssuedNumber.objects.get().number.startswith("001/ST/LSP-STMI/")


def test_pages_refuse_a_user_without_the_numbering_role(client_for, make_user, lsp, letter_pattern):
    assessor = make_user("asesor", roles=[(lsp, "assessor")])
    client = client_for(assessor)

    for url in [
        reverse("core:numbering_list"),
        reverse("core:pattern_create"),
        reverse("core:pattern_edit", args=[letter_pattern.pk]),
    ]:
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("core:pattern_edit", args=[letter_pattern.pk]), {"pattern": "{seq}/{year}", "reset": "yearly"}
    )
    assert response.status_code == 403
    letter_pattern.refresh_from_db()
    assert letter_pattern.pattern == "{seq:03}/ST/LSP-STMI/{month_roman}/{year}"


def test_another_organizations_pattern_is_not_found(client_for, make_user, disnaker, letter_pattern):
    secretary = make_user("sekdis", roles=[(disnaker, "sekdis")])
    client = client_for(secretary)

    assert client.get(reverse("core:pattern_edit", args=[letter_pattern.pk])).status_code == 404
    response = client.post(
        reverse("core:pattern_edit", args=[letter_pattern.pk]), {"pattern": "{seq}/{year}", "reset": "yearly"}
    )
    assert response.status_code == 404
    assert "LSP-STMI" not in client.get(reverse("core:numbering_list")).content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("core:numbering_list"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- many processes at once (PostgreSQL) ---------------------------------------------------

PROCESSES = 4
NUMBERS_EACH = 25


def _number_in_child(organization_pk, actor_pk, audit_first, barrier, errors):
    from ujikom.core.audit import record_event
    from ujikom.core.models import Organization

    try:
        connections.close_all()  # never reuse the parent's connection
        organization = Organization.objects.get(pk=organization_pk)
        actor = User.objects.get(pk=actor_pk)
        barrier.wait(timeout=60)
        for _ in range(NUMBERS_EACH):
            with transaction.atomic():
                if audit_first:  # a service that records its own event before asking for a number
                    record_event(organization, "test.document_saved", actor=actor)
                next_number(
                    organization=organization, document_type="assignment_letter", actor=actor, when=NOV_7
                )
    except Exception:
        errors.put(traceback.format_exc())
        raise
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_parallel_processes_get_unique_gap_free_numbers(make_organization, system_admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    lsp = make_organization("LSP Politeknik STMI Jakarta", "lsp", code="lsp-stmi")
    letter, _created = DocumentType.objects.get_or_create(
        code="assignment_letter", defaults={"name": "Surat Tugas", "abbreviation": "ST"}
    )
    create_pattern(
        organization=lsp,
        document_type=letter,
        pattern="{seq:03}/ST/LSP-STMI/{month_roman}/{year}",
        actor=system_admin,
    )
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    errors = context.Queue()
    connections.close_all()
    children = [
        context.Process(
            target=_number_in_child, args=(lsp.pk, system_admin.pk, index % 2 == 0, barrier, errors)
        )
        for index in range(PROCESSES)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=300)

    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert not failures, "\n".join(failures)
    assert [child.exitcode for child in children] == [0] * PROCESSES
    issued = list(IssuedNumber.objects.filter(organization=lsp).values_list("sequence", "number"))
    total = PROCESSES * NUMBERS_EACH
    assert sorted(sequence for sequence, _number in issued) == list(range(1, total + 1))
    assert len({number for _sequence, number in issued}) == total
    assert NumberCounter.objects.get(pattern__organization=lsp, period="2026").last_value == total
