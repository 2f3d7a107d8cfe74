"""Entity corrections and the entity profile in the reader, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_corrections import write
from tui.entities import corrections
from tui.library import Library

pytest.importorskip("textual")

from tests.test_app import app_test, notice, screen_text, settle  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402


async def _to(pilot: object, app: BriefApp, name: str) -> None:
    """Focus the sidebar and move its cursor to the entity called `name`."""
    await pilot.press("e")  # type: ignore[attr-defined]
    entities = app.screen.query_one("#entities")
    await pilot.press("g")  # type: ignore[attr-defined]
    for _ in range(30):
        row = entities.current  # type: ignore[attr-defined]
        if row is not None and getattr(row.key, "canonical", "") == name:
            return
        await pilot.press("down")  # type: ignore[attr-defined]
    raise AssertionError(f"{name} not in the sidebar")


def _sidebar(app: BriefApp) -> list[tuple[str, str]]:
    rows = app.screen.query_one("#entities").rows  # type: ignore[attr-defined]
    return [(r.key.canonical, r.key.type) for r in rows if r.key is not None]


@app_test
async def test_retype_merge_undo_in_the_library_scope(tmp_path: Path) -> None:
    write(tmp_path / "lib")
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "Entities: article", tries=300)
        await pilot.press("E")
        await settle(pilot, app, "Entities: library", tries=300)
        await settle(pilot, app, "Pro Asyl", tries=300)
        await _to(pilot, app, "Pro Asyl")
        await pilot.press("T")
        await settle(pilot, app, "is a:", tries=300)
        await pilot.press("enter")  # the first choice: Organisation
        await notice(pilot, app, 'retype "Pro Asyl" as ORG', tries=300)
        assert ("Pro Asyl", "ORG") in _sidebar(app)
        # merge: the finder, then the name kept
        await _to(pilot, app, "Solomon Isles")
        await pilot.press("m")
        await settle(pilot, app, "Merge “Solomon Isles” with", tries=300)
        await pilot.press(*"solomon islnds")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot, app, "under the name", tries=300)
        await pilot.press("ctrl+a", "ctrl+k", *"Solomon Islands", "enter")
        await notice(pilot, app, 'into "Solomon Islands"', tries=300)
        names = [n for n, _ in _sidebar(app)]
        assert "Solomon Isles" not in names and names.count("Solomon Islands") == 1
        await settle(pilot, app, tries=300)
        assert "Solomon Isles" not in [n for n, _ in _sidebar(app)]  # after the exact reload
        await pilot.press("u")
        await notice(pilot, app, "Undone: merge", tries=300)
        await settle(pilot, app, "Solomon Isles", tries=300)
        with Library.open(tmp_path / "lib") as lib:
            assert [r.action for r in corrections.stored_rules(lib)] == ["retype"]


@app_test
async def test_reject_for_this_article_only_and_rename(tmp_path: Path) -> None:
    ids = write(tmp_path / "lib")
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "Entities: article", tries=300)
        shown = app.screen.article_id  # type: ignore[attr-defined]
        await _to(pilot, app, "Honiara")
        await pilot.press("d")
        await settle(pilot, app, "never show it", tries=300)
        await pilot.press("ctrl+o", "enter")
        await notice(pilot, app, "in this article", tries=300)
        assert "Honiara" not in [n for n, _ in _sidebar(app)]
        with Library.open(tmp_path / "lib") as lib:
            (rule,) = corrections.stored_rules(lib)
            assert rule.action == "reject" and rule.article == shown
        other = next(i for i in ids if i != shown)
        await _to(pilot, app, "Pro Asyl")
        await pilot.press("R")
        await settle(pilot, app, "Rename", tries=300)
        await pilot.press("ctrl+a", "ctrl+k", *"PRO ASYL e.V.", "enter")
        await notice(pilot, app, 'rename "Pro Asyl" to "PRO ASYL e.V."', tries=300)
        assert "PRO ASYL e.V." in [n for n, _ in _sidebar(app)]
        with Library.open(tmp_path / "lib") as lib:
            from tui.reading import article_entities

            names = {e.canonical for e in article_entities(lib, other)}
            assert "Honiara" in names and "PRO ASYL e.V." in names


@app_test
async def test_profile_shows_role_quotes_sparkline_and_jumps(tmp_path: Path) -> None:
    ids = write(tmp_path / "lib")
    with Library.open(tmp_path / "lib") as lib:
        lib.execute("UPDATE articles SET published = '2025-08-10' WHERE id = ?", (ids[0],))
        lib.execute("UPDATE articles SET published = '2025-08-14' WHERE id = ?", (ids[1],))
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app, "Entities: article", tries=300)
        await pilot.press("E")
        await settle(pilot, app, "Safdar Sial", tries=300)
        await _to(pilot, app, "Safdar Sial")
        await pilot.press("i")
        await settle(pilot, app, "Quotations (1)", tries=300)
        text = screen_text(app)
        assert "expert at the institute" in text
        assert "“calm”" in text
        assert "mentions per day, 2025-08-10 to 2025-08-14" in text
        assert "as Safdar Sial (1), Sial (1)" in text
        from textual.widgets import Sparkline

        assert app.screen.query_one(Sparkline).data == [2.0, 0.0, 0.0, 0.0, 0.0]
        await pilot.press("down", "enter")  # the quotation: its paragraph
        await settle(pilot, app, "Entities", tries=300)
        assert app.screen.article_id == ids[0]  # type: ignore[attr-defined]
        assert app.screen.query_one("#article").cursor == 1  # type: ignore[attr-defined]


@app_test
async def test_correction_keys_listed_in_help_with_ids(tmp_path: Path) -> None:
    write(tmp_path / "lib")
    app = BriefApp(library=str(tmp_path / "lib"))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Entities: article", tries=300)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        rows = app.screen.query_one("#help").rows  # type: ignore[attr-defined]
        ids = {r.key for r in rows}
        for binding_id in ("entities.merge", "entities.split", "entities.rename",
                           "entities.retype", "entities.reject", "entities.undo",
                           "entities.profile", "profile.close"):  # fmt: skip
            assert binding_id in ids
