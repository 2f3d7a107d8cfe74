"""The reader app (placeholder until the app lands): shows the first article."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from tui.ingest import read_paths
from tui.paths import SEEDS_DIR


class BriefApp(App[None]):
    """The brief reader."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, library: str | None = None, paths: list[str] | None = None) -> None:
        super().__init__()
        self.library_dir = library
        self.paths = paths or [str(SEEDS_DIR)]

    def compose(self) -> ComposeResult:
        yield Header()
        articles = [a for r in read_paths(self.paths) for a in r.articles]
        from rich.text import Text

        body = Text()
        if articles:
            body.append(articles[0].title + "\n\n", style="bold")
            for p in articles[0].paragraphs:
                body.append(p + "\n\n")
        yield Static(body)
        yield Footer()
