"""A real OCDS publisher for tests: an HTTP server on 127.0.0.1 serving recorded releases a page at a time.

It answers like the CDP's Find a Tender API: `?limit=&updatedFrom=` for the first page, then `links.next`
with a cursor. Faults queued with `fail(...)` are served to the next requests, one each: a slow answer
(`timeout`), `429` with Retry-After, `500`/`503`, JSON cut short (`truncated`) and the previous page again
(`repeat`).
"""

import contextlib
import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Publisher:
    def __init__(self, releases, page_size=2, slow_seconds=1.5):
        self.entries = [(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), release) for release in releases]
        self.page_size = page_size
        self.slow_seconds = slow_seconds
        self.faults = []
        self.requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/1.0/ocdsReleasePackages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()

    def publish(self, release, updated_at):
        """A release updated at `updated_at`: the next run asking `updatedFrom` before that reads it."""
        self.entries.append((updated_at, release))

    def fail(self, *faults):
        self.faults.extend(faults)

    def pages(self, updated_from):
        releases = [release for updated, release in self.entries if updated_from is None or updated >= updated_from]
        return [releases[start : start + self.page_size] for start in range(0, len(releases), self.page_size)] or [[]]

    def package(self, query):
        updated_from = query.get("updatedFrom", [None])[0]
        since = datetime.datetime.fromisoformat(updated_from).replace(tzinfo=datetime.UTC) if updated_from else None
        pages = self.pages(since)
        cursor = int(query.get("cursor", ["0"])[0])
        package = {
            "uri": self.url,
            "version": "1.1",
            "publishedDate": "2025-01-23T16:17:15Z",
            "publisher": {"name": "Cabinet Office"},
            "releases": pages[cursor],
        }
        if cursor + 1 < len(pages):
            following = {"cursor": cursor + 1, **({"updatedFrom": updated_from} if updated_from else {})}
            package["links"] = {"next": f"{self.url}?" + "&".join(f"{k}={v}" for k, v in following.items())}
        return package

    def _handler(self):
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def send(self, status, body=b"", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - the name http.server calls
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                publisher.requests.append(self.path)
                fault = publisher.faults.pop(0) if publisher.faults else None
                body = json.dumps(publisher.package(query)).encode()
                if fault == "timeout":
                    time.sleep(publisher.slow_seconds)
                elif fault == "429":
                    return self.send(429, b'{"error": "slow down"}', [("Retry-After", "7")])
                elif fault in ("500", "503"):
                    return self.send(int(fault), b"<html>Service unavailable</html>")
                elif fault == "truncated":
                    return self.send(200, body[: len(body) // 2])
                elif fault == "repeat":
                    previous = {**query, "cursor": [str(max(0, int(query.get("cursor", ["0"])[0]) - 1))]}
                    body = json.dumps(publisher.package(previous)).encode()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.send(200, body)

        return Handler
