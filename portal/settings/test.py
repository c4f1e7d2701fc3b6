"""Test settings: fast hashing, in-memory email, immediate background tasks."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# No test reads a real publisher: each starts its own server and points NOTICES_SOURCE_URL at it.
NOTICES_SOURCE_URL = "http://127.0.0.1:9/no-publisher-in-tests"
NOTICES_FIRST_WAIT = 0.01
NOTICES_LONGEST_WAIT = 0.05
NOTICES_TIMEOUT = 2
NOTICES_ATTEMPTS = 3
