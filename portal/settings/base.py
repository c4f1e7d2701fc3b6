"""Settings shared by every environment.

The environment is read once, here at the top; optional services switch on when their variable is
present (ELASTICSEARCH_URL, EMAIL_URL, REDIS_URL). Everything else has a safe local default so that a
fresh clone runs with no configuration at all.
"""

import os
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "portal"

env = os.environ


def env_bool(name, default=False):
    """Read a yes/no variable; anything but a clear 'true' value counts as false."""
    value = env.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in env.get(name, default).split(",") if item.strip()]


def database_from_env(default_url):
    """Parse DATABASE_URL, turning a malformed value into a message a person can act on."""
    url = env.get("DATABASE_URL") or default_url
    try:
        config = dj_database_url.parse(
            url,
            conn_max_age=int(env.get("DATABASE_CONN_MAX_AGE", "0")),
            # A kept connection is checked before each request, so one the server closed is replaced.
            conn_health_checks=True,
        )
    except Exception as error:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address we understand ({error}). "
            "Use a form like postgres://user:password@host:5432/name or sqlite:///path/to/db.sqlite3."
        ) from error
    if not config.get("ENGINE"):
        raise ImproperlyConfigured("DATABASE_URL names no database engine we support.")
    return config


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "opportunities",
    "finder",
    "alerts",
    "events",
    "guidance",
    "insights",
    "suppliers",
    "spend",
    "impact",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

# Order matters: the page cache answers before sessions, CSRF and users are looked at (that is what
# makes a hit cheap); everything below it runs only on a miss, and the headers it adds (CSP,
# X-Frame-Options, X-Robots-Tag) are stored with the page.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.robots.NoIndexMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses sign-in while an address and username are locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Key dates are entered and shown in UK time; storage is UTC.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    # GOV.UK Frontend's JavaScript, fonts-free assets and images come straight from npm.
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: console locally; EMAIL_URL (smtp://user:pass@host:port) switches on real delivery.
EMAIL_URL = env.get("EMAIL_URL", "")
SITE_NAME = env.get("SITE_NAME", "Local Buying Partnership")
# Emails come from the site's name, so people recognise the sender: "Northshire Buying <alerts@…>".
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL") or f"{SITE_NAME} <alerts@localhost>"
if EMAIL_URL:
    from urllib.parse import unquote, urlsplit

    _email = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work runs through django-tasks. Locally and in tests it runs immediately; production
# (docker-compose) sets TASKS_BACKEND=database and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env.get("TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Search: the finder's own backend (database by default) and Wagtail's site search.
SEARCH_BACKEND = env.get("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = env.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = env.get("SEARCH_INDEX_PREFIX", "portal")
if SEARCH_BACKEND not in {"database", "elasticsearch"}:
    raise ImproperlyConfigured("SEARCH_BACKEND must be 'database' or 'elasticsearch'.")
if SEARCH_BACKEND == "elasticsearch" and not ELASTICSEARCH_URL:
    raise ImproperlyConfigured("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# How many reverse proxies (load balancer, CDN) sit in front of the web server and append the caller's
# address to X-Forwarded-For. 0 trusts nobody: REMOTE_ADDR is the client. Rate limits use this.
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))

# Email alerts: how long a confirmation link works, and sign-ups allowed an hour per IP and per address.
ALERTS_CONFIRM_DAYS = int(env.get("ALERTS_CONFIRM_DAYS", "7"))
ALERTS_IP_LIMIT = int(env.get("ALERTS_IP_LIMIT", "20"))
ALERTS_EMAIL_LIMIT = int(env.get("ALERTS_EMAIL_LIMIT", "3"))

# Registrants' personal data is anonymised this many days after their event (counts are kept).
EVENT_DATA_RETENTION_DAYS = int(env.get("EVENT_DATA_RETENTION_DAYS", "90"))

# Wider impact: supplier survey answers are anonymised this many days after the survey closes (the
# aggregates stay); links to report delivery keep working this many days after a return is due.
IMPACT_SURVEY_RETENTION_DAYS = int(env.get("IMPACT_SURVEY_RETENTION_DAYS", "730"))
IMPACT_LINK_DAYS_AFTER_DUE = int(env.get("IMPACT_LINK_DAYS_AFTER_DUE", "60"))
IMPACT_EVIDENCE_MAX_BYTES = int(env.get("IMPACT_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))

# Open Contracting: the partnership's registered ocid prefix, and where the OCDS schemas are for imports
# (shipped in the repository; see insights/ocds/schemas/README.md).
OCDS_PREFIX = env.get("OCDS_PREFIX", "ocds-xxxxxx")
OCDS_SCHEMA_DIR = env.get("OCDS_SCHEMA_DIR") or str(BASE_DIR / "insights" / "ocds" / "schemas")

# sync_notices: the OCDS publisher whose release packages it reads (the CDP's Find a Tender API by default;
# Contracts Finder, Sell2Wales or any publisher with cursor paging through links.next works the same), and
# how patient it is with faults: attempts per page, the first wait (doubling each time) and the longest wait,
# in seconds, and how long to wait for an answer.
NOTICES_SOURCE_URL = env.get("NOTICES_SOURCE_URL", "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages")
NOTICES_PAGE_SIZE = int(env.get("NOTICES_PAGE_SIZE", "100"))
NOTICES_ATTEMPTS = int(env.get("NOTICES_ATTEMPTS", "5"))
NOTICES_FIRST_WAIT = float(env.get("NOTICES_FIRST_WAIT", "2"))
NOTICES_LONGEST_WAIT = float(env.get("NOTICES_LONGEST_WAIT", "120"))
NOTICES_TIMEOUT = float(env.get("NOTICES_TIMEOUT", "30"))

# The cache: local memory for one process; Redis (REDIS_URL) when several web processes must share
# rate-limit counts and pages. Short socket timeouts: an unreachable Redis must cost a request
# milliseconds, not hang it.
REDIS_URL = env.get("REDIS_URL", "")


def redis_caches(url, key_prefix):
    """The caches on Redis at `url`. The page cache's tests build theirs here too."""
    common = {
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    # Default: an unreachable Redis is a miss, not an error page (portal/cache.py). Pages: errors are
    # raised, so the page cache knows when a purge did not happen.
    return {
        "default": {"BACKEND": "portal.cache.TolerantRedisCache", **common},
        "pages": {"BACKEND": "portal.cache.ReusingRedisCache", **common},
    }


CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, env.get("CACHE_KEY_PREFIX", "portal"))

# The shared page cache for anonymous visitors (portal/pagecache.py). On by default with Redis: with
# local memory each process would keep its own copy, and a purge in one would not reach the others.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=bool(REDIS_URL))
PAGE_CACHE_ALIAS = "pages" if REDIS_URL else "default"
# How long a stored page lives. Content changes purge at once; this bounds what only time changes
# (an opportunity whose deadline passes, registration that closes).
PAGE_CACHE_SECONDS = int(env.get("PAGE_CACHE_SECONDS", "120"))
# How long a CDN in front may keep a page (`s-maxage`); browsers always ask again (`max-age=0`).
PAGE_CACHE_CDN_SECONDS = int(env.get("PAGE_CACHE_CDN_SECONDS", "60"))
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/health/")
# A caching proxy or CDN in front that accepts HTTP PURGE (Varnish, nginx, Fastly…): Wagtail's frontend
# cache sends it a purge for each URL of a page when it is published or unpublished. See
# docs/deployment.md for other CDNs (Cloudflare, CloudFront…), configured in WAGTAILFRONTENDCACHE.
FRONTEND_CACHE_PURGE_URL = env.get("FRONTEND_CACHE_PURGE_URL", "")
WAGTAILFRONTENDCACHE = (
    {"proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_PURGE_URL}}
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

# Content-Security-Policy (django-csp). Scripts only from our own static files: no inline script and
# no nonces (a nonce in a cached page would be shared by everyone who gets it). Inline styles are
# allowed for the brand colours that come from the site settings. The Wagtail admin has its own
# scripts and is left out; the embeddable listings may be framed (portal.headers.embeddable).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Where partners may frame the embeddable listings (portal.headers.embeddable): any site, unless
# listed (space-separated origins).
EMBED_FRAME_ANCESTORS = env.get("EMBED_FRAME_ANCESTORS", "*").split()
# Browser features no page uses are switched off for every page (portal/headers.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for an hour. Failures are logged with the address, which
# comes from the same rule as the rate limits (portal/clientip.py, TRUSTED_PROXY_COUNT).
AXES_FAILURE_LIMIT = int(env.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours; templates/portal/locked_out.html says "an hour"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Log the address of each failure (to spot and block an attacker); the username stays masked, as
# people sometimes type their password into it.
AXES_SENSITIVE_PARAMETERS = ["username"]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# The admin's date pickers show and read dates day first, as UK users type them (see portal/dates.py).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
# Wagtail 8's half-second autosave can create a new page while a buyer's Publish click is in flight;
# the publish then clashes on the slug and fails. Saving stays explicit until that race is fixed upstream.
WAGTAIL_AUTOSAVE_INTERVAL = 0
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run is noise; failures still show at WARNING and above.
        "django_tasks": {"level": "WARNING"},
        # Sign-in failures and lockouts are kept (WARNING); the rest of django-axes' chatter is not.
        "axes": {"level": "WARNING"},
        # Page actions are kept in Wagtail's own audit log; repeating them on the console hides real problems.
        "wagtail": {"level": "WARNING"},
    },
}
