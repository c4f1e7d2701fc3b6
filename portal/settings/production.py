"""Production: everything secret or site-specific comes from the environment, and is checked."""

import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = False

if not env.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production, for example postgres://user@db:5432/portal.")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "django-insecure")):  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production (50 characters or more). "
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )
if not env_list("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names in production.")

# Open Contracting registers each publisher's prefix: "ocds-" and six letters or digits. The placeholder
# would publish ocids that collide with every other unregistered publisher's.
if OCDS_PREFIX == "ocds-xxxxxx" or not re.fullmatch(r"ocds-[a-z0-9]{6}", OCDS_PREFIX):  # noqa: F405
    raise ImproperlyConfigured(
        "OCDS_PREFIX must be the partnership's registered ocid prefix in production, like ocds-a1b2c3, not the "
        "placeholder ocds-xxxxxx. Register one free with the Open Contracting Partnership: "
        "https://standard.open-contracting.org/latest/en/guidance/build/#register-an-ocid-prefix"
    )

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# check --deploy warns about HSTS preload unless we say why: it is a per-deployment decision.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
