import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Debian chromium is required here (apt-get install -y chromium fonts-noto-cjk)")
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test body are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs in this thread, Django keeps the thread's database connections in a
        # context-local store (asgiref's Local sees a running loop): the tests' connection lives there, apart from
        # the one the test database was created with. Close it here, or PostgreSQL refuses to drop the test
        # database at the end ("being accessed by other users").
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    yield page
    context.close()
