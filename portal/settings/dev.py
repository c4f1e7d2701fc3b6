"""Local development: debug on, a throwaway secret, console email, immediate tasks."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"] if not env.get("ALLOWED_HOSTS") else ALLOWED_HOSTS  # noqa: F405

# Links in emails, referral links and embed codes follow the port the portal runs on (`make run PORT=8792`),
# unless BASE_URL says otherwise.
WAGTAILADMIN_BASE_URL = env.get("BASE_URL") or f"http://127.0.0.1:{env.get('PORT') or '8000'}"
