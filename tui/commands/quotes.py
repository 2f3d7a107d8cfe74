"""`brief quotes PATH... --json [--raw]`: quotations in files and who said them."""

from __future__ import annotations

import argparse
import re

from tui.commands.common import EXIT_FAILED, EXIT_OK, emit_json, raw_texts, warn
from tui.ingest import read_paths
from tui.model import Quote
from tui.text import clean_line

_LINE_RE = re.compile(r"[^\r\n]+")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("quotes", help="find quotations in files and who said them")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.add_argument(
        "--raw",
        action="store_true",
        help="read each file as one plain UTF-8 document, each non-empty line a paragraph "
        "(offsets into the file's text)",
    )
    p.set_defaults(func=run)


def _quote_json(q: Quote, base: int = 0) -> dict[str, object]:
    return {
        "text": q.text,
        "start": q.start + base,
        "end": q.end + base,
        "speaker": q.speaker,
        "paragraph": q.paragraph,
    }


def _print_human(path: str, quotes: list[Quote], title: str | None = None) -> None:
    print(clean_line(path + (f"  {title}" if title else "")))
    for q in quotes:
        who = q.speaker if q.speaker is not None else "(unattributed)"
        print(f"    ¶{q.paragraph + 1}  {clean_line(who)}: “{clean_line(q.text)}”")


def raw_quotes(text: str) -> list[tuple[Quote, int]]:
    """Quotations of one raw document, each non-empty line a paragraph; each with the
    offset of its paragraph in `text`."""
    from tui import entities

    lines = [(m.start(), m.group()) for m in _LINE_RE.finditer(text) if m.group().strip()]
    paras = [line for _, line in lines]
    quotes = entities.find_paragraph_quotes(paras)
    return [(q, lines[q.paragraph][0]) for q in quotes]


def run(args: argparse.Namespace) -> int:
    from tui import entities

    status = EXIT_OK
    if args.raw:
        failed: list[str] = []
        for path, text in raw_texts(args.paths, failed):
            found = raw_quotes(text)
            if args.json:
                emit_json({"path": path, "quotes": [_quote_json(q, base) for q, base in found]})
            else:
                _print_human(path, [q for q, _ in found])
        return EXIT_FAILED if failed else status
    for result in read_paths(args.paths):
        if result.error:
            warn(f"{result.path}: {result.error}")
            status = EXIT_FAILED
            continue
        for art in result.articles:
            quotes = entities.analyse(art).quotes
            if args.json:
                emit_json(
                    {
                        "path": art.source_path,
                        "article_id": art.id,
                        "title": art.title,
                        "quotes": [_quote_json(q) for q in quotes],
                    }
                )
            else:
                _print_human(art.source_path, quotes, art.title)
    return status
