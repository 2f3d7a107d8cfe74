"""The compile dialog, driven with Pilot: fields, page meter, preview, write, confirm, copy."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from tests.test_app import app_test, build_library, notice, notices, screen_text, settle  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402
from tui.library import Library  # noqa: E402
from tui.selection import SelectionStore  # noqa: E402
from tui.text import split_sentences  # noqa: E402

SIZE = (160, 48)


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # briefs/ goes under the working folder
    monkeypatch.setenv("BRIEF_TODAY", "2025-03-10")
    folder = tmp_path / "lib"
    build_library(folder)
    return folder


def preview(app: BriefApp) -> str:
    return str(app.screen.query_one("#compile-preview").render())


def meter(app: BriefApp) -> str:
    return str(app.screen.query_one("#compile-meter").render())


async def wait_for(pilot: object, check: object, tries: int = 100) -> None:
    for _ in range(tries):
        if check():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    assert check()  # type: ignore[operator]


async def open_dialog(pilot: object, app: BriefApp) -> None:
    """Select the first two paragraphs of the newest article and press c."""
    await settle(pilot, app, "Rail link")
    await pilot.press("s", "right_square_bracket", "s", "c")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: "Councillor Ben Ashby" in preview(app))


@app_test
async def test_dialog_shows_title_meter_and_preview(library: Path) -> None:
    app = BriefApp(library=str(library))
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app)
        text = screen_text(app)
        assert "Compile a brief" in text
        # the title is drawn from the content (the cited article), not the selection's name
        assert "Rail link to Eastvale approved" in text and "title: drawn" in meter(app)
        assert "Words " in meter(app) and "/600" in meter(app) and "/66" in meter(app)
        assert "fits one page" in meter(app)
        shown = preview(app)
        assert shown.startswith("Rail link to Eastvale approved\n===")
        assert "The council approved the rail link to Eastvale" in shown
        # the drafted bottom line is in the box, ready to edit
        bluf = app.screen.query_one("#compile-bluf").text  # type: ignore[attr-defined]
        flat = " ".join(shown.split())
        assert bluf and all(s in flat for s in split_sentences(bluf))
        assert "Bottom line (draft):" in flat and "[1 ¶" in flat


@app_test
async def test_editing_the_bottom_line_changes_the_preview_and_is_kept(library: Path) -> None:
    app = BriefApp(library=str(library))
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app)
        area = app.screen.query_one("#compile-bluf")
        area.load_text("The rail link carries [bold]freight[/bold] soon.")  # type: ignore[attr-defined]
        # shown as text, never as markup: the brackets stay (escaped by the Markdown)
        await wait_for(pilot, lambda: r"carries \[bold\]freight\[/bold\] soon" in preview(app))
        assert "Bottom line: yours" in meter(app)
        title = app.screen.query_one("#compile-title")
        title.value = "Rail and harbour"  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: preview(app).startswith("Rail and harbour\n"))
        await pilot.press("escape")
        await pilot.pause()
        assert "Compile a brief" not in screen_text(app)
    with Library.open(library) as lib:
        store = SelectionStore(lib)
        assert store.bluf == "The rail link carries [bold]freight[/bold] soon."
        assert store.title == "Rail and harbour"


@app_test
async def test_format_yaml_previews_yaml(library: Path) -> None:
    app = BriefApp(library=str(library))
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app)
        await pilot.click("#format-yaml")
        await wait_for(pilot, lambda: "schema: 1" in preview(app))


@app_test
async def test_write_then_rewrite_and_foreign_file_needs_confirming(
    library: Path, tmp_path: Path
) -> None:
    from tui.brief import compile_selection, render_markdown

    app = BriefApp(library=str(library))
    notices(app)  # start recording
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app)
        await pilot.press("ctrl+s")
        await notice(pilot, app, "Brief written to")
        # named after the title drawn from the content
        written = tmp_path / "briefs" / "rail-link-to-eastvale-approved.md"
        assert written.read_text(encoding="utf-8") == preview(app)
        await pilot.press("ctrl+s")  # brief's own file: replaced without asking
        await pilot.pause()
        seen = app._seen_notices  # type: ignore[attr-defined]
        assert sum("Brief written to" in n for n in seen) == 2

        written.write_text("someone else's notes\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Replace it?" in screen_text(app))
        await pilot.press("n")
        await notice(pilot, app, "the existing file was kept")
        assert written.read_text(encoding="utf-8") == "someone else's notes\n"
        assert "Compile a brief" in screen_text(app)  # the dialog stays

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Replace it?" in screen_text(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: written.read_text(encoding="utf-8") == preview(app))
    with Library.open(library) as lib:
        brief, _ = compile_selection(lib, SelectionStore(lib))
    assert "The council approved" in render_markdown(brief)


@app_test
async def test_a_write_that_fails_is_reported_and_the_dialog_stays(
    library: Path, tmp_path: Path
) -> None:
    (tmp_path / "briefs").write_text("not a folder", encoding="utf-8")
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app)
        await pilot.click("#compile-write")
        await notice(pilot, app, "briefs")
        assert not any("Brief written" in n for n in notices(app))
        assert "Compile a brief" in screen_text(app)


@app_test
async def test_copy_puts_the_brief_on_the_clipboard_and_says_so(library: Path) -> None:
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app)
        await pilot.press("ctrl+y")
        await notice(pilot, app, "Copied the brief (md")
        assert app.clipboard == preview(app)
        assert app.clipboard.startswith("Rail link to Eastvale approved\n===")


@app_test
async def test_nothing_selected_says_so(library: Path) -> None:
    app = BriefApp(library=str(library))
    notices(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("c")
        await notice(pilot, app, "Nothing to compile")
        assert "Compile a brief" not in screen_text(app)


@app_test
async def test_an_oversized_selection_shows_what_was_cut(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    sentence = "The harbour board met again on Monday to discuss the long delayed works"
    paragraphs = [
        f"{sentence} number {i}. It agreed nothing new about item {i}." for i in range(90)
    ]
    [article] = build_library(
        folder, [dict(title="Long meeting", outlet="Gazette", published="2025-01-01",
                      url=None, paragraphs=paragraphs)]
    )  # fmt: skip
    with Library.open(folder) as lib:
        store = SelectionStore(lib)
        for i in range(90):
            store.add(article.id, i)
    app = BriefApp(library=str(folder))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, "Long meeting")
        await pilot.press("c")
        await wait_for(pilot, lambda: "cuts to fit" in meter(app))
        assert "fits one page" in meter(app)  # after cutting, it fits
        assert "/600" in meter(app)
        cuts = str(app.screen.query_one("#compile-cuts").render())
        assert cuts.startswith("Changes to fit one page (") and "dropped key point" in cuts
        assert "(Gazette, “Long meeting” ¶" in cuts  # passages named as a reader would


@app_test
async def test_from_the_tray_with_a_saved_title_and_bottom_line(library: Path) -> None:
    app = BriefApp(library=str(library))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "Rail link")
        await pilot.press("s")
        await pilot.pause()
        with Library.open(library) as lib:
            store = SelectionStore(lib)
            store.set_title("Eastvale rail")
            store.set_bluf("My own bottom line.")
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("c")
        await wait_for(pilot, lambda: "My own bottom line." in preview(app))
        assert preview(app).startswith("Eastvale rail\n")
        assert app.screen.query_one("#compile-bluf").text == "My own bottom line."  # type: ignore[attr-defined]
        assert "Bottom line: yours" in meter(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Selection “default” · 1 passage" in screen_text(app)  # back in the tray
