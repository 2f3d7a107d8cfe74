"""`brief entities PATH... --json [--raw]`: people, organisations and places in files."""

from __future__ import annotations

import argparse

from tui.commands.common import EXIT_FAILED, EXIT_OK, emit_json, warn
from tui.errors import InputError
from tui.ingest import expand, load_bytes, read_paths
from tui.model import Mention


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("entities", help="find people, organisations and places in files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--json", action="store_true", help="JSON Lines output")
    p.add_argument(
        "--raw",
        action="store_true",
        help="read each file as one plain UTF-8 document (offsets into the file's text)",
    )
    p.set_defaults(func=run)


def _mention_json(m: Mention, with_paragraph: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "text": m.text,
        "type": m.type,
        "start": m.start,
        "end": m.end,
        "canonical": m.canonical,
    }
    if with_paragraph:
        out["paragraph"] = m.paragraph
    return out


def _print_human(path: str, mentions: list[Mention], title: str | None = None) -> None:
    print(path + (f"  {title}" if title else ""))
    for m in mentions:
        where = f"¶{m.paragraph} " if m.paragraph is not None else ""
        print(f"    {where}{m.start}-{m.end}  {m.type:6s}  {m.text}  →  {m.canonical}")


def run(args: argparse.Namespace) -> int:
    from tui import entities

    status = EXIT_OK
    if args.raw:
        for path in expand(args.paths):
            try:
                data = load_bytes(path)
            except InputError as exc:
                warn(f"{path}: {exc.reason}")
                status = EXIT_FAILED
                continue
            text = data.decode("utf-8", errors="replace")
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            mentions = entities.analyse_text(text)
            if args.json:
                emit_json({"path": path, "entities": [_mention_json(m, False) for m in mentions]})
            else:
                _print_human(path, mentions)
        return status
    for result in read_paths(args.paths):
        if result.error:
            warn(f"{result.path}: {result.error}")
            status = EXIT_FAILED
            continue
        for art in result.articles:
            analysis = entities.analyse(art)
            if args.json:
                emit_json(
                    {
                        "path": art.source_path,
                        "article_id": art.id,
                        "title": art.title,
                        "entities": [_mention_json(m, True) for m in analysis.mentions],
                    }
                )
            else:
                _print_human(art.source_path, analysis.mentions, art.title)
    return status
