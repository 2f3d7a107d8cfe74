"""Markdown with optional front matter: markup stripped, one paragraph per block."""

from __future__ import annotations

import re

from tui.ingest import scraped
from tui.ingest.meta import split_front_matter
from tui.model import Article

_FENCE = re.compile(r"^(```|~~~)")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_REFDEF = re.compile(r"^\s*\[[^\]]+\]:\s+\S")
# Every pattern is bounded so a hostile line cannot make matching quadratic.
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\[\]\s]{0,2000}(?:\s[^()\[\]]{0,300})?\)")
_LINK = re.compile(
    r"\[([^\[\]\n]{1,500})\](?:\([^()\[\]\s]{0,2000}(?:\s[^()\[\]]{0,300})?\)|\[[^\]\n]{0,100}\])"
)
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,500}?)(?<=\S)\1")
_EM = re.compile(
    r"(?<![\w*])(\*)(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w_])(_)(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])"
)
_CODE = re.compile(r"`([^`\n]{0,500})`")
_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,500}>")


def inline(line: str) -> str:
    """A line of Markdown as plain text: links, emphasis, code and tags unwrapped."""
    # each pattern runs only when the character it starts with is there at all
    if "[" in line:
        line = _IMAGE.sub("", line)
        line = _LINK.sub(r"\1", line)
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
    if "`" in line:
        line = _CODE.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = _STRONG.sub(r"\2", line)
        line = _EM.sub(lambda m: m.group(2) or m.group(4), line)
    if "<" in line:
        line = _TAG.sub("", line)
    return line


def to_lines(body: str) -> list[str]:
    """Markdown body as lines of one paragraph each; the first heading comes first."""
    out: list[str] = []
    block: list[str] = []
    title_seen = False
    fenced = False
    raw = body.split("\n")

    def flush() -> None:
        if block:
            out.append(" ".join(block))
            block.clear()

    for n, line in enumerate(raw):
        if _FENCE.match(line.strip()):
            fenced = not fenced
            flush()
            continue
        if fenced:
            continue
        stripped = line.strip()
        following = raw[n + 1].strip() if n + 1 < len(raw) else ""
        heading = _ATX.match(stripped)
        if heading is None and stripped and block == [] and _SETEXT.match(following):
            heading = _ATX.match("# " + stripped)
        if heading is not None:
            flush()
            if not title_seen:
                out.append(inline(heading.group(2)))
                out.append("")
                title_seen = True
            continue
        if (
            not stripped
            or _RULE.match(stripped)
            or _SETEXT.match(stripped)
            or _REFDEF.match(stripped)
        ):
            flush()
            continue
        if _LIST.match(line):
            flush()  # each item is a paragraph; its indented continuation lines join it
            block.append(inline(_LIST.sub("", line)))
            continue
        block.append(inline(_QUOTE.sub("", stripped)))
    flush()
    return out


def read(doc: str, source_path: str) -> list[Article]:
    """The article in a Markdown document."""
    meta, body = split_front_matter(doc)
    return scraped.read_lines(to_lines(body), source_path, meta)
