"""Named selections, notes and other processes' changes in the reader, with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.library import Library
from tui.selection import SelectionStore, names

pytest.importorskip("textual")

from textual.widgets import TextArea  # noqa: E402

from tests.test_app import (  # noqa: E402
    app_test,
    build_library,
    notice,
    notices,
    screen_text,
    settle,
)
from tui.app.article import ArticleView  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    build_library(folder)
    return folder


def _rail(folder: Path) -> str:
    with Library.open(folder) as lib:
        return next(s.id for s in lib.summaries() if s.title.startswith("Rail link"))


async def _until(pilot: object, check: object, tries: int = 100) -> None:
    for _ in range(tries):
        if check():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    assert check()  # type: ignore[operator]


@app_test
async def test_note_is_multi_line_marked_kept_on_deselect_and_undoable(library: Path) -> None:
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("right_square_bracket", "a", *"who said it", "enter", *"and when")
        await pilot.press("ctrl+s")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert "≡ 2► Councillor Ben Ashby" in screen_text(app)  # the note mark
        assert "▌ 1  The council approved" not in screen_text(app)
        store = SelectionStore(Library.open(library), "default")
        assert [i.note for i in store.items()] == ["who said it\nand when"]
        await pilot.press("s")  # out of the selection: the note is kept
        await notice(pilot, app, "its note is kept")
        assert view.selected == set() and "≡ 2" not in screen_text(app)
        await pilot.press("s")  # back in, with its note
        await pilot.pause()
        assert "≡ 2► Councillor" in screen_text(app)
        assert [i.note for i in store.items()] == ["who said it\nand when"]
        await pilot.press("a")  # empty the note, save with the alternative key
        await pilot.pause()
        app.screen.query_one(TextArea).load_text("")
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert [i.note for i in store.items()] == [""]
        assert "▌ 2► Councillor" in screen_text(app)
        await pilot.press("u")  # undo brings the note back
        await notice(pilot, app, "Undone: the note on ¶ 2 restored")
        assert [i.note for i in store.items()] == ["who said it\nand when"]
        await pilot.press("t")
        await pilot.pause()
        assert "note: who said it and when" in screen_text(app)
        await pilot.press("d")  # removed in the tray, and undone there
        await pilot.pause()
        assert "Selection “default” · 0 passages" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Selection “default” · 1 passage" in screen_text(app)
        store.lib.close()


@app_test
async def test_esc_in_a_changed_note_asks_before_discarding(library: Path) -> None:
    app = BriefApp(library=str(library))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("a", *"draft", "escape")
        await pilot.pause()
        assert "Esc again discards" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        with Library.open(library) as lib:  # a selected passage, no note saved
            assert [i.note for i in SelectionStore(lib).items()] == [""]


@app_test
async def test_create_switch_rename_and_delete_selections(library: Path) -> None:
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("s")  # ¶ 1 in default
        await pilot.press("S", "n", *"Rail plans", "enter")
        await notice(pilot, app, "Made selection “Rail plans”")
        await pilot.press("escape")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert view.selected == set()  # the new selection is empty
        await pilot.press("right_square_bracket", "s")
        await pilot.pause()
        assert view.selected == {1}
        await pilot.press("t")
        await pilot.pause()
        assert "Selection “Rail plans” · 1 passage" in screen_text(app)
        await pilot.press("escape", "S")
        await pilot.pause()
        text = screen_text(app)
        assert "● Rail plans  1 passage" in text and "  default  1 passage" in text
        await pilot.press(
            "r", "end", *["backspace"] * 10, *"Rail 2025", "enter"
        )  # rename the current one
        await notice(pilot, app, "Renamed “Rail plans” to “Rail 2025”")
        assert "● Rail 2025  1 passage" in screen_text(app)
        await pilot.press(
            "r", "end", *["backspace"] * 9, *"default", "enter"
        )  # taken: said in the dialog
        await pilot.pause()
        assert "already exists" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("home", "enter")  # back to default (listed by name)
        await notice(pilot, app, "Selection “default” · 1 passage")
        assert app.selection_name == "default"
        assert app.screen.query_one(ArticleView).selected == {0}
    with Library.open(library) as lib:
        assert [(i.name, i.count) for i in names(lib)] == [("default", 1), ("Rail 2025", 1)]


@app_test
async def test_switching_marks_the_other_selections_passages(library: Path) -> None:
    rail = _rail(library)
    with Library.open(library) as lib:
        SelectionStore(lib, "other").add(rail, 2, note="freight")
        SelectionStore(lib, "default").add(rail, 0)
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app, "Rail link")
        view = app.screen.query_one(ArticleView)
        assert view.selected == {0}
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("down", "enter")  # default, other: choose other
        await notice(pilot, app, "Selection “other” · 1 passage")
        assert view.selected == {2} and "≡ 3" in screen_text(app)
        await pilot.press("q")
    app = BriefApp(library=str(library))  # the next start shows the last one used
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app, "Rail link")
        assert app.selection_name == "other"
        assert app.screen.query_one(ArticleView).selected == {2}


@app_test
async def test_another_process_change_shows_up_in_the_marks_and_tray(library: Path) -> None:
    rail = _rail(library)
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app, "Rail link")
        app.watch_selections()
        await pilot.press("s")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        with Library.open(library) as other:  # another reader, on its own connection
            SelectionStore(other).set_note(rail, 2, "from the other window")
        await _until(pilot, lambda: view.selected == {0, 2})
        await notice(pilot, app, "changed in another window")
        assert "≡ 3" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        with Library.open(library) as other:
            SelectionStore(other).remove(rail, 0)
        await _until(pilot, lambda: "· 1 passage" in screen_text(app))
        assert "note: from the other window" in screen_text(app)
        await pilot.press("escape")
        with Library.open(library) as other:
            from tui.selection import rename

            rename(other, "default", "renamed elsewhere")
        await _until(pilot, lambda: app.selection_name == "renamed elsewhere")
        await pilot.pause()
        assert view.selected == {2}


@app_test
async def test_compile_title_is_drawn_from_the_content_and_format_remembered(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input, RadioButton

    monkeypatch.chdir(tmp_path)
    app = BriefApp(library=str(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("s", "c")
        title = app.screen.query_one("#compile-title", Input)
        await _until(pilot, lambda: title.value == "Rail link to Eastvale approved")
        await pilot.click("#format-yaml")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause()
        with Library.open(library) as lib:  # the drawn title is not saved as the user's
            assert SelectionStore(lib).title == ""
    app = BriefApp(library=str(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("c")
        await pilot.pause(0.3)
        assert app.screen.query_one("#format-yaml", RadioButton).value is True
