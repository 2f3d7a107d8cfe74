"""The article pane: title, outlet, date and url, then numbered paragraphs.

Drawn with the Line API: paragraphs are wrapped into line offsets (a regular
expression does the work for the common case), and only the lines in view
are turned into segments, so a 5 MB article scrolls like a short one.
Mentions, search hits, the current paragraph and selected paragraphs are
styled from component classes in brief.tcss; marks in the gutter keep them
visible without colour.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model import Article, Mention
from tui.text import clean_line, sanitize

SELECTED_MARK = "▌"
NOTE_MARK = "≡"  # a selected paragraph with a note, on its first line (also in CP437)
CURSOR_MARK = "►"  # both in the Linux console font (CP437)
_WHITESPACE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@lru_cache(maxsize=32)
def _wrap_re(width: int) -> re.Pattern[str]:
    return re.compile(rf"(?:.{{1,{width}}}(?:\s+|$))|.{{{width}}}|.+", re.DOTALL)


def wrap_offsets(text: str, width: int) -> list[int]:
    """Start offsets of the lines `text` wraps into at `width` cells."""
    width = max(1, width)
    if len(text) <= width and (text.isascii() or cell_len(text) <= width):
        return [0]
    starts = [m.start() for m in _wrap_re(width).finditer(text)] or [0]
    if text.isascii():
        return starts
    fixed: list[int] = []
    ends = [*starts[1:], len(text)]
    for start, end in zip(starts, ends, strict=True):
        fixed.append(start)
        piece = text[start:end].rstrip()
        if cell_len(piece) <= width:
            continue
        cells = 0
        for i, ch in enumerate(piece):
            w = cell_len(ch)
            if cells + w > width and i > 0:
                fixed.append(start + i)
                cells = 0
            cells += w
    return fixed


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one article; keeps a current paragraph the reader acts on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "line(1)", "Line down", show=False, id="article.line_down"),
        Binding("k,up", "line(-1)", "Line up", show=False, id="article.line_up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="article.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="article.page_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="article.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="article.bottom"),
        Binding("right_square_bracket", "paragraph(1)", "Next paragraph", show=False,
                id="article.next_paragraph", key_display="]"),
        Binding("left_square_bracket", "paragraph(-1)", "Previous paragraph", show=False,
                id="article.previous_paragraph", key_display="["),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--title",
        "article--meta",
        "article--gutter",
        "article--cursor",
        "article--selected",
        "article--person",
        "article--org",
        "article--place",
        "article--entity",
        "article--chosen",
        "article--hit",
        "article--empty",
    }

    cursor: reactive[int] = reactive(0, init=False)

    class FirstText(Message):
        """The pane drew an article's text for the first time (start-up is over)."""

    class CursorMoved(Message):
        """The current paragraph changed."""

        def __init__(self, view: ArticleView, paragraph: int) -> None:
            super().__init__()
            self.view = view
            self.paragraph = paragraph

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.paragraphs: list[str] = []
        self.mentions: dict[int, list[Mention]] = {}
        self.hits: dict[int, list[tuple[int, int]]] = {}
        self.selected: set[int] = set()
        self.notes: set[int] = set()  # selected paragraphs that carry a note
        self.chosen: set[str] = set()
        self.empty = "No article open"
        # layout for the current width: (kind, paragraph, start, end)
        self._lines: list[tuple[str, int, int, int]] = []
        self._para_first: list[int] = []
        self._header: list[tuple[str, str]] = []
        self._header_lines: list[str] = []
        self._width = 0
        self._gutter = 5
        self._cache: LRUCache[int, Strip] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        self._pending: tuple[int, int | None] | None = None
        self._drew_text = False
        self._following = True

    # --- content -------------------------------------------------------------------

    def show(
        self,
        article: Article | None,
        mentions: dict[int, list[Mention]] | None = None,
        *,
        selected: Iterable[int] = (),
        paragraph: int = 0,
        scroll: int | None = None,
    ) -> None:
        """Show `article` at `paragraph` (or at a remembered scroll offset)."""
        self.article = article
        self.paragraphs = []
        self.mentions = {}
        self.hits = {}
        self.selected = set(selected)
        if article is not None:
            for i, raw in enumerate(article.paragraphs):
                clean = sanitize(raw)
                if clean != raw:  # offsets no longer match the text: drop highlights
                    (mentions or {}).pop(i, None)
                self.paragraphs.append(clean.translate(_WHITESPACE))
            self.mentions = {
                p: ms for p, ms in (mentions or {}).items() if p < len(article.paragraphs)
            }
            title = clean_line(article.title)
            meta = " · ".join(
                clean_line(v) for v in (article.outlet, article.published) if v
            )
            self._header = [("title", title), ("meta", meta or "no outlet or date")]
            if article.url:
                self._header.append(("meta", clean_line(article.url)))
        else:
            self._header = []
        digits = max(2, len(str(len(self.paragraphs))))
        self._gutter = digits + 3
        self._width = 0
        if self.scrollable_content_region.width:
            self._relayout()
        else:  # not laid out yet: on_resize lays out once the width is known
            self._lines = []
            self._para_first = []
        self.set_reactive(ArticleView.cursor, max(0, min(paragraph, len(self.paragraphs) - 1)))
        self._move_to(self.cursor, scroll)
        self.post_message(self.CursorMoved(self, self.cursor))

    def set_empty(self, message: str) -> None:
        """What the pane says while there is no article (loading, empty library)."""
        self.empty = message
        self.refresh()

    def set_marks(
        self,
        *,
        selected: Iterable[int] | None = None,
        hits: dict[int, list[tuple[int, int]]] | None = None,
        chosen: Iterable[str] | None = None,
        notes: Iterable[int] | None = None,
    ) -> None:
        """Change what is marked without touching the layout."""
        if selected is not None:
            self.selected = set(selected)
        if notes is not None:
            self.notes = set(notes)
        if hits is not None:
            self.hits = hits
        if chosen is not None:
            self.chosen = set(chosen)
        self._cache.clear()
        self.refresh()

    # --- layout ----------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - self._gutter - 1)

    def _relayout(self) -> None:
        width = self.text_width
        self._width = width
        lines: list[tuple[str, int, int, int]] = []
        self._header_lines = []
        for kind, text in self._header:
            for start, end in _spans(text, width + self._gutter):
                lines.append((kind, -1, len(self._header_lines), 0))
                self._header_lines.append(text[start:end].rstrip())
        if self._header:
            lines.append(("blank", -1, 0, 0))
        self._para_first = []
        for i, text in enumerate(self.paragraphs):
            self._para_first.append(len(lines))
            for start, end in _spans(text, width):
                lines.append(("para", i, start, end))
            lines.append(("blank", i, 0, 0))
        self._lines = lines
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, len(lines)))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()

    def _ensure_layout(self) -> None:
        """Wrap for the current width if it changed (on resize, or on the first draw)."""
        if self.scrollable_content_region.width and self.text_width != self._width:
            self._relayout()
            paragraph, scroll = self._pending or (self.cursor, None)
            self._move_to(paragraph, scroll)

    def paragraph_at(self, line: int) -> int:
        """The paragraph shown on display line `line` (the next one on a gap)."""
        if not self._para_first:
            return 0
        return max(0, bisect_right(self._para_first, line) - 1)

    def paragraph_lines(self, paragraph: int) -> tuple[int, int]:
        """First and last display line of a paragraph."""
        first = self._para_first[paragraph]
        last = (
            self._para_first[paragraph + 1] - 2
            if paragraph + 1 < len(self._para_first)
            else len(self._lines) - 2
        )
        return first, max(first, last)

    # --- moving ------------------------------------------------------------------------

    def _move_to(self, paragraph: int, scroll: int | None = None) -> None:
        """Scroll to `scroll`, or bring `paragraph` to the top, without the cursor following.

        Until the pane has its size the target is kept and applied again after layout.
        """
        if scroll is None:
            if self._para_first:
                paragraph = max(0, min(paragraph, len(self._para_first) - 1))
                scroll = 0 if paragraph == 0 else self._para_first[paragraph]
            else:
                scroll = 0
        self._pending = (paragraph, scroll)
        self._scroll_quietly(scroll)
        if scroll > self.max_scroll_y or not self.scrollable_content_region.height:
            self.call_after_refresh(self._apply_pending)
        else:
            self._pending = None

    def _apply_pending(self) -> None:
        if self._pending is not None:
            self._scroll_quietly(self._pending[1] or 0)
            if self.scrollable_content_region.height:
                self._pending = None

    def _scroll_quietly(self, y: int) -> None:
        self._following = False
        try:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
        finally:
            self._following = True

    def go_to_paragraph(self, paragraph: int) -> None:
        """Make `paragraph` current and bring it to the top of the pane."""
        if not self.paragraphs:
            return
        paragraph = max(0, min(paragraph, len(self.paragraphs) - 1))
        self.cursor = paragraph
        self._move_to(paragraph)

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self.refresh()
        self.post_message(self.CursorMoved(self, new))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self._para_first or not self._following:
            return
        top = int(new)
        bottom = top + max(1, self.scrollable_content_region.height) - 1
        first, last = self.paragraph_lines(self.cursor)
        if last < top or first > bottom:
            follow = self.paragraph_at(top)
            if (
                self._para_first[follow] < top
                and follow + 1 < len(self._para_first)
                and self._para_first[follow + 1] <= bottom
            ):
                follow += 1
            self.cursor = follow

    def action_line(self, step: int) -> None:
        self.scroll_to(y=self.scroll_y + step, animate=False, immediate=True, force=True)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(
            y=self.scroll_y + direction * page, animate=False, immediate=True, force=True
        )

    def action_edge(self, end: int) -> None:
        if end:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)
            if self.paragraphs:
                self.cursor = len(self.paragraphs) - 1
        else:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
            self.cursor = 0

    def action_paragraph(self, step: int) -> None:
        if self.paragraphs:
            self.go_to_paragraph(self.cursor + step)

    def on_click(self, event: events.Click) -> None:
        line = int(self.scroll_y) + event.y
        if 0 <= line < len(self._lines) and self._lines[line][1] >= 0:
            self.cursor = self._lines[line][1]

    # --- drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._cache.clear()

    def _base_style(self) -> Style:
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"article--{name}")
        return style

    def render_line(self, y: int) -> Strip:
        if y == 0 and self._width != self.text_width:
            self._ensure_layout()  # so the first frame already shows the text
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        base = self._base_style()
        if not self._lines:
            lines = _empty_lines(self.empty, width)
            if y < len(lines):
                return Strip([Segment(lines[y], base + self._style("empty"))]).crop_extend(
                    0, width, base
                )
            return Strip.blank(width, base)
        if line >= len(self._lines):
            return Strip.blank(width, base)
        if not self._drew_text:
            self._drew_text = True
            self.post_message(self.FirstText())
        cached = self._cache.get(line)
        if cached is not None:
            return cached
        kind, para, start, end = self._lines[line]
        if kind in ("title", "meta"):
            segments = [Segment(self._header_lines[start], base + self._style(kind))]
        elif kind == "blank":
            segments = []
        else:
            segments = self._paragraph_segments(para, start, end, line, base)
        strip = Strip(segments).crop_extend(0, width, base)
        self._cache[line] = strip
        return strip

    def _paragraph_segments(
        self, para: int, start: int, end: int, line: int, base: Style
    ) -> list[Segment]:
        gutter_style = base + self._style("gutter")
        is_cursor = para == self.cursor
        if is_cursor:
            gutter_style = base + self._style("cursor")
        first = self._para_first[para] == line
        digits = self._gutter - 3
        mark = SELECTED_MARK if para in self.selected else " "
        if first and para in self.notes and para in self.selected:
            mark = NOTE_MARK
        number = str(para + 1).rjust(digits) if first else " " * digits
        pointer = CURSOR_MARK if is_cursor and first else " "
        segments = [
            Segment(mark, base + self._style("selected") if mark != " " else gutter_style),
            Segment(number, gutter_style),
            Segment(pointer + " ", gutter_style),
        ]
        text = self.paragraphs[para]
        body = text[start:end].rstrip()
        end = start + len(body)
        # styled spans that touch this line
        spans: list[tuple[int, int, Style]] = []
        for m in self.mentions.get(para, ()):
            if m.end > start and m.start < end:
                name = {"PERSON": "person", "ORG": "org", "PLACE": "place"}.get(m.type, "entity")
                style = self._style(name)
                if m.canonical in self.chosen:
                    style += self._style("chosen")
                spans.append((max(m.start, start), min(m.end, end), style))
        for s, e in self.hits.get(para, ()):
            if e > start and s < end:
                spans.append((max(s, start), min(e, end), self._style("hit")))
        text_base = base
        if not spans:
            segments.append(Segment(body, text_base))
            return segments
        cuts = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a >= b:
                continue
            style = text_base
            for s, e, st in spans:
                if s <= a and b <= e:
                    style = style + st
            segments.append(Segment(text[a:b], style))
        return segments


@lru_cache(maxsize=8)
def _empty_lines(message: str, width: int) -> list[str]:
    """The pane's message (several lines when it holds newlines), wrapped to the width."""
    lines: list[str] = []
    for row in message.split("\n"):
        lines += [row[a:b].rstrip() for a, b in _spans(row, width)] if row else [""]
    return lines


def _spans(text: str, width: int) -> list[tuple[int, int]]:
    starts = wrap_offsets(text, width)
    ends = [*starts[1:], len(text)]
    return list(zip(starts, ends, strict=True))
