"""The brief rendered as Markdown that reads well as plain text and renders on GitHub
and pandoc; a pure function of the brief, so rendering a saved YAML brief gives the
same bytes as compiling to Markdown. Every string from an article is escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tui.brief.schema import Brief, Source
from tui.model import TYPE_GROUPS
from tui.text import clean_line

WIDTH = 100

_GROUPS = {**TYPE_GROUPS, "OTHER": "Also quoted"}
_GROUP_ORDER = {t: n for n, t in enumerate(_GROUPS)}

# Characters that are Markdown syntax anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<~|])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What would start a block (list, heading, quote, break, setext underline, pandoc
# title block or definition) at the start of a line's content.
_BLOCK_CHAR = re.compile(r"^(?:[-+](?=\s|$)|#|>|=|%|:(?=\s|$)|-(?=-*\s*$))")
_LIST_MARK = re.compile(r"^(\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+|#|@))([.)])(?=\s|$)")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"\\`]+$")


@lru_cache(maxsize=8192)
def escape(text: str) -> str:
    """Untrusted text as inline Markdown that shows exactly that text, on one line."""
    text = clean_line(text)
    text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def _guard_line_start(content: str) -> str:
    """Escape what would make a wrapped line start a block of its own."""
    m = _LIST_MARK.match(content)
    if m:
        return m.group(1) + "\\" + content[m.end(1) :]
    if _BLOCK_CHAR.match(content):
        return "\\" + content
    return content


def _chunks(word: str, size: int) -> Iterable[str]:
    """A word too long for a line, in pieces that never split a backslash escape."""
    while len(word) > size:
        cut = size
        # an odd run of backslashes before the cut means an escape would be split
        run = len(word[:cut]) - len(word[:cut].rstrip("\\"))
        if run % 2:
            cut -= 1
        yield word[:cut]
        word = word[cut:]
    if word:
        yield word


@lru_cache(maxsize=8192)
def wrap(
    text: str, first: str = "", rest: str | None = None, width: int = WIDTH
) -> tuple[str, ...]:
    """Escaped inline text wrapped to `width`, with a prefix on the first and later lines.

    The budget keeps one character spare per line for a line-start escape.
    """
    rest = " " * len(first) if rest is None else rest
    lines: list[str] = []
    current: list[str] = []
    used = 0
    room = width - max(len(first), len(rest)) - 1
    for word in text.split():
        for piece in _chunks(word, room):
            extra = len(piece) + (1 if current else 0)
            if current and used + extra > room:
                lines.append(" ".join(current))
                current, used = [], 0
                extra = len(piece)
            current.append(piece)
            used += extra
    if current:
        lines.append(" ".join(current))
    if not lines:
        lines = [""]
    out = []
    for i, line in enumerate(lines):
        out.append(((first if i == 0 else rest) + _guard_line_start(line)).rstrip())
    return tuple(out)


def link(url: str | None) -> str:
    """An autolink for a plain http(s) URL; anything else shown as escaped text."""
    if not url:
        return ""
    url = url.strip()
    if _SAFE_URL.match(url):
        return f"<{url}>"
    return escape(url)


def _cite(brief: Brief, *sources: Source) -> str:
    """`[2 ¶9]`: the source's number and the paragraph (1-based) a reader can check;
    several sources as `[2 ¶9; 3 ¶4]`."""
    marks = []
    for source in sources:
        n = brief.source_number(source.article_id)
        if n is not None:
            mark = f"{n} ¶{source.paragraph + 1}"
            if mark not in marks:
                marks.append(mark)
    return f"[{'; '.join(marks)}]" if marks else ""


_BLUF_LABEL = {"draft": "Bottom line (draft):", "accepted": "Bottom line:", "user": "Bottom line:"}


def _bluf_text(brief: Brief) -> str:
    """The bottom line with each sentence's citation after it."""
    if not brief.bluf_sentences:
        return escape(brief.bluf)
    parts = []
    for sentence in brief.bluf_sentences:
        cite = _cite(brief, *sentence.sources)
        parts.append(f"{escape(sentence.text)} {cite}".rstrip())
    return " ".join(parts)


def _address_lines(text: str, url: str, first: str, rest: str) -> list[str]:
    """A source's line and its address: on the same line when it fits, else the address
    alone on the next line (never broken, never left out)."""
    together = wrap(f"{text} {url}", first, rest)
    if all(url not in line or len(line) <= WIDTH for line in together) and any(
        url in line for line in together
    ):
        return list(together)
    return [*wrap(text, first, rest), f"{rest}{url}"]


def _heading(title: str, lines: list[str]) -> None:
    lines.append("")
    lines.append(f"## {title}")


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: title, bottom line, key points with [n] citations, actors,
    quotes, figures, numbered sources, and a line saying what was cut to fit."""
    lines: list[str] = []
    for section in (_head, _key_points, _actors, _quotes, _figures, _sources, _cuts):
        section(brief, lines)
    return "\n".join(lines) + "\n"


def _head(brief: Brief, lines: list[str]) -> None:
    title = wrap(escape(brief.title) or "Brief")
    lines.extend(title)
    lines.append("=" * min(WIDTH, max(3, max(len(t) for t in title))))
    lines.append("")
    meta = [f"Brief of {brief.created.isoformat()}"]
    if brief.period:
        meta.append(f"covers {escape(brief.period)}")
    meta.append(f"{len(brief.sources)} source" + ("" if len(brief.sources) == 1 else "s"))
    meta.append(f"{len(brief.key_points)} key point" + ("" if len(brief.key_points) == 1 else "s"))
    lines.append("*" + " · ".join(meta) + "*")
    if brief.bluf.strip():
        lines.append("")
        label = _BLUF_LABEL.get(brief.bluf_status, "Bottom line:")
        lines.extend(wrap(f"**{label}** " + _bluf_text(brief)))


def _key_points(brief: Brief, lines: list[str]) -> None:
    if not brief.key_points:
        return
    _heading("Key points", lines)
    for kp in brief.key_points:
        lines.extend(wrap(f"{escape(kp.text)} {_cite(brief, *kp.sources)}".rstrip(), "- "))
        if kp.note.strip():
            lines.extend(wrap("*Note:* " + escape(kp.note), "  "))


def _actors(brief: Brief, lines: list[str]) -> None:
    if not brief.actors:
        return
    _heading("Actors", lines)
    kinds = sorted({a.type for a in brief.actors}, key=lambda t: (_GROUP_ORDER.get(t, 9), t))
    for kind in kinds:
        entries = []
        for actor in (a for a in brief.actors if a.type == kind):
            count = f"{actor.mentions} mention" + ("" if actor.mentions == 1 else "s")
            if actor.quoted:
                count = f"quoted, {count}" if actor.mentions else "quoted"
            entry = f"**{escape(actor.name)}**"
            if actor.role:
                role = escape(actor.role)
                entry += f" {role}" if role.startswith(("of ", "from ")) else f", {role}"
            entries.append(f"{entry} ({count})")
        label = _GROUPS.get(kind) or escape(kind.capitalize())
        lines.extend(wrap(f"{label}: " + "; ".join(entries), "- "))


def _quotes(brief: Brief, lines: list[str]) -> None:
    if not brief.quotes:
        return
    _heading("Quotes", lines)
    for q in brief.quotes:
        who = f"**{escape(q.speaker)}**" if q.speaker else "*speaker not named*"
        text = f"“{escape(q.text)}” — {who} {_cite(brief, *q.sources)}"
        lines.extend(wrap(text.rstrip(), "- "))


def _figures(brief: Brief, lines: list[str]) -> None:
    if not brief.figures:
        return
    _heading("Figures", lines)
    # figures of the same sentence share one line, after that sentence
    groups: list[tuple[str, Source, list[str]]] = []
    for f in brief.figures:
        if groups and groups[-1][1] == f.source and groups[-1][0] == f.context:
            groups[-1][2].append(f.label)
        else:
            groups.append((f.context, f.source, [f.label]))
    for context, source, values in groups:
        shown = ", ".join(f"**{escape(v)}**" for v in dict.fromkeys(values))
        text = f"{shown}: {escape(context)} {_cite(brief, source)}" if context else shown
        lines.extend(wrap(text.rstrip(), "- "))


def _sources(brief: Brief, lines: list[str]) -> None:
    if not brief.sources:
        return
    _heading("Sources", lines)
    for s in brief.sources:
        parts = [escape(x) for x in (s.outlet, s.published) if x and x.strip()]
        label = escape(s.title) or "Untitled"
        if not label.endswith((".", "?", "!", "…")):
            label += "."
        text = f"{', '.join(parts)}. {label}" if parts else label
        url = link(s.url)
        first, rest = f"{s.n}. ", " " * (len(str(s.n)) + 2)
        if url.startswith("<"):
            lines.extend(_address_lines(text, url, first, rest))
        else:
            lines.extend(wrap(f"{text} {url}".rstrip(), first, rest))


def _cuts(brief: Brief, lines: list[str]) -> None:
    if not brief.cuts:
        return
    lines.append("")
    merged = sum(1 for c in brief.cuts if c.action == "merged")
    summary = cut_summary(brief)
    said = []
    if merged:
        said.append(f"{_count(merged, 'passage')} reported elsewhere too, cited with it")
    if summary != "nothing":
        said.append(f"Cut to fit one page: {summary}")
    lines.extend(wrap("*" + ". ".join(said) + ". The YAML brief lists each change.*"))


_ITEM_NAMES = {
    "key_point": ("key point", "key points"),
    "quote": ("quote", "quotes"),
    "figure": ("figure", "figures"),
    "actor": ("actor", "actors"),
    "passage": ("passage", "passages"),
}


def _count(n: int, item: str) -> str:
    one, many = _ITEM_NAMES.get(item, (item.replace("_", " "), item.replace("_", " ") + "s"))
    return f"{n} {one if n == 1 else many}"


def cut_summary(brief: Brief) -> str:
    """What was cut, counted: "2 key points shortened; 3 left out; 2 quotes not shown"."""
    shortened = sum(1 for c in brief.cuts if c.action == "shortened")
    dropped = sum(1 for c in brief.cuts if c.action == "dropped" and c.item == "key_point")
    parts = []
    if shortened:
        parts.append(f"{_count(shortened, 'key_point')} shortened")
    if dropped:
        parts.append(f"{_count(dropped, 'key_point')} left out")
    hidden = []
    for c in brief.cuts:
        if c.item != "key_point" and c.action == "dropped":
            m = re.match(r"(\d+) more", c.detail)
            hidden.append(_count(int(m.group(1)) if m else 1, c.item))
    if hidden:
        parts.append(", ".join(hidden) + " not shown")
    return "; ".join(parts) or "nothing"
