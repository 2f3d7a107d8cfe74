"""One page meter: the selection tray and the compile dialog show the same figure, that of
the brief that would be written, over many random selections (hypothesis), and the app
shows that figure in both places."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("textual")

from tests.test_app import app_test, build_library, settle  # noqa: E402
from tui.app.meter import measure_selection, meter_bar  # noqa: E402
from tui.app.screens.compile_dialog import Fields, compile_fields  # noqa: E402
from tui.brief import brief_meter, render_markdown  # noqa: E402
from tui.brief.compose import page_meter  # noqa: E402
from tui.library import Library  # noqa: E402
from tui.model import Article  # noqa: E402
from tui.selection import SelectionStore  # noqa: E402

WORDS = [
    "harbour",
    "quay",
    "ferry",
    "council",
    "budget",
    "vote",
    "grain",
    "storm",
    "levee",
    "pump",
    "bridge",
    "freight",
]


def _articles(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for k in range(4):
        paragraphs = []
        for _ in range(8):
            sentences = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))).capitalize()
                + f" with {rng.randint(100, 9000)} barges."
                for _ in range(rng.randint(1, 5))
            ]
            paragraphs.append(" ".join(sentences))
        out.append(
            dict(title=f"Report {k}", outlet=f"Outlet {k % 2}", published="2025-01-0" + str(k + 1),
                 url=f"https://example.org/{'x' * (k * 40)}/{k}", paragraphs=paragraphs)
        )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article]]:
    folder = tmp_path_factory.mktemp("meter") / "lib"
    return folder, build_library(folder, _articles(7))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 7)), min_size=1, max_size=24),
    notes=st.lists(st.sampled_from(["", "check", "barges harbour"]), min_size=24, max_size=24),
    bluf=st.sampled_from(["", "My own bottom line."]),
)
def test_tray_meter_equals_compile_meter(
    library: tuple[Path, list[Article]], picks: list[tuple[int, int]], notes: list[str], bluf: str
) -> None:
    folder, articles = library
    with Library.open(folder) as lib:
        store = SelectionStore(lib, "meter")
        store.clear()
        for (a, p), note in zip(picks, notes, strict=False):
            store.add(articles[a].id, p, note)
        store.set_bluf(bluf)
        title = store.title  # the dialog starts with it, or with the title drawn from the content
    tray = measure_selection(folder, "meter")
    compiled = compile_fields(folder, "meter", Fields(title, "md", bluf or None))
    dialog = brief_meter(compiled.brief)
    assert tray == dialog
    assert str(meter_bar(tray)) == str(meter_bar(dialog))
    # the figure is that of the Markdown that would be written
    written = page_meter(render_markdown(compiled.brief))
    assert (tray.words, tray.lines) == (written.words, written.lines)
    assert tray.fits


@app_test
async def test_the_app_shows_one_figure_in_the_tray_and_the_dialog(tmp_path: Path) -> None:
    from tui.app.main import BriefApp

    folder = tmp_path / "lib"
    arts = build_library(folder, _articles(3))
    with Library.open(folder) as lib:
        store = SelectionStore(lib)
        for i in range(8):
            store.add(arts[i % 4].id, i)
    app = BriefApp(library=str(folder))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, "Report")
        await pilot.press("t")
        for _ in range(200):
            if getattr(app.screen, "meter_shown", None) is not None:
                break
            await pilot.pause(0.05)
        tray = app.screen.meter_shown  # type: ignore[attr-defined]
        tray_text = str(app.screen.query_one("#meter").render())
        await pilot.press("c")
        for _ in range(200):
            if getattr(app.screen, "meter_shown", None) is not None:
                break
            await pilot.pause(0.05)
        dialog = app.screen.meter_shown  # type: ignore[attr-defined]
        dialog_text = str(app.screen.query_one("#compile-meter").render())
        assert tray is not None and tray == dialog
        assert dialog_text.startswith(tray_text)
        assert "cuts to fit" in tray_text  # 8 long passages do not fit without cutting
