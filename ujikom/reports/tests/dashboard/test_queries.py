"""The dashboards read a fixed number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import certify

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, params: dict[str, str] | None = None) -> int:
    """The queries of one request with nothing reused from the cache (the 12-month series counted)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/laporan/dasbor/", "/api/v1/reports/dashboard"])
def test_the_same_queries_for_a_small_and_a_larger_data_set(world, runs, grow, ketua, client_for, url):
    client = client_for(ketua)
    grow(1)
    small = count_queries(client, url)

    grow(12)
    larger = count_queries(client, url)

    assert larger == small
    assert small <= 30


def test_the_home_page_of_an_assessor_stays_within_its_queries(
    world, runs, grow, assessor_user, client_for, django_assert_max_num_queries
):
    client = client_for(assessor_user)
    grow(8)

    with django_assert_max_num_queries(20):
        assert client.get(reverse("core:dashboard")).status_code == 200


def test_the_12_month_series_is_reused_for_a_while_and_says_when_it_was_counted(
    world, ketua, client_for, system_admin
):
    client = client_for(ketua)
    first = client.get("/api/v1/reports/dashboard").json()
    certify(
        world.lsp,
        world.scheme,
        system_admin,
        issued_on=world.today,
        valid_until=world.today.replace(year=world.today.year + 3),
    )

    again = client.get("/api/v1/reports/dashboard").json()
    assert again["series"] == first["series"] and again["series_counted_at"] == first["series_counted_at"]
    assert 'data-testid="series-counted-at"' in client.get(reverse("reports:dashboard")).content.decode()

    cache.clear()
    fresh = client.get("/api/v1/reports/dashboard").json()
    assert fresh["series"][-1]["certificates"] == first["series"][-1]["certificates"] + 1


def test_the_job_worker_counts_the_series_ahead_so_the_dashboard_does_not(
    world, ketua, client_for, system_admin
):
    from ujikom.reports.tasks import refresh_dashboard_series

    client = client_for(ketua)
    first = client.get("/api/v1/reports/dashboard").json()
    certify(
        world.lsp,
        world.scheme,
        system_admin,
        issued_on=world.today,
        valid_until=world.today.replace(year=world.today.year + 3),
    )

    assert refresh_dashboard_series.call_local() >= 1
    with CaptureQueriesContext(connection) as with_series_ready:
        refreshed = client.get("/api/v1/reports/dashboard").json()
    assert refreshed["series"][-1]["certificates"] == first["series"][-1]["certificates"] + 1
    assert refreshed["series_counted_at"] != first["series_counted_at"]
    cache.clear()
    with CaptureQueriesContext(connection) as counting_itself:
        assert client.get("/api/v1/reports/dashboard").json()["series"] == refreshed["series"]
    assert len(with_series_ready) < len(counting_itself)
