"""A virtual list of one- or multi-line rows, drawn with the Line API.

Only the rows in view are rendered, so a list of 10,000 articles or entities
costs what a list of ten does. Every row's text is a `rich.text.Text` built
from sanitised strings: nothing in a row is ever parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.text import clean_line, plural

MAX_CELLS = 400


def one_line(value: str | None, limit: int = MAX_CELLS) -> str:
    """Untrusted text as one short, safe line (sanitised, whitespace folded)."""
    if not value:
        return ""
    value = value[: limit * 4]
    return clean_line(value)[:limit]


def nothing_read(paths: list[str], errors: list[str], shown: int = 8) -> str:
    """What the article pane says when the files opened gave no article: each failed
    file with its reason (one line each), or that the files held no article text."""
    if not errors:
        names = ", ".join(one_line(p, 60) for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        return f"No articles found in {names}"
    lines = ["Nothing could be read:", ""]
    lines += [one_line(error, 300) for error in errors[:shown]]
    if len(errors) > shown:
        lines.append(f"… and {plural(len(errors) - shown, 'more file')} that could not be read")
    return "\n".join(lines)


class Row:
    """One entry of a LineList: its key, the lines it shows, whether it can be chosen.

    For long lists give `height` and `build` instead of `lines`: the lines are
    then made only when the row first comes into view. (A plain class with slots:
    a dataclass costs about a millisecond to create at start-up.)
    """

    __slots__ = ("key", "lines", "selectable", "height", "build")

    def __init__(
        self,
        key: object,
        lines: list[Text] | None = None,
        selectable: bool = True,
        height: int = 0,
        build: Callable[[], list[Text]] | None = None,
    ) -> None:
        self.key = key
        self.lines: list[Text] = [] if lines is None else lines
        self.selectable = selectable
        self.height = height
        self.build = build

    def __repr__(self) -> str:
        return f"Row(key={self.key!r}, lines={self.lines!r}, selectable={self.selectable!r})"

    @property
    def size(self) -> int:
        return self.height or max(1, len(self.lines))

    def text(self, index: int) -> Text:
        if not self.lines and self.build is not None:
            self.lines = self.build()
        return self.lines[index] if index < len(self.lines) else Text()


class LineList(ScrollView, can_focus=True, inherit_bindings=False):
    """A keyboard-driven list whose rows are rendered only when visible."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("g,home", "edge(0)", "First", show=False, id="list.first"),
        Binding("G,end", "edge(1)", "Last", show=False, id="list.last"),
        Binding("enter", "choose", "Open", id="list.choose"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lines--cursor",
        "lines--header",
        "lines--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to a row."""

        def __init__(self, lines: LineList, row: Row | None) -> None:
            super().__init__()
            self.lines = lines
            self.row = row

        @property
        def control(self) -> LineList:
            return self.lines

    class Chosen(Message):
        """A row was chosen (Enter or a click)."""

        def __init__(self, lines: LineList, row: Row) -> None:
            super().__init__()
            self.lines = lines
            self.row = row

        @property
        def control(self) -> LineList:
            return self.lines

    def __init__(
        self, empty: str = "Nothing here", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Row] = []
        self.empty = empty
        self._line_row: list[tuple[int, int]] = []  # display line -> (row, line in row)
        self._row_line: list[int] = []  # row -> first display line
        self._cache: LRUCache[tuple[int, bool, int], Strip] = LRUCache(512)
        self._styles: dict[str, Style] = {}
        self._scroll_when_sized = False  # the cursor moved while the list had no height

    # --- content -------------------------------------------------------------------

    def set_rows(self, rows: list[Row], keep: object = None) -> None:
        """Replace the rows; the cursor stays on the row whose key is `keep` if present."""
        self.rows = rows
        line_row: list[tuple[int, int]] = []
        row_line: list[int] = []
        for i, row in enumerate(rows):
            row_line.append(len(line_row))
            size = row.size
            if size == 1:  # most rows: no generator for them
                line_row.append((i, 0))
            else:
                line_row.extend((i, j) for j in range(size))
        self._line_row = line_row
        self._row_line = row_line
        self._cache.clear()
        self.virtual_size = Size(self.size.width, max(1, len(self._line_row)))
        index = None
        if keep is not None:  # the same object first (cheap), else an equal one
            index = next((i for i, r in enumerate(rows) if r.key is keep), None)
            if index is None:
                index = next((i for i, r in enumerate(rows) if r.key == keep), None)
        if index is None:
            index = self._nearest_selectable(min(self.cursor, len(rows) - 1), 1)
        self.set_reactive(LineList.cursor, max(0, index))
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    @property
    def current(self) -> Row | None:
        if 0 <= self.cursor < len(self.rows) and self.rows[self.cursor].selectable:
            return self.rows[self.cursor]
        return None

    def select_key(self, key: object) -> None:
        """Move the cursor to the row with `key`."""
        for i, row in enumerate(self.rows):
            if row.key == key:
                self.cursor = i
                return

    # --- cursor ----------------------------------------------------------------------

    def _nearest_selectable(self, start: int, step: int) -> int:
        if not self.rows:
            return 0
        start = max(0, min(start, len(self.rows) - 1))
        for direction in (step, -step):
            i = start
            while 0 <= i < len(self.rows):
                if self.rows[i].selectable:
                    return i
                i += direction
        return start

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_cursor_into_view(self) -> None:
        if not self.rows or not self._row_line:
            return
        if not self.scrollable_content_region.height:
            # not laid out yet, or hidden (the list folded away on a narrow terminal):
            # scrolled when it is given a size, not retried on every refresh, which
            # would keep the UI thread busy for as long as the list stays hidden
            self._scroll_when_sized = True
            return
        self._scroll_when_sized = False
        top = self._row_line[self.cursor]
        height = self.rows[self.cursor].size
        view = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True)
        elif top + height > self.scroll_y + view:
            self.scroll_to(y=top + height - view, animate=False, force=True)

    def action_cursor(self, step: int) -> None:
        if not self.rows:
            return
        i = self.cursor + step
        while 0 <= i < len(self.rows) and not self.rows[i].selectable:
            i += step
        if 0 <= i < len(self.rows):
            self.cursor = i

    def action_page(self, direction: int) -> None:
        if not self.rows:
            return
        view = max(1, self.scrollable_content_region.height)
        line = self._row_line[self.cursor] + direction * view
        line = max(0, min(line, len(self._line_row) - 1))
        self.cursor = self._nearest_selectable(self._line_row[line][0], direction)

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.cursor = self._nearest_selectable(
                len(self.rows) - 1 if end else 0, -1 if end else 1
            )

    def action_choose(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Chosen(self, row))

    def on_click(self, event: events.Click) -> None:
        line = int(self.scroll_y) + event.y
        if 0 <= line < len(self._line_row):
            index = self._line_row[line][0]
            if self.rows[index].selectable:
                if index == self.cursor:
                    self.action_choose()
                self.cursor = index

    # --- drawing ----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._cache.clear()

    def _style(self, name: str) -> Style:
        """The widget's base style ("") or a component class's, computed once per style change."""
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            style = base if not name else base + self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, max(1, len(self._line_row)))
        if self._scroll_when_sized and event.size.height:
            self.call_after_refresh(self._scroll_cursor_into_view)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        base = self._style("")
        if not self.rows:
            if y == 0:
                empty_style = self._style("lines--empty")
                segments = list(Text(self.empty, no_wrap=True).render(self.app.console))
                return Strip(segments).crop_extend(0, width, None).apply_style(empty_style)
            return Strip.blank(width, base)
        if line >= len(self._line_row):
            return Strip.blank(width, base)
        index, sub = self._line_row[line]
        key = (line, index == self.cursor, width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        row = self.rows[index]
        text = row.text(sub)
        style: Style = base
        if not row.selectable:
            style = self._style("lines--header")
        elif index == self.cursor:
            style = self._style("lines--cursor")
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
        strip = Strip(list(text.render(self.app.console))).crop_extend(0, width, None)
        strip = strip.apply_style(style)
        self._cache[key] = strip
        return strip
