"""Fixtures shared by every app's tests: organizations, people with roles, signed-in clients."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from ujikom.core.models import Organization, Role, RoleAssignment, User


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shuffle",
        type=int,
        metavar="SEED",
        help="run the tests in an order shuffled by SEED (to find tests that depend on each other)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """With --shuffle, shuffle before pytest-django groups the tests (plain database tests first,
    then those with committed data), so the groups stay as Django needs them."""
    seed = config.getoption("--shuffle")
    if seed is not None:
        random.Random(seed).shuffle(items)
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Every test starts in the office's language. A request in English (by its cookie) leaves
    English active on the thread afterwards, as the middleware leaves each request's language."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _close_verification_connection():
    """The verification fast path keeps its own PostgreSQL connection per thread (also opened when
    issuing stores a verification); it is closed after each test so the test database can be dropped."""
    yield
    from ujikom.certificates.fastpath import close_connection

    close_connection()


@pytest.fixture
def system_admin(db) -> User:
    return User.objects.create_superuser(
        username="sysadmin",
        email="sysadmin@example.id",
        password="rahasia-sekali-123",
        full_name="Admin Sistem",
    )


@pytest.fixture
def make_organization(db) -> Callable[..., Organization]:
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, kind: str = Organization.Kind.AGENCY, **fields: object) -> Organization:
        number = next(counter)
        return Organization.objects.create(
            name=name or f"Organisasi {number}", kind=kind, code=fields.pop("code", f"org-{number}"), **fields
        )

    return make


@pytest.fixture
def disnaker(make_organization) -> Organization:
    return make_organization(
        "Dinas Ketenagakerjaan Kota Tangerang", Organization.Kind.AGENCY, code="disnaker"
    )


@pytest.fixture
def lsp(make_organization) -> Organization:
    return make_organization("LSP Politeknik STMI Jakarta", Organization.Kind.LSP, code="lsp-stmi")


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    """A person holding the given roles: make_user("kasi", roles=[(org, "org_admin")])."""

    def make(username: str, roles: list[tuple[Organization, str]] = (), **fields: object) -> User:  # type: ignore[assignment]
        user = User.objects.create_user(
            username=username,
            email=fields.pop("email", f"{username}@example.id"),
            password=fields.pop("password", "rahasia-sekali-123"),
            full_name=fields.pop("full_name", username.title()),
            **fields,
        )
        for organization, role_key in roles:
            RoleAssignment.objects.create(
                user=user, organization=organization, role=Role.objects.get(key=role_key)
            )
        return user

    return make


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def builtin_data(transactional_db) -> None:
    """The data migrations' rows, present even after an earlier transactional test emptied the tables."""
    from ujikom.core.data_migrations import replay_data_migrations

    replay_data_migrations()
