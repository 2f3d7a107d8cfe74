"""Files given on the command line that cannot be read: the reader says which and why,
in the article pane, as soon as reading ends (not on stderr after it exits)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("textual")

from tests.test_app import app_test, build_library, screen_text, settle  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402


def flat(shown: str) -> str:
    """The screen with spaces, line ends and pane borders removed: wrapped text reads whole."""
    for ch in " \n▏▕▌▔":
        shown = shown.replace(ch, "")
    return shown


async def wait_for(pilot: object, app: BriefApp, text: str, seconds: float = 10) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        shown = screen_text(app)
        if text in shown:
            return shown
    return screen_text(app)


@app_test
async def test_a_refused_file_shows_its_name_and_reason_in_the_article_pane(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    build_library(tmp_path / "lib")  # a library with articles: still none of them is shown
    app = BriefApp(library=str(tmp_path / "lib"), paths=[str(bad)])
    async with app.run_test(size=(160, 30)) as pilot:
        shown = await wait_for(pilot, app, "not text")
        assert "Nothing could be read:" in shown, shown
        assert f"{bad}:binarydata(containsNULbytes),nottext".replace(" ", "") in flat(shown)
        assert "Harbour cranes" not in shown
        await pilot.pause(10)  # the notice toasts are gone by now; the pane still says why
        assert "binary data" in screen_text(app)


@app_test
async def test_at_80_columns_the_reason_wraps_in_the_pane(tmp_path: Path) -> None:
    bad = tmp_path / "zeros.txt"
    bad.write_bytes(b"\x00" * 100)
    app = BriefApp(library=str(tmp_path / "lib"), paths=[str(bad)])
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await wait_for(pilot, app, "not text")
        assert "Nothing could be read:" in shown
        pane = "".join(line[:56] for line in shown.split("\n")[2:6]).replace(" ", "")
        assert f"{bad}:binarydata(containsNULbytes),nottext" in pane, shown


@app_test
async def test_each_failed_file_is_listed_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # short relative names, each on one line of the pane
    Path("news").mkdir()
    Path("news/empty.txt").write_bytes(b"")
    Path("news/zeros.txt").write_bytes(b"\x00" * 500)
    app = BriefApp(library=str(tmp_path / "lib"), paths=["news/missing.txt", "news"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "empty file")
        text = flat(screen_text(app))
        assert "missing.txt:Nosuchfileordirectory" in text, text
        assert "news/empty.txt:emptyfile" in text, text
        assert "news/zeros.txt:binarydata" in text, text


@app_test
async def test_when_other_files_are_read_a_failure_is_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("news").mkdir()
    Path("news/good.txt").write_text(
        "Ferry timetable changes\n\nThe ferry sails at noon from the north pier.\n",
        encoding="utf-8",
    )
    Path("news/zeros.txt").write_bytes(b"\x00" * 500)
    app = BriefApp(library=str(tmp_path / "lib"), paths=["news"])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app, "The ferry sails at noon")
        await wait_for(pilot, app, "NUL")
        assert "zeros.txt:binarydata(containsNUL" in flat(screen_text(app))  # names the file
        await pilot.pause(10)
        assert "binarydata(containsNUL" in flat(screen_text(app))  # long enough to be read


@app_test
async def test_an_empty_folder_says_it_holds_no_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("news").mkdir()
    app = BriefApp(library=str(tmp_path / "lib"), paths=["news"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "No articles found in")
        assert "No articles found in news" in screen_text(app)
