"""The one page meter the selection tray and the compile dialog show: the figure of
the brief that would be written (tui.brief.brief_meter), drawn the same way in both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.app.lines import plural

if TYPE_CHECKING:
    from pathlib import Path

    from tui.brief import PageMeter


def meter_bar(meter: PageMeter) -> Text:
    """`Words 580/600   Lines 60/66   fits one page · 4 cuts to fit`."""
    b = meter.budget
    bar = Text()
    bar.append(
        f"Words {meter.words}/{b.words}", style="" if meter.words <= b.words else "bold reverse"
    )
    bar.append("   ")
    bar.append(
        f"Lines {meter.lines}/{b.lines}", style="" if meter.lines <= b.lines else "bold reverse"
    )
    bar.append("   " + ("fits one page" if meter.fits else "over one page"), style="dim")
    if meter.cuts:
        bar.append(f" · {plural(meter.cuts, 'cut')} to fit", style="bold")
    return bar


def measure_selection(folder: Path | str, selection: str) -> PageMeter:
    """The tray's meter (blocking: it compiles the selection on its own connection)."""
    from tui.brief import selection_meter, today
    from tui.library import Library

    with Library.open(folder) as lib:
        return selection_meter(lib, selection, created=today())
