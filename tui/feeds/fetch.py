"""One bounded HTTP(S) GET: the only place brief opens a network connection.

`fetch` follows redirects itself (http and https only, a limited number, loops
refused), sends conditional headers, streams the body while counting the bytes
received and the bytes decompressed (gzip and deflate, decoded here with a
bound so a compression bomb is stopped early), and turns every failure into a
`FetchError` with a one-line reason. `HostGate` keeps at most two requests per
host in flight across threads.
"""

from __future__ import annotations

import email.utils
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from tui import __version__

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"brief/{__version__} (terminal news reader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
    "application/json;q=0.8, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
SCHEMES = ("http", "https")
PERMANENT = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What one fetch may cost: timeouts in seconds, sizes in bytes."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest wait for the next bytes
    total_timeout: float = 60.0  # a whole fetch, redirects and a trickling body included
    max_bytes: int = 16 * 1024 * 1024  # received (compressed) bytes
    max_decoded: int = 48 * 1024 * 1024  # bytes after decompression
    max_redirects: int = 5
    per_host: int = 2  # requests in flight to one host


DEFAULT_LIMITS = Limits()


@dataclass
class Response:
    """A successful fetch: the final URL, its status and the decoded body."""

    url: str
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""
    permanent_redirect: bool = False  # every hop was a 301/308: the resource moved
    redirected: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass
class FetchError(Exception):
    """A fetch that failed: `reason` is one line for people; `kind` groups causes.

    kinds: dns, refused, timeout, tls, network, redirect, scheme, too_large,
    not_found, gone, retry (429/5xx: try again later), http (other statuses).
    """

    kind: str
    reason: str
    status: int | None = None
    retry_at: datetime | None = None  # when the server said to come back
    url: str | None = None

    def __str__(self) -> str:
        return self.reason


class HostGate:
    """At most `per_host` requests to one host at once, shared by every thread."""

    def __init__(self, per_host: int = 2) -> None:
        self.per_host = per_host
        self._lock = threading.Lock()
        self._gates: dict[str, threading.BoundedSemaphore] = {}
        self.in_flight: dict[str, int] = {}
        self.most_in_flight: dict[str, int] = {}  # for tests and the bench

    @contextmanager
    def hold(self, host: str) -> Iterator[None]:
        with self._lock:
            gate = self._gates.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with gate:
            with self._lock:
                now = self.in_flight.get(host, 0) + 1
                self.in_flight[host] = now
                self.most_in_flight[host] = max(now, self.most_in_flight.get(host, 0))
            try:
                yield
            finally:
                with self._lock:
                    self.in_flight[host] -= 1


def make_client(limits: Limits) -> httpx.Client:
    """An httpx client with brief's timeouts and User-Agent; redirects are ours to follow.

    Proxy variables and .netrc are not read (trust_env off): a feed URL never
    picks up credentials or a route the user did not give brief.
    """
    import httpx

    timeout = httpx.Timeout(
        connect=limits.connect_timeout,
        read=limits.read_timeout,
        write=limits.read_timeout,
        pool=limits.total_timeout,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
    )


def check_url(url: str) -> str:
    """The URL if brief may fetch it (http or https with a host); else FetchError."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError("scheme", f"not a valid URL ({exc})", url=url) from exc
    if parts.scheme.lower() not in SCHEMES:
        shown = parts.scheme or "no scheme"
        raise FetchError("scheme", f"only http and https URLs are fetched, not {shown}", url=url)
    if not parts.hostname:
        raise FetchError("scheme", "the URL names no host", url=url)
    return url


def fetch(
    client: httpx.Client,
    url: str,
    *,
    gate: HostGate | None = None,
    limits: Limits = DEFAULT_LIMITS,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = FEED_ACCEPT,
) -> Response:
    """GET `url` within `limits`, following redirects; a 304 comes back with no body.

    Raises FetchError for every failure (network, status, size, redirects).
    """
    spent = 0.0  # time on the wire: waiting for a turn at a busy host does not count
    seen = [check_url(url)]
    permanent = True
    current = url
    for _hop in range(limits.max_redirects + 1):
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = (urlsplit(current).hostname or "").lower()
        with gate.hold(host) if gate else _nothing():
            started = time.monotonic()
            try:
                response = _get(
                    client, current, headers, limits, started + limits.total_timeout - spent
                )
            finally:
                spent += time.monotonic() - started
        if response.status not in REDIRECTS:
            response.permanent_redirect = permanent and len(seen) > 1
            response.redirected = len(seen) > 1
            return _check_status(response)
        permanent = permanent and response.status in PERMANENT
        location = response.headers.get("location", "").strip()
        if not location:
            raise FetchError(
                "redirect", f"HTTP {response.status} redirect without a Location", url=current
            )
        target = urljoin(current, location)
        scheme = urlsplit(target).scheme.lower()
        if scheme not in SCHEMES:
            raise FetchError(
                "scheme",
                f"redirect to a {scheme or 'schemeless'}: URL refused (only http and https)",
                url=current,
            )
        check_url(target)
        if target in seen:
            raise FetchError("redirect", f"redirect loop ({len(seen)} URLs, back to {target})")
        seen.append(target)
        current = target
    raise FetchError(
        "redirect", f"too many redirects (more than {limits.max_redirects})", url=current
    )


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _get(
    client: httpx.Client, url: str, headers: dict[str, str], limits: Limits, deadline: float
) -> Response:
    """One request, its body read within the caps (redirect and error bodies are not kept)."""
    import httpx

    try:
        with client.stream("GET", url, headers=headers) as r:
            out = Response(url, r.status_code, {k.lower(): v for k, v in r.headers.items()})
            if r.status_code == 200:
                out.body = _read_body(r, out, limits, deadline)
            return out
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        what = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for data"
        raise FetchError("timeout", f"timed out {what} ({_timeout_of(exc, limits)} s)") from exc
    except httpx.HTTPError as exc:
        raise _network_error(exc) from exc
    except (OSError, ssl.SSLError) as exc:  # below httpx's own wrapping, should it miss one
        raise FetchError("network", f"network error ({_describe(exc)})") from exc


def _timeout_of(exc: Exception, limits: Limits) -> float:
    import httpx

    return limits.connect_timeout if isinstance(exc, httpx.ConnectTimeout) else limits.read_timeout


def _read_body(r: httpx.Response, out: Response, limits: Limits, deadline: float) -> bytes:
    """The body, decompressed, refused past either cap or the total time."""
    declared = r.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError("too_large", _too_large(int(declared), limits.max_bytes, "declares"))
    decoder = _Decoder(r.headers.get("content-encoding", ""), limits.max_decoded)
    received = 0
    for chunk in r.iter_raw(CHUNK):
        received += len(chunk)
        if received > limits.max_bytes:
            raise FetchError("too_large", _too_large(received, limits.max_bytes, "sent"))
        decoder.feed(chunk)
        if time.monotonic() > deadline:
            raise FetchError(
                "timeout", f"timed out: the response took over {limits.total_timeout:g} s"
            )
    return decoder.finish()


def _too_large(n: int, cap: int, verb: str) -> str:
    from tui.ingest import human_size

    if verb == "sent":
        return f"too large (over the {human_size(cap)} limit; stopped after {human_size(n)})"
    return f"too large (the server declares {human_size(n)}; the limit is {human_size(cap)})"


class _Decoder:
    """Content-Encoding undone chunk by chunk, never producing more than `cap` bytes."""

    def __init__(self, encoding: str, cap: int) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchError("http", f"unsupported Content-Encoding: {encoding[:40]}")
        self.kind = codings[0] if codings else ""
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0
        self.z: zlib._Decompress | None = None
        self.raw_deflate = False
        if self.kind in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.kind == "deflate":
            self.z = zlib.decompressobj()  # zlib-wrapped; raw deflate tried on failure

    def feed(self, chunk: bytes) -> None:
        if self.z is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                piece = self.z.decompress(data, self.cap - self.size + 1)
            except zlib.error as exc:
                if self.kind == "deflate" and not self.size and not self.raw_deflate:
                    self.raw_deflate = True  # servers that send raw deflate
                    self.z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError("http", f"the compressed body is damaged ({exc})") from exc
            self._keep(piece)
            data = self.z.unconsumed_tail
            if self.z.eof:
                break

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.cap:
            from tui.ingest import human_size

            raise FetchError(
                "too_large",
                f"too large once decompressed (over {human_size(self.cap)}; refused)",
            )
        self.parts.append(piece)

    def finish(self) -> bytes:
        if self.z is not None and not self.z.eof:
            self._keep(self.z.flush())
        return b"".join(self.parts)


def _check_status(response: Response) -> Response:
    status = response.status
    if status in (200, 304):
        return response
    if status in (203, 204):
        raise FetchError("http", f"HTTP {status}: no content", status=status)
    if status == 404:
        raise FetchError("not_found", "not found (HTTP 404)", status=status)
    if status == 410:
        raise FetchError("gone", "gone for good (HTTP 410)", status=status)
    if status == 429 or status >= 500:
        retry_at = retry_after(response.headers.get("retry-after"))
        what = "too many requests" if status == 429 else "server error"
        when = f"; retry after {_clock(retry_at)}" if retry_at else "; retry later"
        raise FetchError("retry", f"{what} (HTTP {status}){when}", status=status, retry_at=retry_at)
    if status in (401, 403):
        raise FetchError("http", f"access refused (HTTP {status})", status=status)
    raise FetchError("http", f"unexpected HTTP {status}", status=status)


def retry_after(value: str | None, now: datetime | None = None) -> datetime | None:
    """When a Retry-After header (seconds or an HTTP date) says to come back; capped at a week."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    value = value.strip()
    when: datetime | None
    if value.isdigit():
        when = now + timedelta(seconds=int(value[:9]))
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    return min(when, now + timedelta(days=7))


def _clock(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _network_error(exc: Exception) -> FetchError:
    """A connection failure named by its cause: DNS, refused, TLS, or other."""
    chain = _causes(exc)
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = getattr(cause, "verify_message", None) or _describe(cause)
            return FetchError("tls", f"TLS certificate not trusted ({detail})")
        if isinstance(cause, ssl.SSLError):
            return FetchError("tls", f"TLS error ({_describe(cause)})")
        if isinstance(cause, ConnectionRefusedError):
            return FetchError("refused", "connection refused")
    text = " ".join(_describe(c) for c in chain).lower()
    if "certificate" in text or "ssl" in text or "tls" in text:
        return FetchError("tls", f"TLS error ({_describe(exc)})")
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "getaddrinfo" in text
        or "no address associated" in text
        or "temporary failure in name resolution" in text
    ):
        return FetchError("dns", "host not found (DNS lookup failed)")
    if "refused" in text:
        return FetchError("refused", "connection refused")
    if "remoteprotocolerror" in text or "peer closed" in text or "incomplete" in text:
        return FetchError("network", f"the server broke the connection ({_describe(exc)})")
    return FetchError("network", f"network error ({_describe(exc)})")


def _causes(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(out) < 10:
        seen.add(id(current))
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _describe(exc: BaseException) -> str:
    from tui.text import clean_line

    message = clean_line(str(exc))[:160]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@dataclass
class FetchStats:
    """Counts over an update, for the summary line and the bench."""

    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    hosts: dict[str, int] = field(default_factory=dict)
