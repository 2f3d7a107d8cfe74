"""Resource bounds: inputs built to exhaust time, memory or the stack.

Each input is generated and read in a fresh process (so its peak memory is its
own), through `tui.ingest.read_bytes`, the reader every path uses. The bounds
are generous on purpose: a shared 2-core machine, several test workers.

    input                                   bound
    5 MB article on a single line           < 20 s, < 500 MB peak RSS
    200,000 short lines                     < 20 s, < 500 MB
    10,000-deep nested HTML (closed, open)  < 20 s, < 500 MB, no RecursionError
    100,000-deep nested JSON and XML        < 20 s, < 500 MB, no RecursionError
    billion laughs, quadratic blow-up, XXE  refused (InputError) in < 5 s, < 300 MB

The whole lot is then ingested by `brief ingest` in one go (slow: `make fuzz`), < 120 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def big_line() -> bytes:
    words = "the minister said officials in Velmora moved 2,451 people to safety on Monday"
    line = (words + "; ") * (5 * MB // (len(words) + 2) + 1)
    return b"A very long report\n\n" + line[: 5 * MB].encode("utf-8") + b".\n"


def many_lines() -> bytes:
    return b"Two hundred thousand lines\n\n" + b"".join(
        b"Line %d: the river fell by %d percent.\n" % (i, i % 97) for i in range(200_000)
    )


def deep_html(closed: bool) -> bytes:
    body = b"<p>The minister said the deep page still has words in it on Monday.</p>"
    return (
        b"<html><head><title>Deep page</title></head><body>"
        + b"<div>" * 10_000
        + body
        + (b"</div>" * 10_000 if closed else b"")
        + b"</body></html>"
    )


def deep_json() -> bytes:
    return b'{"title": "Deep", "body": ' + b"[" * 100_000 + b'"x"' + b"]" * 100_000 + b"}"


def deep_xml() -> bytes:
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item>'
        b"<title>Deep item</title><description>"
        + b"<x>" * 100_000
        + b"words"
        + b"</x>" * 100_000
        + b"</description></item></channel></rss>"
    )


def laughs(root: str = "rss") -> bytes:
    lines = ['<?xml version="1.0"?>', f"<!DOCTYPE {root} [", '<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lines.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
    lines.append("]>")
    if root == "rss":
        lines.append(
            '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
            "<description>&lol9;</description></item></channel></rss>"
        )
    else:
        lines.append(
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol9;</title>'
            "<content>&lol9;</content></entry></feed>"
        )
    return "\n".join(lines).encode("utf-8")


def quadratic() -> bytes:
    big = "A" * 100_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        "<rss><channel><item><description>" + "&a;" * 20_000 + "</description></item>"
        "</channel></rss>"
    ).encode("utf-8")


def xxe() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>t</title><description>&x; The minister said the talks "
        b"went well.</description></item></channel></rss>"
    )


# (make, seconds, megabytes, expected): the seconds are a guard against a hang or a
# quadratic blow-up on a shared, loaded machine (a normal reading takes a fraction of
# them), not a speed figure: those come from `make bench`.
CASES = {
    "5mb-line.txt": (big_line, 90, 500, "read"),
    "5mb-line.md": (big_line, 90, 500, "read"),
    "200k-lines.txt": (many_lines, 90, 500, "read"),
    "deep-closed.html": (lambda: deep_html(True), 90, 500, "read"),
    "deep-open.html": (lambda: deep_html(False), 90, 500, "read"),
    "deep.json": (deep_json, 90, 500, "any"),
    "deep.rss": (deep_xml, 90, 500, "any"),
    "laughs.rss": (laughs, 30, 300, "refused"),
    "laughs.atom": (lambda: laughs("feed"), 30, 300, "refused"),
    "laughs.xml": (laughs, 30, 300, "refused"),
    "quadratic.rss": (quadratic, 30, 300, "refused"),
    "xxe.rss": (xxe, 30, 300, "refused"),
}

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    sys.setrecursionlimit(1000)  # the default: no test may lean on a raised limit
    from tests.test_hardening_bounds import CASES
    from tui.errors import BriefError
    from tui.ingest import read_bytes
    import tui.ingest.html, tui.ingest.feed, tui.ingest.jsonl, tui.ingest.markdown  # noqa
    name = sys.argv[1]
    data = CASES[name][0]()
    started = time.perf_counter()
    outcome, detail, articles, chars = "read", "", 0, 0
    try:
        found = read_bytes(data, name)
        articles = len(found)
        chars = sum(len(p) for a in found for p in a.paragraphs)
        detail = "/etc/passwd" if any("root:" in p for a in found for p in a.paragraphs) else ""
    except BriefError as exc:
        outcome, detail = "refused", str(exc)
    except RecursionError as exc:
        outcome, detail = "RecursionError", str(exc)
    except Exception as exc:
        outcome, detail = type(exc).__name__, str(exc)
    took = time.perf_counter() - started
    # VmHWM is this process's own peak; ru_maxrss would carry over the high-water
    # mark of the (forked) pytest worker across exec.
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
    peak = (int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    print(json.dumps({"outcome": outcome, "detail": detail[:300], "articles": articles,
                      "chars": chars, "seconds": took, "peak_mb": peak, "bytes": len(data)}))
    """
)


def measure(name: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, name], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_size_and_shape(name: str) -> None:
    _, seconds, megabytes, expected = CASES[name]
    got = measure(name)
    assert got["outcome"] in ("read", "refused"), got  # never RecursionError or a crash
    assert got["seconds"] < seconds, got
    assert got["peak_mb"] < megabytes, got
    if expected == "read":
        assert got["outcome"] == "read" and got["articles"] >= 1, got
    elif expected == "refused":
        assert got["outcome"] == "refused", got
    assert got["detail"] != "/etc/passwd", "an external entity was fetched"
    if name.startswith("5mb"):
        assert got["chars"] > 4 * MB, "the long line lost text"
    if name.startswith("200k"):
        assert got["chars"] > 5 * MB // 2, "lines were lost"


@pytest.mark.slow
def test_ingest_all_of_them_at_once(tmp_path: Path) -> None:
    """`brief ingest` over the whole set: bounded, the readable ones stored, the rest named."""
    import os
    import time

    if "FUZZ_EXAMPLES" not in os.environ:
        pytest.skip("long (about a minute): run by make fuzz")
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, (make, *_rest) in CASES.items():
        (folder / name).write_bytes(make())
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "ingest",
            str(folder),
            "--library",
            str(tmp_path / "lib"),
            "-q",
            "--json",
            "--no-entities",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    took = time.perf_counter() - started
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, result.stderr  # the refused ones fail, the rest are stored
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    refused = [n for n, case in CASES.items() if case[3] == "refused"]
    for name in refused:
        assert name in result.stderr, name
    # the .txt and .md long lines are one article, so are the two deep pages
    assert summary["articles_total"] >= 4, summary
    assert took < 120, f"{took:.0f} s"
