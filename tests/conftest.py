import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploaded and generated files into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def file_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def empty_cache(settings, file_cache_dir):
    """The cache is shared state (a folder, or Redis); each test starts without it.

    A file cache moves to a folder of this test run's own, so runs side by side never clear each other's.
    """
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": str(file_cache_dir)}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def one_clock(settings):
    """The suite runs on one machine's clock: how long a request took must never decide what a test sees."""
    settings.PUBLIC_CACHE_CLOCK_SKEW = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Logins in tests need no key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests run on a file, as the embedded default does: its locking and WAL are part of what is tested
    (an in-memory database shares one cache between connections and locks whole tables instead)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        # Durability is not under test: no fsync (the journal mode and the locking are as in production).
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = options.get("init_command", "") + " PRAGMA synchronous=OFF;"
