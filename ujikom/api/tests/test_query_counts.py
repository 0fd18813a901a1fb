"""List endpoints run a fixed number of queries, however many rows they return."""

import pytest

from ujikom.core.models import Role, RoleAssignment, Unit, User


@pytest.fixture
def crowded(disnaker, disnaker_unit):
    """Thirty people in the organization, each with two roles, and thirty units under one parent."""
    kasi, quality = Role.objects.get(key="kasi"), Role.objects.get(key="quality")
    people = User.objects.bulk_create(
        [
            User(username=f"orang{n}", full_name=f"Orang {n:02}", email=f"orang{n}@example.id")
            for n in range(30)
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=p, organization=disnaker, role=r, unit=disnaker_unit)
            for p in people
            for r in (kasi, quality)
        ]
    )
    Unit.objects.bulk_create(
        [Unit(organization=disnaker, parent=disnaker_unit, name=f"Seksi {n:02}") for n in range(30)]
    )


# token lookup, its last-use stamp, organization, caller's assignments, count, page (+ one prefetch)
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/organizations", 5),
        ("/organizations/disnaker/units", 6),
        ("/organizations/disnaker/people", 7),
        ("/organizations/disnaker/role-assignments", 6),
        ("/roles", 4),
        ("/tokens", 4),
    ],
)
def test_list_query_count_does_not_grow_with_rows(
    api_for, disnaker_admin, crowded, django_assert_max_num_queries, path, queries
):
    api = api_for(disnaker_admin)

    with django_assert_max_num_queries(queries):
        response = api.get(path, page_size=100)

    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_people_list_returns_everyone_with_their_roles(api_for, disnaker_admin, crowded):
    body = api_for(disnaker_admin).get("/organizations/disnaker/people", page_size=100).json()

    assert body["count"] == 31
    sample = next(p for p in body["items"] if p["full_name"] == "Orang 07")
    assert sorted(r["key"] for r in sample["roles"]) == ["kasi", "quality"]
