"""Shared fixtures: every test gets its own library and config folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "seeds" / "000_89ff6f35b87cfac8.txt"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real library or config."""
    monkeypatch.setenv("BRIEF_HOME", str(tmp_path / "library"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("BRIEF_CONFIG", raising=False)


@pytest.fixture
def sample() -> Path:
    """The real-world scraped page from ../shared (skips when it is not there)."""
    if not SAMPLE.exists():
        pytest.skip("../shared/seeds sample not present")
    return SAMPLE
