"""The page shell in a real browser: signing in, the language and organization switchers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from ujikom.productivity.revision import propose_revision
from ujikom.sop.library import load_seed_sops

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-sekali-123"


@pytest.fixture
def assessor(make_user, disnaker, lsp):
    """An assessor who works for both the city office's test site and the LSP."""
    return make_user(
        "asesor",
        roles=[(disnaker, "assessor"), (lsp, "assessor")],
        full_name="Muhammad Rizky Ramadhan",
        password=PASSWORD,
    )


def sign_in(page: Page, base_url: str, login: str, password: str) -> None:
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Nama pengguna atau email").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_load_state()


def choose(page: Page, select: Locator, value: str) -> None:
    """Pick an option of a self-submitting select once the page's script is listening."""
    page.wait_for_load_state()
    select.select_option(value)
    page.wait_for_load_state()


def test_assessor_signs_in_and_switches_language_and_back(page, live_server, assessor, screenshot):
    sign_in(page, live_server.url, "asesor", PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("Selamat datang, Muhammad Rizky Ramadhan")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    screenshot("dashboard-id")

    language = page.locator("#pilih-bahasa")
    choose(page, language, "en")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Muhammad Rizky Ramadhan")
    expect(page.get_by_role("heading", name="My roles here")).to_be_visible()
    expect(language).to_have_value("en")
    expect(language.locator("option:checked")).to_have_text("EN")
    screenshot("dashboard-en")

    choose(page, page.locator("#pilih-bahasa"), "id")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#pilih-bahasa")).to_have_value("id")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_assessor_switches_the_organization_the_dashboard_speaks_for(
    page, live_server, assessor, disnaker, lsp, screenshot
):
    sign_in(page, live_server.url, "asesor", PASSWORD)
    expect(page.get_by_test_id("dashboard-org")).to_contain_text(disnaker.name)

    choose(
        page,
        page.get_by_test_id("org-switcher").get_by_label("Bertindak untuk organisasi"),
        str(lsp.public_id),
    )

    expect(page.get_by_test_id("dashboard-org")).to_contain_text(lsp.name)
    expect(page.get_by_role("alert")).to_contain_text(f"Sekarang Anda bertindak untuk {lsp.name}")
    screenshot("dashboard-switched")

    page.reload()

    expect(page.get_by_test_id("dashboard-org")).to_contain_text(lsp.name)
    expect(page.get_by_test_id("org-switcher").locator("select")).to_have_value(str(lsp.public_id))


def test_member_of_one_organization_sees_its_name_instead_of_a_switcher(page, live_server, make_user, lsp):
    make_user("kabid.sert", roles=[(lsp, "head_certification")], password=PASSWORD)

    sign_in(page, live_server.url, "kabid.sert", PASSWORD)

    expect(page.get_by_test_id("active-org")).to_have_text(lsp.display_name)
    expect(page.get_by_test_id("org-switcher")).to_have_count(0)


def test_wrong_password_keeps_the_visitor_on_the_login_page_with_an_indonesian_message(
    page, live_server, assessor, screenshot
):
    sign_in(page, live_server.url, "asesor", "bukan-kata-sandinya")

    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna/email atau kata sandi salah")
    expect(page).to_have_url(re.compile(r"/akun/masuk/$"))
    expect(page.get_by_label("Nama pengguna atau email")).to_have_value("asesor")
    screenshot("login-error")


def test_on_a_phone_the_menu_opens_from_the_toggler_and_offers_the_organizations(
    page, live_server, assessor, lsp, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "asesor", PASSWORD)
    switcher = page.get_by_test_id("org-switcher")
    expect(switcher).to_be_hidden()

    page.get_by_role("button", name="Menu").click()

    expect(page.locator("#menu-utama")).to_have_class(re.compile(r"\bshow\b"))
    expect(switcher).to_be_visible()
    expect(switcher.locator("option")).to_contain_text([lsp.display_name])
    screenshot("dashboard-phone-menu")


@pytest.mark.parametrize("width", [1024, 1280, 1366])
def test_on_a_laptop_the_head_of_office_sees_every_menu_without_scrolling_sideways(
    page, live_server, make_user, disnaker, width
):
    make_user("kadis", roles=[(disnaker, "kadis")], full_name="Drs. Hadi Prasetyo", password=PASSWORD)
    page.set_viewport_size({"width": width, "height": 800})

    sign_in(page, live_server.url, "kadis", PASSWORD)

    menus = page.locator("#menu-utama .navbar-nav.me-auto > li")
    expect(page.get_by_role("button", name="Produktivitas", exact=True)).to_be_visible()
    for index in range(menus.count()):
        box = menus.nth(index).bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, menus.nth(index).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.get_by_test_id("active-org")).to_have_attribute("title", disnaker.display_name)
    expect(page.locator("#pilih-bahasa")).to_be_in_viewport()


def test_on_a_phone_wide_tables_scroll_inside_their_box_and_the_page_does_not_move_sideways(
    page, live_server, make_user, disnaker, system_admin
):
    load_seed_sops(system_admin)
    propose_revision(organization=disnaker, actor=system_admin)  # recent activity on the home page
    make_user("kadis", roles=[(disnaker, "kadis")], full_name="Drs. Hadi Prasetyo", password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, "kadis", PASSWORD)
    expect(page.get_by_test_id("recent-events")).to_contain_text("PSM/DISNAKER-08")

    page.goto(f"{live_server.url}/sop/pustaka/")
    page.get_by_role("row").filter(has_text="PSM/DISNAKER-08").get_by_role("link", name="draf v2").click()
    expect(page.get_by_test_id("identity")).to_be_visible()

    for path in ("/", page.url.removeprefix(live_server.url)):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
