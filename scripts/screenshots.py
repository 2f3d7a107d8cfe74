"""Screenshots of the reader, taken from the app itself: `make screenshots`.

Ingests the bundled seeds/ into a temporary library, drives the app with
Pilot and saves SVGs into docs/screenshots/ (referenced from the README).
Run it again whenever the screens change.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"

# (file name, terminal size, keys pressed after start-up, text to wait for)
SHOTS: list[tuple[str, tuple[int, int], list[str], str | None]] = [
    ("reader", (140, 40), ["right_square_bracket"], None),
    ("reader-80x24", (80, 24), [], None),
    ("search", (140, 40), ["slash", *"reservoir kessel"], "passage"),
    ("entities", (140, 40), ["E", "e", "enter"], "Entities: library"),
    (
        "selection",
        (140, 40),
        ["s", "right_square_bracket", "right_square_bracket", "s", "t"],
        "Selection",
    ),
    ("help", (140, 40), ["question_mark"], "Keys"),
]


async def shoot(
    library: Path, name: str, size: tuple[int, int], keys: list[str], until: str | None
) -> Path:
    from tui.app.main import BriefApp

    app = BriefApp(library=str(library))
    async with app.run_test(size=size) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.summaries is not None:
                break
        await pilot.pause(0.3)
        if keys:
            await pilot.press(*keys)
        for _ in range(100):
            await pilot.pause(0.05)
            if until is None or until in app.export_screenshot():
                break
        await pilot.pause(0.2)
        path = Path(app.save_screenshot(f"{name}.svg", str(OUT)))
    return path


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("BRIEF_CONFIG", str(Path(tempfile.gettempdir()) / "brief-no-config.toml"))
    from tui.library import Library
    from tui.pipeline import ingest

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="brief-shots-") as tmp:
        library = Path(tmp) / "library"
        with Library.open(library) as lib:
            ingest(lib, [str(REPO / "seeds")])
        for name, size, keys, until in SHOTS:
            path = asyncio.run(shoot(library, name, size, keys, until))
            print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
