"""Where things live: the library folder, the config file, the bundled seeds."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent


def _bundled_seeds() -> Path:
    """The sample corpus shipped as package data (`tui/seeds`, also `seeds/` in a checkout)."""
    return Path(str(resources.files("tui") / "seeds"))


SEEDS_DIR = _bundled_seeds()


def library_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--library DIR`, else `$BRIEF_HOME`, else `$XDG_DATA_HOME/brief`."""
    if override:
        return Path(override).expanduser()
    if os.environ.get("BRIEF_HOME"):
        return Path(os.environ["BRIEF_HOME"]).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "brief"


def config_file() -> Path:
    """`$BRIEF_CONFIG`, else `$XDG_CONFIG_HOME/brief/config.toml`."""
    if os.environ.get("BRIEF_CONFIG"):
        return Path(os.environ["BRIEF_CONFIG"]).expanduser()
    cfg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(cfg) / "brief" / "config.toml"
