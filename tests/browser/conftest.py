"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser`` and skipped when Chromium (``/usr/bin/chromium``) or the ``browser`` extra
(Playwright) is absent, so ``make test`` passes on a machine without them; ``.ci/run`` installs both and runs
them as a step of their own. Playwright's browsers are never downloaded: it launches the system Chromium.

Each page fails its test on a JavaScript console error or an uncaught exception. Media is served to the browser
from ``MEDIA_ROOT`` by a Playwright route (Django serves media only with DEBUG on, which tests leave off).
"""

import mimetypes
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent

try:
    import playwright.sync_api as playwright_api
except ImportError:  # the `browser` extra is not installed
    playwright_api = None
    collect_ignore_glob = ["test_*.py"]  # they import Playwright; without the browser extra there is nothing to run

MISSING = (
    "Playwright is not installed (pip install -e '.[browser]')"
    if playwright_api is None
    else f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    if not shutil.which(CHROMIUM)
    else None
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="module", autouse=True)
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop on the test's thread while it is started (per module, see
    ``chromium``); the ORM calls made there are still sync. Set per browser test module, so it spans each test's
    database teardown, and removed after the module (with Playwright stopped), never for the rest of the run."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The groups the data migration made (a live-server test empties the tables after each test)."""
    from django.apps import apps

    from articles.editorial.roles import sync_groups

    sync_groups(apps)


@pytest.fixture(scope="module")
def chromium(_async_unsafe_allowed):
    """Started per module and stopped after it, so no event loop is left running for the tests that follow."""
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserErrors(list):
    """Console errors and uncaught exceptions of a browser context, checked when the test ends."""

    def __init__(self):
        super().__init__()
        self.expected = []

    def expect(self, text):
        """A test that asks for an error (a 404 on purpose) names it, and only it is let through."""
        self.expected.append(text)

    def unexpected(self):
        return [error for error in self if not any(text in error for text in self.expected)]


@pytest.fixture
def browser_errors():
    errors = BrowserErrors()
    yield errors
    assert not errors.unexpected(), "JavaScript errors in the browser:\n" + "\n".join(errors.unexpected())


def _serve_media(settings):
    media_path = urlsplit(settings.MEDIA_URL).path

    def handle(route):
        path = unquote(urlsplit(route.request.url).path)[len(media_path) :]
        file = Path(settings.MEDIA_ROOT) / path
        if ".." in Path(path).parts or not file.is_file():
            return route.fulfill(status=404, body="")
        return route.fulfill(status=200, body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0])

    return f"**{media_path}**", handle


@pytest.fixture
def new_context(chromium, live_server, settings, browser_errors):
    """``new_context(user=None, **options)``: a fresh browser (its own cookies), signed in as ``user`` if given."""
    contexts = []

    def make(user=None, **options):
        context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(10_000)
        context.route(*_serve_media(settings))
        if user is not None:
            context.add_cookies([{"name": "sessionid", "value": _session_for(user), "url": live_server.url}])
        context.on("page", lambda page: _watch(page, browser_errors))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _watch(page, errors):
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: uncaught {error}"))


def _session_for(user):
    """A signed-in session without the login form (which counts attempts per client, see django-axes)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


@pytest.fixture
def page(new_context):
    """An anonymous page."""
    return new_context().new_page()


@pytest.fixture
def editor(db):
    from tests.browser.people import make_editor

    return make_editor()


@pytest.fixture
def editor_page(new_context, editor):
    return new_context(editor).new_page()
