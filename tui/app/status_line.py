"""The status line over the article: where the reader is (article n/N, paragraph), the
selection and its page meter, the entities the list is filtered by, and what the
reader's subscriptions add (unread count, an update's progress, the list's view)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.app.lines import one_line

WIDE = 120  # from this screen width on, the status line spells things out


class StatusLine(Widget):
    """One line of state; every field is a reactive, so setting one redraws it."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    article: reactive[tuple[int, int] | None] = reactive(None, init=False)
    """(index, count) of the open article in the list, None when not in it."""
    list_loading: reactive[bool] = reactive(True, init=False)
    """The article list is still loading."""
    paragraph: reactive[tuple[int, int] | None] = reactive(None, init=False)
    """(current paragraph, paragraphs) of the open article."""
    selected: reactive[int] = reactive(0, init=False)
    """How many passages the selection holds."""
    meter: reactive[Any] = reactive(None, init=False)
    """The page meter of the brief the selection compiles to (None until measured)."""
    chosen: reactive[tuple[str, ...]] = reactive((), init=False)
    """The entities the reader filters by."""
    extra: reactive[Text] = reactive(Text(), init=False)
    """What the subscriptions add (tui.app.feeds.FeedReading.feed_status)."""

    def render(self) -> Text:
        wide = self.screen.size.width >= WIDE
        status = Text(no_wrap=True, overflow="ellipsis")
        if self.article is not None:
            index, total = self.article
            status.append(f"{'Article ' if wide else ''}{index + 1}/{total}")
        elif self.list_loading:
            status.append("Loading…")
        if self.paragraph is not None:
            current, count = self.paragraph
            status.append(f" · ¶ {current + 1}/{count}")
        if self.selected:
            status.append(f" · {'selected ' if wide else '▌'}{self.selected}")
        meter = self.meter
        if self.selected and meter is not None:  # the brief's own figure, as the tray shows
            status.append(
                f" · {meter.words}/{meter.budget.words} words"
                + (f" {meter.lines}/{meter.budget.lines} lines" if wide else "")
                + (f" {meter.cuts} cut{'s' if meter.cuts != 1 else ''}" if meter.cuts else ""),
                style="" if meter.fits else "bold reverse",
            )
        if self.chosen:
            status.append(" · ")
            status.append(" + ".join(one_line(c, 30) for c in self.chosen), style="bold")
        status.append_text(self.extra)
        return status
