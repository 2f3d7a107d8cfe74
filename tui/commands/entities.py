"""`brief entities PATH... --json [--raw]`: people, organisations and places in files."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.commands.common import EXIT_FAILED, EXIT_OK, emit_json, raw_texts, warn
from tui.ingest import read_paths
from tui.model import Mention

if TYPE_CHECKING:
    from tui.entities.corrections import Rules


def register(sub: argparse._SubParsersAction) -> None:
    from tui.commands.common import add_library_option
    from tui.commands.corrections import USAGE

    p = sub.add_parser(
        "entities",
        help="find people, organisations and places in files; correct them",
        description="People, organisations and places in files (as the library's "
        "corrections leave them, except with --raw), or corrections of the library's "
        "entities when the first word is one of merge, split, rename, retype, reject, "
        "undo, rules (a file of that name: write ./NAME).",
        epilog=USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or - for stdin")
    p.add_argument("--into", metavar="NAME", help="merge: the name the merged entity keeps")
    p.add_argument("--article", metavar="ID", help="a correction for this article only")
    add_library_option(p)
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


def _library_rules(args: argparse.Namespace) -> Rules:
    """The library's corrections, when there is a library (none is created to read them)."""
    from tui.entities import corrections
    from tui.library import DB_NAME, Library
    from tui.paths import library_dir

    folder = library_dir(getattr(args, "library", None))
    if not (folder / DB_NAME).exists():
        return corrections.Rules([])
    with Library.open(folder) as lib:
        return corrections.load(lib)


def run(args: argparse.Namespace) -> int:
    from tui import entities
    from tui.commands import corrections as correcting

    if args.paths[0] in correcting.WORDS:
        return correcting.run(args)
    if args.into or args.article:
        warn("--into and --article go with a correction (merge, rename, ...)")
        return 2
    status = EXIT_OK
    if args.raw:
        failed: list[str] = []
        for path, text in raw_texts(args.paths, failed):
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            mentions = entities.analyse_text(text)
            if args.json:
                emit_json({"path": path, "entities": [_mention_json(m, False) for m in mentions]})
            else:
                _print_human(path, mentions)
        return EXIT_FAILED if failed else status
    from tui.entities.corrections import Rules, apply

    rules = _library_rules(args)
    assert isinstance(rules, Rules)
    for result in read_paths(args.paths):
        if result.error:
            warn(f"{result.path}: {result.error}")
            status = EXIT_FAILED
            continue
        for art in result.articles:
            analysis = apply(entities.analyse(art), rules)
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
