"""The OpenAPI document, the docs page, and calls from a signed-in browser (session + CSRF)."""

from django.middleware.csrf import get_token
from django.test import Client

from ujikom.core.models import Unit

PATHS = [
    "/api/v1/me",
    "/api/v1/organizations",
    "/api/v1/organizations/{organization}",
    "/api/v1/organizations/{organization}/units",
    "/api/v1/units/{public_id}",
    "/api/v1/organizations/{organization}/people",
    "/api/v1/people",
    "/api/v1/people/{public_id}",
    "/api/v1/organizations/{organization}/role-assignments",
    "/api/v1/role-assignments",
    "/api/v1/role-assignments/{assignment_id}/end",
    "/api/v1/roles",
    "/api/v1/roles/{key}",
    "/api/v1/tokens",
    "/api/v1/tokens/{prefix}",
]


def test_openapi_document_is_served_and_lists_the_paths_and_both_ways_to_authenticate(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(PATHS) <= set(document["paths"])
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["type"] == "apiKey"
    assert (
        document["paths"]["/api/v1/people"]["post"]["summary"] == "Tambah pengguna beserta peran pertamanya"
    )


def test_docs_page_loads_its_scripts_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page


def _browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_signed_in_browser_reads_through_its_session(disnaker_admin):
    response = _browser(disnaker_admin).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "admin_disnaker"


def test_a_session_write_needs_the_csrf_token(disnaker_admin, disnaker):
    browser = _browser(disnaker_admin)

    refused = browser.post(
        "/api/v1/organizations/disnaker/units", {"name": "Seksi"}, content_type="application/json"
    )

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Unit.objects.filter(name="Seksi").exists()


def test_a_session_write_with_the_csrf_token_succeeds(disnaker_admin, disnaker):
    browser = _browser(disnaker_admin)
    page = browser.get("/profil/")
    token = page.context["csrf_token"] if page.context else get_token(page.wsgi_request)

    response = browser.post(
        "/api/v1/organizations/disnaker/units",
        {"name": "Seksi"},
        content_type="application/json",
        headers={"X-CSRFToken": str(token)},
    )

    assert response.status_code == 201
    assert Unit.objects.filter(organization=disnaker, name="Seksi").exists()


def test_the_session_does_not_choose_the_organization(disnaker_admin, lsp, make_user):
    """Acting for an organization in the browser gives no rights in another one through the API."""
    browser = _browser(disnaker_admin)
    session = browser.session
    session["active_organization_id"] = lsp.pk
    session.save()

    assert browser.get("/api/v1/organizations/lsp-stmi/units").status_code == 404


def test_a_bad_token_is_refused_even_with_a_signed_in_session(disnaker_admin):
    browser = _browser(disnaker_admin)

    response = browser.get("/api/v1/me", headers={"Authorization": "Bearer ujk_0123456789_salah"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Token tidak sah atau sudah dicabut"}
