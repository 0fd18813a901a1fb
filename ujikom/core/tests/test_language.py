"""Indonesian by default; English when the person chooses it."""

from django.conf import settings
from django.urls import reverse


def test_login_page_is_indonesian_even_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="id">' in response.content.decode()
    assert response["Content-Language"] == "id"


def test_the_language_chosen_on_this_browser_is_used(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("login"))

    assert '<html lang="en">' in response.content.decode()


def test_a_person_who_chose_english_in_their_profile_gets_english_on_a_new_browser(
    client_for, make_user, disnaker
):
    person = make_user("asesor", roles=[(disnaker, "assessor")], language="en")

    response = client_for(person).get(reverse("core:dashboard"))

    assert '<html lang="en">' in response.content.decode()


def test_choosing_a_language_in_the_navigation_bar_remembers_it_in_the_profile(
    client_for, make_user, disnaker
):
    person = make_user("asesor", roles=[(disnaker, "assessor")])
    client = client_for(person)

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:profile")})

    person.refresh_from_db()
    assert response["Location"] == reverse("core:profile")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert person.language == "en"


def test_an_unknown_language_changes_nothing(client_for, make_user, disnaker):
    person = make_user("asesor", roles=[(disnaker, "assessor")])

    client_for(person).post(reverse("set_language"), {"language": "xx"})

    person.refresh_from_db()
    assert person.language == "id"
