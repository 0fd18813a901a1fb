"""Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from the operating system (`apt-get install chromium fonts-noto-core`);
Playwright never downloads a browser here. Without Chromium the tests are skipped,
except under `make test-browser` or CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

from ujikom.core.data_migrations import replay_data_migrations

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


def browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or bool(os.environ.get("UJIKOM_REQUIRE_BROWSER"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM}; install it with `apt-get install chromium fonts-noto-core`."
        )
        if browser_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
    # tests themselves are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context (no cookies) whose page fails the test on console errors or CSP violations."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    console_errors: list[tuple[str, str]] = []
    # A page the server answers with an error status on purpose (a refused form comes back as
    # 400 or 409) makes Chromium log "Failed to load resource" for the page itself; that is
    # the server's answer, not a fault in the page. A failed script, style or image still counts.
    refused_pages: set[str] = set()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append((message.text, message.location.get("url", "")))

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type == "document":
            refused_pages.add(response.url)

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"script: {error}"))
    yield page
    context.close()
    problems += [
        f"console: {text} ({url})"
        for text, url in console_errors
        if not (text.startswith("Failed to load resource") and url in refused_pages)
    ]
    assert problems == [], "the browser reported errors:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def _builtin_catalogue(transactional_db) -> None:
    """Live-server tests truncate tables after each test, data migrations included; put their rows back."""
    replay_data_migrations()


@pytest.fixture
def screenshot(page: Page):
    """Save a full-page screenshot into $SCREENSHOT_DIR when it is set (for looking at the pages)."""

    def take(name: str) -> None:
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)

    return take
