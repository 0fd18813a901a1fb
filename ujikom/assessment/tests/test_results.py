"""The overall recommendation follows from the units: K only when every unit is K."""

from __future__ import annotations

import pytest

from ujikom.assessment.results import competent_registrations, result_rows

pytestmark = pytest.mark.django_db


def test_recommendation_is_k_only_when_every_unit_is_k(one_bk):
    budi, siti, agus = one_bk
    rows = {row.registration.full_name: row for row in result_rows(budi.event)}
    assert rows["Budi Santoso"].recommendation == "K"
    assert rows["Agus Salim"].recommendation == "BK"
    assert [reg.full_name for reg in competent_registrations(budi.event)] == ["Budi Santoso", "Siti Aminah"]


def test_no_recommendation_while_a_unit_has_no_result(registrations, record_results, units):
    from ujikom.assessment.models import UnitResult

    budi = registrations[0]
    record_results({budi: ["K", "K", "K"]})
    UnitResult.objects.filter(assessment__registration=budi, unit=units[2]).delete()
    from ujikom.assessment.results import refresh_recommendation

    assert refresh_recommendation(budi.assessment) == ""
    assert competent_registrations(budi.event) == []


def test_result_rows_take_a_fixed_number_of_queries(
    one_bk, make_registration, record_results, django_assert_max_num_queries
):
    event = one_bk[0].event
    with django_assert_max_num_queries(3):
        result_rows(event)
    record_results({make_registration(): ["K", "K", "K"] for _ in range(5)})
    with django_assert_max_num_queries(3):
        assert len(result_rows(event)) == 8
