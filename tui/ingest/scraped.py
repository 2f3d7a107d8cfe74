"""Scraped plain-text pages: one or several articles, one paragraph a line, with furniture.

The reader walks the lines once. A relative-time line (`2 hours ago`), a
`- OUTLET` line, or a title with an `– OUTLET – DATE` suffix starts a new
article; an end-of-article section (`Related Articles`, `Comments`) closes
one; two blank lines before a title-like line followed by body text start one
too. Furniture (see `furniture`) is dropped, glued furniture cut out, and
very long lines split into paragraphs of whole sentences (see `segment`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui import text
from tui.ingest import furniture as fur
from tui.ingest.dates import DATE_PATTERN, normalize_date
from tui.ingest.meta import Meta, has_title_suffix, make_article, split_title
from tui.ingest.segment import LONG_LINE, group_sentences, split_long
from tui.model import Article

MAX_TITLE = 300
GLUED_MIN = 30  # repeated lines at least this long are also cut out of other lines


@dataclass
class _Draft:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    lines: list[str] = field(default_factory=list)


def _link_list_mask(lines: list[str], known: list[bool] | None = None) -> list[bool]:
    """True for lines inside a run of three or more menu-like lines (a link list).

    A headline right before its body (furniture such as `Share` aside) is not a
    menu item, however short: it ends the run. `known`: `fur.is_known` of each
    line, when the caller has it already.
    """
    if known is None:
        known = [bool(line) and fur.is_known(line) for line in lines]
    mask = [False] * len(lines)
    next_content = [""] * len(lines)
    upcoming = ""
    for i in range(len(lines) - 1, -1, -1):
        next_content[i] = upcoming
        if lines[i] and not known[i]:
            upcoming = lines[i]
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            for k in run:
                mask[k] = True
        run.clear()

    for i, line in enumerate(lines):
        if (
            line
            and fur.is_link_item(line)
            and not _is_header(line)
            and not (len(line.split()) >= 4 and _is_body_like(next_content[i]))  # a headline
        ):
            run.append(i)
        else:
            close()
    close()
    for i, line in enumerate(lines):
        if line and fur.is_link_row(line):
            mask[i] = True
    return mask


def _is_header(line: str) -> bool:
    return (
        fur.is_relative_time(line)
        or fur.outlet_mark(line) is not None
        or fur.is_date_line(line)
        or has_title_suffix(line)
    )


def _is_title_like(line: str) -> bool:
    """A line that could be a headline: a few words, not a full sentence ending in a stop."""
    if len(line) > MAX_TITLE:
        return False
    words = len(line.split())
    return 2 <= words <= 40 and not line.rstrip("\"'”’").endswith(".")


def _is_body_like(line: str) -> bool:
    return len(line) >= 160 or (fur.is_sentence(line) and len(line.split()) >= 6)


class _Reader:
    def __init__(self, lines: list[str], source_path: str, meta: Meta) -> None:
        self.lines = lines
        self.source_path = source_path
        self.meta = meta
        self.repeated = fur.repeated_lines(lines)
        self.glued = sorted(
            (r for r in self.repeated if len(r) >= GLUED_MIN), key=len, reverse=True
        )
        # known furniture, line by line (asked for again and again below)
        self.known = [bool(line) and fur.is_known(line) for line in lines]
        self.link_list = _link_list_mask(lines, self.known)
        self.outlets = {o for o in (fur.outlet_mark(x) for x in lines if x) if o}
        self.drafts: list[_Draft] = []
        # the next non-blank line after each line ("" at the end)
        self.following = [""] * len(lines)
        upcoming = ""
        for i in range(len(lines) - 1, -1, -1):
            self.following[i] = upcoming
            if lines[i]:
                upcoming = lines[i]

    def _next(self, i: int) -> str:
        return self.following[i]

    def _blank_before(self, i: int) -> int:
        n = 0
        while i - n - 1 >= 0 and not self.lines[i - n - 1]:
            n += 1
        return n

    def _new(self, title_line: str | None, outlet: str | None = None) -> _Draft:
        draft = _Draft(outlet=outlet)
        if title_line is not None:
            self._set_title(draft, title_line)
        self.drafts.append(draft)
        return draft

    def _set_title(self, draft: _Draft, line: str) -> None:
        title, outlet, published = split_title(line, self.outlets)
        draft.title = title
        draft.outlet = draft.outlet or outlet
        draft.published = draft.published or published

    def walk(self) -> None:  # noqa: C901 - too complex; html (#11) splits it, then removes this
        state = "start"  # start | header | body | outside
        cur: _Draft | None = None
        pending_outlet: str | None = None
        candidate: str | None = None  # a possible headline seen before any body
        start_date: str | None = None  # a date line seen before any body
        for i, line in enumerate(self.lines):
            if not line:
                continue
            if len(line) > 400 and state == "body" and cur is not None:
                # far too long for a header, a headline or furniture: body text
                if line not in self.repeated:
                    cur.lines.append(line)
                continue
            nxt = self._next(i)
            mark = fur.outlet_mark(line)
            if fur.is_relative_time(line) or mark is not None:
                if state != "header":
                    cur = self._new(None, pending_outlet)
                    state = "header"
                assert cur is not None
                if mark is not None:
                    cur.outlet = mark
                pending_outlet = None
                continue
            if (
                fur.is_short_fragment(line)
                and not self.known[i]
                and (fur.is_relative_time(nxt) or fur.outlet_mark(nxt) is not None)
            ):
                pending_outlet = line  # the outlet line that opens a header block
                state = "outside"
                continue
            if fur.is_date_line(line):
                date = normalize_date(_strip_date_label(line))
                if state == "start":
                    start_date = start_date or date
                elif cur is not None and cur.published is None and not cur.lines:
                    cur.published = date
                continue
            if has_title_suffix(line) and state != "header":
                cur = self._new(line)
                state = "body"
                continue
            if state == "header":
                if self.known[i]:
                    continue
                assert cur is not None
                if _is_title_like(line):
                    self._set_title(cur, line)
                else:
                    cur.lines.append(line)  # no title line: the body starts at once
                state = "body"
                continue
            if fur.is_end_marker(line):
                state = "outside"
                continue
            if self.known[i] or self.link_list[i]:
                continue
            if state == "start":
                # the page's headline: the title-like line nearest the first body line
                # (a short site name before it gives way to a longer headline)
                if _is_title_like(line) and not _is_body_like(line):
                    if candidate is None or len(candidate.split()) <= 3:
                        candidate = line
                    continue
                if fur.is_short_fragment(line) or line in self.repeated:
                    continue
                cur = self._new(candidate)
                cur.published = cur.published or start_date
                cur.lines.append(line)
                state = "body"
                continue
            if line in self.repeated:
                continue
            starts_article = _is_title_like(line) and _is_body_like(nxt)
            if starts_article and (
                state == "outside" or (state == "body" and self._blank_before(i) >= 2)
            ):
                cur = self._new(line)
                state = "body"
            elif fur.is_short_fragment(line) or state == "outside":
                continue
            elif cur is not None:
                cur.lines.append(line)

    def paragraphs(self, draft: _Draft) -> list[str]:
        out: list[str] = []
        for line in draft.lines:
            whole_body = len(line) > LONG_LINE
            for piece in fur.cut_glued(line, self.glued):
                if fur.is_known(piece) or piece in self.repeated:
                    continue
                if whole_body:
                    out.extend(group_sentences(text.split_sentences(piece)))
                else:
                    out.extend(split_long(piece))
        return out

    def articles(self) -> list[Article]:
        self.walk()
        result: list[Article] = []
        for draft in self.drafts:
            paragraphs = self.paragraphs(draft)
            if not paragraphs:
                continue
            if draft.published is None:
                draft.published = dateline_date(paragraphs[0])
            meta = self.meta if not result else Meta()  # what the file states: its first article
            art = make_article(
                title=meta.title or draft.title,
                paragraphs=paragraphs,
                source_path=self.source_path,
                outlet=meta.outlet or draft.outlet,
                published=meta.published or draft.published,
                url=meta.url or draft.url,
            )
            if art is not None:
                result.append(art)
        return result


_DATELINE = re.compile(rf"[A-Z][\w .'-]{{1,40}},\s+(?P<date>{DATE_PATTERN})\s*[–—-]{{1,2}}\s")


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline opening the first paragraph: `Velmora, April 9, 2026 – ...`."""
    m = _DATELINE.match(paragraph)
    return normalize_date(m["date"]) if m else None


def _strip_date_label(line: str) -> str:
    for label in ("last updated", "updated", "published", "posted"):
        if line.casefold().startswith(label):
            return line[len(label) :].lstrip(": ")
    return line


def read_lines(lines: list[str], source_path: str, meta: Meta | None = None) -> list[Article]:
    """Articles from lines that are already one paragraph each (raw, uncleaned)."""
    return _Reader(_folded_lines(lines), source_path, meta or Meta()).articles()


def _folded_lines(lines: list[str]) -> list[str]:
    """The lines sanitised, whitespace runs folded to one space and ends trimmed."""
    joined = text.sanitize("\n".join(lines))
    if (
        joined.isascii()
        and "\t" not in joined  # sanitised ASCII: space and newline are the only whitespace
        and "  " not in joined
        and " \n" not in joined
        and "\n " not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
    ):
        return joined.split("\n")  # every line is folded already
    return [text.fold_spaces(line) for line in joined.split("\n")]


def read(decoded: str, source_path: str, meta: Meta | None = None) -> list[Article]:
    """Articles from a scraped page's text."""
    return read_lines(decoded.split("\n"), source_path, meta)
