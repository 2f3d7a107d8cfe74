"""`brief update` of 200 feeds of 50 entries each, served by a local HTTP server in this
process (127.0.0.1 only): the first update (every entry new, stored and indexed), then a
second, unchanged one, which must be 200 conditional requests answered 304 with no body
parsed. Each update is a child process `brief update --json`; rows give its wall time,
its CPU time (which a busy machine disturbs far less), its own peak memory and the
server's count of requests and 304s.

All 200 feeds are on one host, so at most two requests are in flight at once: the
figures include that politeness. A last run updates the first 10 feeds as `brief
update` runs by default, with entity analysis, for what analysis adds per article."""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from bench import corpus
from bench.harness import BenchContext, Row

SECTION = "feeds"
FEEDS = 200
ENTRIES = 50


def _feed_xml(feed: int, seed: int) -> bytes:
    items = []
    for i in range(ENTRIES * feed, ENTRIES * (feed + 1)):
        a = corpus.article(i, seed)
        body = "".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
        items.append(
            f"<item><title>{escape(a.title)}</title><link>http://bench.test/{a.index}</link>"
            f"<guid>bench-{a.index}</guid><pubDate>{a.published}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {feed}</title><link>http://bench.test/</link>"
        f"<description>bench</description>{''.join(items)}</channel></rss>"
    ).encode()


class _Server:
    """Serves /feed/N with an ETag; counts requests and 304s."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        self.requests = 0
        self.not_modified = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                body = bodies.get(self.path)
                tag = f'"{self.path}"'
                with server.lock:
                    server.requests += 1
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == tag:
                    with server.lock:
                        server.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", tag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _bodies(ctx: BenchContext) -> dict[str, bytes]:
    cache = ctx.cache / "feeds" / f"f{FEEDS}-e{ENTRIES}-s{ctx.seed}-{_generator_key()}"
    if not (cache / "done").exists():
        ctx.log(f"writing {FEEDS} feeds of {ENTRIES} entries ...")
        cache.mkdir(parents=True, exist_ok=True)
        for f in range(FEEDS):
            (cache / f"{f}.xml").write_bytes(_feed_xml(f, ctx.seed))
        (cache / "done").write_text("ok")
    return {f"/feed/{f}": (cache / f"{f}.xml").read_bytes() for f in range(FEEDS)}


def _generator_key() -> str:
    import hashlib

    return hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()[:8]


ENTITY_FEEDS = 10  # `brief update` as it runs by default (entity analysis) on a part


def _with_entities(ctx: BenchContext, server: _Server, tmp: Path) -> list[Row]:
    """A first update with entity analysis (the default) of the first few feeds: what
    analysis adds per article."""
    from tui.feeds import store
    from tui.library import Library

    folder = tmp / "lib-entities"
    with Library.open(folder) as lib:
        for f in range(ENTITY_FEEDS):
            store.add(lib, server.url(f"/feed/{f}"))
    ctx.log(f"update first, {ENTITY_FEEDS} feeds, with entities ...")
    m = ctx.run_measured([ctx.python, "-m", "tui", "update", "--library", str(folder), "--json"])
    if m.returncode != 0:
        raise RuntimeError(f"brief update failed ({m.returncode}): {m.stderr[-1500:]}")
    added = sum(json.loads(x)["added"] for x in m.stdout.splitlines() if x.startswith("{"))
    label = f"update first, {ENTITY_FEEDS} feeds x {ENTRIES} entries, with entities"
    return [
        Row(SECTION, label, m.seconds, "s"),
        Row(SECTION, f"{label}: CPU (user + system)", m.cpu_seconds, "s"),
        Row(SECTION, f"{label}: articles per CPU second", added / max(m.cpu_seconds, 1e-9), "/s"),
        Row(SECTION, f"{label}: peak memory", m.peak_rss_mb, "MB"),
    ]


def run(ctx: BenchContext) -> list[Row]:
    bodies = _bodies(ctx)
    mb = sum(map(len, bodies.values())) / 1e6
    server = _Server(bodies)
    tmp = Path(tempfile.mkdtemp(prefix="brief-bench-feeds-"))
    try:
        from tui.feeds import store
        from tui.library import Library

        with Library.open(tmp / "lib") as lib:
            for f in range(FEEDS):
                store.add(lib, server.url(f"/feed/{f}"))
        args = [ctx.python, "-m", "tui", "update", "--library", str(tmp / "lib"), "--json"]
        rows: list[Row] = []
        label = f"{FEEDS} feeds x {ENTRIES} entries ({mb:.0f} MB), no entities"
        for run_name in ("first", "second, unchanged"):
            before_requests, before_304 = server.requests, server.not_modified
            ctx.log(f"update {run_name} ...")
            m = ctx.run_measured([*args, "--no-entities"])
            if m.returncode != 0:
                raise RuntimeError(f"brief update failed ({m.returncode}): {m.stderr[-1500:]}")
            lines = [json.loads(x) for x in m.stdout.splitlines() if x.startswith("{")]
            requests = server.requests - before_requests
            not_modified = server.not_modified - before_304
            added = sum(x["added"] for x in lines)
            rows.append(Row(SECTION, f"update {run_name}, {label}", m.seconds, "s"))
            rows.append(Row(SECTION, f"update {run_name}: CPU (user + system)", m.cpu_seconds, "s"))
            rows.append(Row(SECTION, f"update {run_name}: peak memory", m.peak_rss_mb, "MB"))
            rows.append(Row(SECTION, f"update {run_name}: articles added", added, ""))
            if run_name == "first":
                rows.append(
                    Row(SECTION, "update first: articles per second", added / m.seconds, "/s")
                )
                ok = requests == FEEDS and added == FEEDS * ENTRIES
                rows.append(
                    Row(SECTION, "update first: requests", requests, "", target="200", ok=ok)
                )
            else:
                parsed = sum(x["status"] == "updated" for x in lines)
                ok = requests == FEEDS and not_modified == FEEDS and parsed == 0 and added == 0
                rows.append(
                    Row(
                        SECTION,
                        "update second: requests / 304s / bodies parsed",
                        requests,
                        "",
                        reference=not_modified,
                        reference_name="304s",
                        target=f"200/200/0 (parsed {parsed})",
                        ok=ok,
                    )
                )
        rows += _with_entities(ctx, server, tmp)
        import os

        load = os.getloadavg()[0]  # wall times mean little on a busy machine: say how busy
        rows.append(Row(SECTION, f"machine load (1-min average, {os.cpu_count()} CPUs)", load, ""))
        return rows
    finally:
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)
