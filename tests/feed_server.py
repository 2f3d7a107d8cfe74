"""A real HTTP server on 127.0.0.1 for the feed tests: routes the test writes, every
request recorded. Nothing else is ever contacted."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    delay: float = 0.0  # seconds before answering (for timeouts and concurrency)
    stall: float = 0.0  # seconds of silence after the headers and the first bytes
    endless: bool = False  # a body that never ends (bounded by the server's own cap)
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    answered: int = 0


class FeedServer:
    """`with FeedServer() as srv: srv.routes["/feed"] = Route(...); srv.url("/feed")`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            seen: Seen | None = None

            def send_response(self, code: int, message: str | None = None) -> None:
                # recorded before the client can read it: a test that asserts on the
                # status right after its request returns must find it
                if self.seen is not None:
                    self.seen.answered = code
                super().send_response(code, message)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                seen = self.seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
                with server.lock:
                    server.requests.append(seen)
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    server._answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server.lock:
                        server.in_flight -= 1

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up on purpose (caps, timeouts)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def _answer(self, h: BaseHTTPRequestHandler) -> int:
        route = self.routes.get(h.path)
        if route is None:
            return _send(h, 404, b"not here", {"Content-Type": "text/plain"})
        if route.handler is not None:
            route.handler(h)
            return 0
        if route.delay:
            self.stop.wait(route.delay)
        if route.status == 200 and (
            (route.etag and h.headers.get("If-None-Match") == route.etag)
            or (route.last_modified and h.headers.get("If-Modified-Since") == route.last_modified)
        ):
            return _send(h, 304, b"", _validators(route))
        headers = {"Content-Type": route.content_type, **_validators(route), **route.headers}
        if route.endless:
            return self._endless(h, headers)
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.stall:
            h.send_response(route.status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[:10])
            h.wfile.flush()
            self.stop.wait(route.stall)
            h.wfile.write(body[10:])
            return route.status
        return _send(h, route.status, body, headers)

    def _endless(self, h: BaseHTTPRequestHandler, headers: dict[str, str]) -> int:
        h.send_response(200)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<item><title>more</title></item>" * 2048
        deadline = time.monotonic() + 10  # bounded: the test's client stops long before
        while not self.stop.is_set() and time.monotonic() < deadline:
            h.wfile.write(chunk)
        return 200


def _validators(route: Route) -> dict[str, str]:
    out = {}
    if route.etag:
        out["ETag"] = route.etag
    if route.last_modified:
        out["Last-Modified"] = route.last_modified
    return out


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> int:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k, v)
    if status != 304:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if status != 304 and body:
        h.wfile.write(body)
    return status


def gzip_bomb(decompressed: int) -> bytes:
    """`decompressed` zero bytes, gzip-compressed (about a thousandth of the size)."""
    import zlib

    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [z.compress(block) for _ in range(decompressed // len(block))]
    parts.append(z.flush())
    return b"".join(parts)


def rss(title: str, items: list[dict[str, str]], *, version: str = "2.0") -> bytes:
    """An RSS 2.0 (or 0.91/0.92) document; each item's keys become elements."""
    body = "".join(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel>'
        f"<title>{title}</title><link>http://example.test/</link><description>d</description>"
        f"{body}</channel></rss>"
    ).encode()


def paragraphs(topic: str, n: int = 4) -> list[str]:
    """Sentences a reader would take for an article's body."""
    return [
        f"The {topic} council met on Tuesday to discuss paragraph {i + 1} of the plan, "
        f"and members said the {topic} budget would be settled before the end of the month. "
        f"Officials described the talks as long but productive, with more meetings expected."
        for i in range(n)
    ]


def story_items(topic: str, n: int) -> list[dict[str, str]]:
    """`n` RSS items about `topic`, each with a few paragraphs of HTML in its description."""
    return [
        {
            "title": f"{topic} story {i}",
            "guid": f"{topic}-{i}",
            "link": f"http://example.test/{topic}/{i}",
            "pubDate": "Mon, 10 Mar 2025 08:00:00 GMT",
            "description": "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs(f"{topic} {i}")),
        }
        for i in range(n)
    ]
