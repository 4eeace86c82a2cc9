"""Newsroom settings, read from the environment (every variable is listed in README)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a key that never leaves this checkout (the file is git-ignored).
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/(api|feeds)/.*$"

PUBLICATION_NAME = env.str("PUBLICATION_NAME", default="Newsroom")
PUBLICATION_LANGUAGE = env.str("PUBLICATION_LANGUAGE", default="en")
PUBLICATION_LOGO_URL = env.str("PUBLICATION_LOGO_URL", default="")
FRONTEND_URL = env.str("FRONTEND_URL", default="http://localhost:3000")
FRONTEND_PATHS = {
    "article": env.str("FRONTEND_ARTICLE_PATH", default="/articles/{slug}/"),
    "author": env.str("FRONTEND_AUTHOR_PATH", default="/authors/{slug}/"),
    "section": env.str("FRONTEND_SECTION_PATH", default="/sections/{slug}/"),
    "tag": env.str("FRONTEND_TAG_PATH", default="/tags/{slug}/"),
    "preview": env.str("FRONTEND_PREVIEW_PATH", default="/preview/{token}/"),
}
LOGIN_RATE = env.str("LOGIN_RATE", default="10/min")  # token sign-in attempts per client
PREVIEW_TOKEN_MAX_AGE = env.int("PREVIEW_TOKEN_MAX_AGE", default=86_400)  # seconds a preview link works

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "adminsortable2",  # drag-and-drop order of a front's slots
    "django_tasks",
    "django_tasks_db",
    "rest_framework_api_key",  # its abstract key model under articles.ApiKey (its own table stays empty)
    "authors",
    "articles",
    "newsroom",  # after the apps whose models it wires to the public cache
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.refuse_nul_in_address",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed on the way out, brotli where the client takes it, else gzip: the cache below keeps plain bytes.
    "django.middleware.gzip.GZipMiddleware",
    "django_brotli.middleware.BrotliMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # 304s for cached and fresh responses alike; then public responses from the cache, before any session work.
    "django.middleware.http.ConditionalGetMiddleware",
    # API keys are checked before the cache serves anything (a revoked key is refused at once, everywhere).
    "articles.integrations.apikeys.api_key_middleware",
    "newsroom.public_cache.PublicResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "articles.integrations.apikeys.api_key_signed_in_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a sign-in it locked out (newsroom.auth.lockout_response)
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Connections are kept between requests: opening one (and on SQLite its PRAGMAs) cost more than a stored detail.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue like on PostgreSQL instead of failing with "database is locked": a write transaction takes
    # the write lock when it begins (IMMEDIATE) and waits for it; readers never wait for writers (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# The file cache is shared by every server process on one machine; Redis across machines.
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{BASE_DIR / '.cache' / 'django'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "newsroom.redis_cache.RedisCache"  # one client per pool, not one per call
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    CACHES["default"]["BACKEND"] = "newsroom.file_cache.FileBasedCache"  # counts its folder now and then, not per write
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Files ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)
IMAGE_RENDITION_WIDTHS = [
    int(w) for w in env.list("IMAGE_RENDITION_WIDTHS", default=["320", "640", "960", "1280", "1920"])
]
IMAGE_SIZES = env.str("IMAGE_SIZES", default="(min-width: 1024px) 960px, 100vw")  # <img sizes> in body_html
# Request bodies: a JSON body at most API_MAX_JSON_BYTES (413 beyond); form fields and the non-file parts of an
# upload within Django's default DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB); files by IMAGE_MAX_UPLOAD_BYTES.
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1_000_000)
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# Media: local files by default; S3-compatible object storage (django-storages) when a bucket is named,
# so several app servers share one media store.
if AWS_STORAGE_BUCKET_NAME := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    # Hashed, compressed names need `collectstatic` first; development and tests serve the apps' files as they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Security: HTTPS on whenever DEBUG is off, each flag can be switched off --
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
# Admin messages show secrets once (a webhook's signing secret, a new API key): kept in the server-side session, not
# in the messages cookie, which is signed but readable by anyone who sees the browser's cookies.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if proxy_header := env.str("SECURE_PROXY_SSL_HEADER", default=""):
    # e.g. "HTTP_X_FORWARDED_PROTO,https" behind a TLS-terminating proxy
    SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in proxy_header.split(",", 1))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Auth -------------------------------------------------------------------
# Sign-in lockout (django-axes): every sign-in, the admin's and the token's, goes through authenticate(), which
# refuses a client address or a username after LOGIN_FAILURE_LIMIT failed sign-ins, even with the right password,
# until LOGIN_COOLOFF_MINUTES pass without another failure.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # each counted alone: one client, or one account
AXES_CLIENT_IP_CALLABLE = "newsroom.auth.client_ip"  # the address the throttles count (NUM_PROXIES)
AXES_LOCKOUT_CALLABLE = "newsroom.auth.lockout_response"
# Failures are rows in the database: no cache eviction (the file cache culls at MAX_ENTRIES) can forget one.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- API --------------------------------------------------------------------
from js_asset import static_lazy  # noqa: E402  (django-prose-editor's dependency: a static URL resolved when used)

# Our extensions of the body editor (drag-and-drop and paste of photos; embeds), see articles/content/body.py.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/photo_drop.js")],
        "extensions": {"PhotoDrop": "articles.content.body.photo_drop_html"},
    },
    {
        "js": [static_lazy("articles/embed.js")],
        "extensions": {"Embed": "articles.content.body.embed_editor_html"},
    },
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.integrations.apikeys.ApiKeyAuthentication",  # preview and write keys: their service account
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),  # 0: the client is REMOTE_ADDR, X-Forwarded-For is ignored
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "newsroom.parsers.BoundedJSONParser",
        "newsroom.parsers.NulRefusingFormParser",
        "newsroom.parsers.NulRefusingMultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "newsroom.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "newsroom.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["newsroom.filtering.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "newsroom.exceptions.json_exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Published articles, authors, sections and tags for front ends. Read-only for anonymous clients.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Two choice sets are called status: a comment's and a live entry's.
    "ENUM_NAME_OVERRIDES": {
        "CommentStatusEnum": "articles.comments.models.Comment.Status",
        "LiveEntryStatusEnum": "articles.live.models.LiveEntry.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-spectacular's default first, then every status an operation can answer (newsroom/openapi.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "newsroom.openapi.add_error_responses"],
}
# Seconds a CDN or browser may keep an anonymous API, feed or sitemap response.
PUBLIC_CACHE_MAX_AGE = env.int("PUBLIC_CACHE_MAX_AGE", default=60)
# The server's own copy of those responses, in the shared cache, until content changes.
PUBLIC_RESPONSE_CACHE = env.bool("RESPONSE_CACHE", default=True)
PUBLIC_RESPONSE_CACHE_TIMEOUT = env.int("RESPONSE_CACHE_TIMEOUT", default=600)
# Seconds by which servers' clocks may differ: a response is not stored when a tag it shows changed this close to
# the moment it began (the change may have committed after it read the database).
PUBLIC_CACHE_CLOCK_SKEW = env.float("PUBLIC_CACHE_CLOCK_SKEW", default=0.05)

# --- Reader comments (README: "Comments and moderation") ---------------------
COMMENTS_MAX_LENGTH = env.int("COMMENTS_MAX_LENGTH", default=5000)
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=3)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=0)  # 0: never
# Live coverage ends by itself after this many hours without an entry; 0: only when an editor ends it.
LIVE_COVERAGE_AUTO_END_HOURS = env.int("LIVE_COVERAGE_AUTO_END_HOURS", default=0)
COMMENTS_RATE = env.str("COMMENTS_RATE", default="5/min")  # per client, across all server processes
COMMENTS_DUPLICATE_MINUTES = env.int("COMMENTS_DUPLICATE_MINUTES", default=10)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_BLOCKED_WORDS = env.list("COMMENTS_BLOCKED_WORDS", default=[])
COMMENTS_NOTIFY_MODERATORS = env.bool("COMMENTS_NOTIFY_MODERATORS", default=False)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
if email_file_path := env.str("EMAIL_FILE_PATH", default=""):  # for EMAIL_BACKEND …filebased.EmailBackend
    EMAIL_FILE_PATH = email_file_path

# --- Embeds (README: "Embeds") ---------------------------------------------
EMBEDS_TIMEOUT = env.float("EMBEDS_TIMEOUT", default=5.0)  # seconds for a provider's whole oEmbed answer
EMBEDS_MAX_RESPONSE_BYTES = env.int("EMBEDS_MAX_RESPONSE_BYTES", default=512 * 1024)
# body_html shows a placeholder (thumbnail, title, link) instead of the provider's markup: consent-first front ends.
EMBEDS_CONSENT_PLACEHOLDER = env.bool("EMBEDS_CONSENT_PLACEHOLDER", default=False)
EMBEDS_FACEBOOK_TOKEN = env.str("EMBEDS_FACEBOOK_TOKEN", default="")  # "app-id|client-token" for Facebook, Instagram
# Provider name -> oEmbed endpoint, in place of articles.embeds.providers' own (the tests' local provider).
EMBEDS_ENDPOINTS = env.dict("EMBEDS_ENDPOINTS", default={})

# --- WordPress import (README: "WordPress import") ---------------------------
WORDPRESS_FETCH_TIMEOUT = env.float("WORDPRESS_FETCH_TIMEOUT", default=20.0)  # seconds for one attachment's download

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Integrations (README: "Integrations") ----------------------------------
# Background tasks on Django's Tasks API (the django-tasks backport): the database backend by default, worked by
# `python manage.py db_worker`; "rq" queues them in Redis (pip install -e ".[rq]"), worked by
# `manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler`: rq's own Job class cannot run a
# Django task, and without the scheduler a task due later (a scheduled article's event, a retry) never runs.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": env.str("TASKS_REDIS_URL", default="redis://127.0.0.1:6379/1")}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND is database or rq.")
API_REQUIRE_KEY = env.bool("API_REQUIRE_KEY", default=False)  # anonymous API reads need an API key
API_PUBLIC_URL = env.str("API_PUBLIC_URL", default="http://127.0.0.1:8000/api/v1")  # api_url in webhook payloads
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", default=False)
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=10.0)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=15)
WEBHOOKS_RETRY_BASE_SECONDS = env.float("WEBHOOKS_RETRY_BASE_SECONDS", default=60.0)  # doubles each try
WEBHOOKS_RETRY_MAX_SECONDS = env.float("WEBHOOKS_RETRY_MAX_SECONDS", default=12 * 3600.0)
WEBHOOKS_DISABLE_AFTER_FAILURES = env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=45)  # consecutive failed tries
WEBHOOKS_SECRET_OVERLAP = timedelta(hours=env.int("WEBHOOKS_SECRET_OVERLAP_HOURS", default=24))
# CDN purge by cache tag: "fastly", "cloudflare", "varnish" or empty (none).
CDN_PROVIDER = env.str("CDN_PROVIDER", default="")
CDN_FASTLY_SERVICE_ID = env.str("CDN_FASTLY_SERVICE_ID", default="")
CDN_FASTLY_API_TOKEN = env.str("CDN_FASTLY_API_TOKEN", default="")
CDN_FASTLY_API_URL = env.str("CDN_FASTLY_API_URL", default="https://api.fastly.com")
CDN_CLOUDFLARE_ZONE_ID = env.str("CDN_CLOUDFLARE_ZONE_ID", default="")
CDN_CLOUDFLARE_API_TOKEN = env.str("CDN_CLOUDFLARE_API_TOKEN", default="")
CDN_CLOUDFLARE_API_URL = env.str("CDN_CLOUDFLARE_API_URL", default="https://api.cloudflare.com/client/v4")
CDN_VARNISH_URL = env.str("CDN_VARNISH_URL", default="")  # where PURGE requests go, e.g. http://varnish:6081/
CDN_VARNISH_HEADER = env.str("CDN_VARNISH_HEADER", default="xkey-purge")
CDN_MAX_ATTEMPTS = env.int("CDN_MAX_ATTEMPTS", default=8)

BENCH_CEILING = env.bool("BENCH_CEILING", default=False)  # routes bench/ceiling.py for `make bench`
