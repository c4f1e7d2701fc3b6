"""gunicorn settings. gunicorn reads this file from its working directory, so every way the portal runs
gunicorn uses it: `bin/serve` (`make serve`), the Dockerfile and docker-compose.

The app is loaded once in the master, which then serves one finder search to itself before it forks the
workers. That fills the finder's in-memory index (`finder.backends.bitmaps`) and everything Django and
Wagtail load on first use (templates, URL patterns, the site's root paths), so each worker starts with
them, in memory it shares with the master until it changes it:
- a worker's first search is about as quick as any other, where loading the index itself took it 2 to
  3 s at 40,000 lots (`make bench-workers` prints both);
- the index is held once, not once per worker.
A worker applies later index changes itself, as before (docs/search.md). WEB_PRELOAD=false turns this off,
for example to reload changed code with a HUP signal.
"""

import gc
import io
import os
import sys

preload_app = os.environ.get("WEB_PRELOAD", "true").strip().lower() not in {"0", "false", "no", "off"}


def when_ready(server):
    """Runs in the master after the app has loaded (with preload_app) and before any worker is forked."""
    if not preload_app:
        return
    from django.db import connections

    try:
        status = serve_one_search()
        if status and not status.startswith("200"):
            server.log.warning("The warm-up search answered %s; workers will load the finder on first use.", status)
    except Exception:  # a database not yet reachable must not stop the site: each worker warms on demand
        server.log.warning("The warm-up search failed; each worker will load the finder on first use.", exc_info=True)
    finally:
        # Workers must not share the master's database connections.
        connections.close_all()
    # Keep the collector from touching (and so copying) every shared object in every worker.
    gc.freeze()


def serve_one_search():
    """Serve the finder's page once in this process; return the response's status line (None without a finder)."""
    from django.conf import settings

    from finder.models import FinderPage
    from portal.wsgi import application

    finder = FinderPage.objects.live().first()
    if finder is None:
        return None
    _, _, path = finder.get_url_parts()
    host = next((name.lstrip(".") for name in settings.ALLOWED_HOSTS if name != "*"), "localhost")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    answered = []
    response = application(environ, lambda status, headers, exc_info=None: answered.append(status))
    try:
        b"".join(response)
    finally:
        response.close()
    return answered[0]
