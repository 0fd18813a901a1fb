"""The dashboards read a fixed number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, params: dict[str, str] | None = None) -> int:
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
