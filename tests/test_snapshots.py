"""Whole-screen SVG snapshots of the reader at 80x24 and 160x48.

Update with `pytest tests/test_snapshots.py --snapshot-update` only after
looking at the report of what changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

from tests.test_app import build_library, settle  # noqa: E402
from tui.app.main import BriefApp  # noqa: E402

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BriefApp:
    # a fixed config path, so the help screen reads the same on every machine
    monkeypatch.setenv("BRIEF_CONFIG", "/home/reader/.config/brief/config.toml")
    build_library(tmp_path / "lib")
    return QuietApp(library=str(tmp_path / "lib"))


class QuietApp(BriefApp):
    """The reader without toasts, which come and go with timing, not with the screen."""

    def notify(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        pass


def ready(app: BriefApp, *keys: str, until: str | None = None):  # noqa: ANN201
    """A run_before that waits for loading, presses keys, and waits for `until`."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot, app, "Rail link")
        if keys:
            await pilot.press(*keys)
        await settle(pilot, app, until)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, app: BriefApp, size: tuple[int, int]) -> None:  # noqa: ANN001
    assert snap_compare(app, terminal_size=size, run_before=ready(app, "right_square_bracket"))


@pytest.mark.parametrize("size", SIZES)
def test_search(snap_compare, app: BriefApp, size: tuple[int, int]) -> None:  # noqa: ANN001
    keys = ("slash", *"freigt")
    assert snap_compare(app, terminal_size=size, run_before=ready(app, *keys, until="1 passage"))


@pytest.mark.parametrize("size", SIZES)
def test_entity_filter(snap_compare, app: BriefApp, size: tuple[int, int]) -> None:  # noqa: ANN001
    # the open article's entities: Ben Ashby, then Portmere Dock Company under Organisations
    keys = ("e", "down", "enter")
    assert snap_compare(
        app, terminal_size=size, run_before=ready(app, *keys, until="Portmere Dock Company")
    )


@pytest.mark.parametrize("size", SIZES)
def test_selection_tray(snap_compare, app: BriefApp, size: tuple[int, int]) -> None:  # noqa: ANN001
    keys = ("s", "right_square_bracket", "s", "a", *"the key quote", "ctrl+s", "t")
    assert snap_compare(
        app, terminal_size=size, run_before=ready(app, *keys, until="fits one page")
    )


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app: BriefApp, size: tuple[int, int]) -> None:  # noqa: ANN001
    assert snap_compare(
        app, terminal_size=size, run_before=ready(app, "question_mark", until="Keys")
    )
