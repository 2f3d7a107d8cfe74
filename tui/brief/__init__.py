"""Briefs: selected passages → a one-page Brief → YAML (its own form) and Markdown.

The one API the CLI and the app share:

- `compile_brief(passages, title=…, created=…, bluf=…, analyses=…, strict=…) -> Brief`
- `compile_selection(lib, store, title=…, bluf=…, created=…, strict=…) -> (Brief, missing)`
- `render(brief, fmt)`, `render_markdown(brief)`, `dump_yaml(brief)`, `load_yaml(text)`
- `page_meter(markdown) -> PageMeter` (lines, widest, words, `.fits`, `.describe()`)
- `brief_meter(brief) -> PageMeter`: the meter of the brief as written (with its cuts);
  `selection_meter(lib, name)`: that of the brief a saved selection compiles to (the
  one figure the selection tray and the compile dialog show)
- `write_brief(brief, fmt, lib=…, folder=…, output=…, force=…) -> Path`
- `read_brief(path) -> Brief`
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.brief.compose import (
    PAGE,
    PageBudget,
    PageMeter,
    PageOverflow,
    SelectedPassage,
    brief_meter,
    compile_brief,
    page_meter,
    passage_label,
    today,
)
from tui.brief.files import slugify, target_path, write_safely
from tui.brief.inputs import (
    analyses_from_library,
    compile_selection,
    in_text_order,
    passages_from_hits,
    passages_from_selection,
    selection_meter,
    top_hits,
)
from tui.brief.markdown import render_markdown
from tui.brief.schema import (
    SCHEMA_VERSION,
    Actor,
    BlufSentence,
    Brief,
    Cut,
    FigureItem,
    KeyPoint,
    QuoteItem,
    Source,
    SourceEntry,
)
from tui.brief.yamlio import dump_yaml, load_yaml
from tui.errors import BriefFileError
from tui.library import Library

FORMATS = ("yaml", "md")

MAX_BRIEF_BYTES = 16 * 1024 * 1024


def render(brief: Brief, fmt: str) -> str:
    """The brief's file content in `fmt` ("yaml" or "md")."""
    if fmt == "yaml":
        return dump_yaml(brief)
    if fmt == "md":
        return render_markdown(brief)
    raise BriefFileError(f"unknown format {fmt!r} (yaml or md)")


def write_brief(
    brief: Brief,
    fmt: str = "yaml",
    *,
    lib: Library,
    folder: str | os.PathLike[str] | None = None,
    output: str | None = None,
    force: bool = False,
) -> Path:
    """Render and write the brief safely (see tui.brief.files); returns the path written."""
    content = render(brief, fmt)
    return write_safely(target_path(brief.title, fmt, folder, output), content, lib, force)


def read_brief(path: str | os.PathLike[str]) -> Brief:
    """A brief from a YAML file written by brief (safe_load only, Python tags refused)."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = fh.read(MAX_BRIEF_BYTES + 1)
    except OSError as exc:
        raise BriefFileError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BRIEF_BYTES:
        raise BriefFileError(f"{p}: too large for a brief")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefFileError(f"{p}: not UTF-8 text") from exc
    return load_yaml(text, str(p))


__all__ = [
    "FORMATS",
    "PAGE",
    "SCHEMA_VERSION",
    "Actor",
    "BlufSentence",
    "Brief",
    "Cut",
    "FigureItem",
    "KeyPoint",
    "PageBudget",
    "PageMeter",
    "PageOverflow",
    "QuoteItem",
    "SelectedPassage",
    "Source",
    "SourceEntry",
    "analyses_from_library",
    "brief_meter",
    "compile_brief",
    "compile_selection",
    "dump_yaml",
    "load_yaml",
    "in_text_order",
    "page_meter",
    "passage_label",
    "passages_from_hits",
    "passages_from_selection",
    "read_brief",
    "render",
    "render_markdown",
    "selection_meter",
    "slugify",
    "target_path",
    "today",
    "top_hits",
    "write_brief",
]
