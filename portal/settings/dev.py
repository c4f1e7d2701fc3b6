"""Local development: debug on, a throwaway secret, console email, immediate tasks."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"] if not env.get("ALLOWED_HOSTS") else ALLOWED_HOSTS  # noqa: F405
