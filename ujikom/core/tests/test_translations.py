"""The English translation: complete, faithful to its placeholders, and served when a visitor asks for it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

from ujikom.core.i18n_compile import compile_catalogues

LOCALE = Path(settings.BASE_DIR) / "locale"
ENGLISH_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = ("config", "templates", "ujikom")
HOW_TO_FIX = (
    "Run `DEBUG=true .venv/bin/ujikom makemessages -l en --no-location "
    "--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'data/*'`, "
    f"then translate these entries in {ENGLISH_PO.relative_to(settings.BASE_DIR)} "
    "(fill every msgstr, remove '#, fuzzy') and run `make messages`."
)

# The same keywords Django's makemessages hands to xgettext.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}"  # template variable: {{ name }}
    r"|\{%.*?%\}"  # template tag: {% if time %}
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"  # %(name)s
    r"|%%"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"  # %s, %d
    r"|\{[a-z_0-9]*(?::[^}]*)?\}"  # numbering-pattern placeholders: {seq:03}, {year}
)


def english_catalogue() -> Catalog:
    with ENGLISH_PO.open("rb") as po_file:
        return read_po(po_file)


def entries(catalogue: Catalog) -> list[Message]:
    return [message for message in catalogue if message.id]


def as_tuple(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def label(message: Message) -> str:
    return " | ".join(as_tuple(message.id))


def source_messages() -> dict[str | tuple[str, ...], str]:
    """Every msgid in the code and templates, as makemessages would find it, with the first file using it."""
    found: dict[str | tuple[str, ...], str] = {}
    root = Path(settings.BASE_DIR)
    for top in SOURCE_DIRS:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in {".py", ".html", ".txt"} or "__pycache__" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix != ".py":
                # templatize turns a template into gettext calls, as for xgettext; the dedent keeps
                # Python's tokenizer from tripping over the masked template text's indentation.
                text = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).splitlines())
            for _lineno, message, _comments, context in extract(
                "python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS, options={"encoding": "utf-8"}
            ):
                key = message if isinstance(message, str) else tuple(message)
                found.setdefault((context, key) if context else key, str(path.relative_to(root)))
    return found


def test_every_message_in_the_code_is_in_the_english_catalogue():
    catalogue_ids = {(m.context, m.id) if m.context else m.id for m in entries(english_catalogue())}

    missing = {key: path for key, path in source_messages().items() if key not in catalogue_ids}

    assert not missing, (
        f"{len(missing)} message(s) in the code are not in the English catalogue:\n"
        + "\n".join(f"  {key!r}  ({path})" for key, path in sorted(missing.items(), key=lambda i: i[1]))
        + "\n"
        + HOW_TO_FIX
    )


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    unfinished = [
        label(message)
        for message in entries(english_catalogue())
        if message.fuzzy or not all(text.strip() for text in as_tuple(message.string))
    ]

    assert not unfinished, (
        f"{len(unfinished)} English entr(y/ies) untranslated or fuzzy:\n"
        + "\n".join(f"  {msgid!r}" for msgid in unfinished)
        + "\n"
        + HOW_TO_FIX
    )


def test_english_entries_keep_the_placeholders_of_the_indonesian_text():
    mismatched = []
    for message in entries(english_catalogue()):
        ids = as_tuple(message.id)
        for index, text in enumerate(as_tuple(message.string)):
            source = ids[min(index, len(ids) - 1)]
            expected, actual = set(PLACEHOLDER.findall(source)), set(PLACEHOLDER.findall(text))
            if expected != actual:
                mismatched.append(f"  {source!r}\n    expected {sorted(expected)}, got {sorted(actual)}")

    assert not mismatched, (
        "English entries whose placeholders differ from the Indonesian text "
        "(keep %(name)s, {{ name }}, {seq} and the like exactly):\n" + "\n".join(mismatched)
    )


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues() -> None:
    """Compile the .po files when the .mo is missing or older, so these tests do not depend on make."""
    if compile_catalogues(LOCALE):
        # Forget catalogues this process loaded before the .mo existed.
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def _back_to_indonesian() -> Iterator[None]:
    """LocaleMiddleware leaves the request's language active in the thread; later tests expect Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def member(make_user, disnaker):
    return make_user("kasi.uji", roles=[(disnaker, "org_admin")], full_name="Siti Rahmawati")


def test_login_page_is_in_english_on_a_browser_that_chose_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in page
    assert "Sign in to Ujikom" in page and "Forgot your password?" in page
    assert ">Sign in</button>" in page
    assert "Masuk ke Ujikom" not in page


def test_login_page_is_in_indonesian_by_default_even_for_an_english_browser(client, db):
    default = client.get(reverse("login")).content.decode()
    english_browser = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    for page in (default, english_browser):
        assert '<html lang="id">' in page
        assert "Masuk ke Ujikom" in page and ">Masuk</button>" in page
        assert "Sign in" not in page


def test_dashboard_follows_the_language_chosen_on_this_browser(client_for, member):
    client = client_for(member)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("core:dashboard")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(reverse("core:dashboard")).content.decode()

    assert '<html lang="en">' in english and "Welcome, Siti Rahmawati" in english
    assert "Sign out" in english and "Selamat datang" not in english
    assert '<html lang="id">' in indonesian and "Selamat datang, Siti Rahmawati" in indonesian
    assert "Keluar" in indonesian and "Welcome" not in indonesian


def test_a_person_who_prefers_english_reads_the_dashboard_in_english(client_for, make_user, disnaker):
    person = make_user("asesor", roles=[(disnaker, "assessor")], full_name="Dewi Lestari", language="en")

    page = client_for(person).get(reverse("core:dashboard")).content.decode()

    assert '<html lang="en">' in page
    assert "Welcome, Dewi Lestari" in page and "My roles here" in page


def test_choosing_english_in_the_switcher_turns_the_dashboard_english(client_for, member):
    client = client_for(member)

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:dashboard")})
    page = client.get(response["Location"]).content.decode()

    assert '<html lang="en">' in page and "Welcome, Siti Rahmawati" in page
