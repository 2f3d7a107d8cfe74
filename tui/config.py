"""The user's settings: one typed model read from TOML at `tui.paths.config_file()`.

A broken or mistyped file never stops the reader: every problem becomes one
message naming the file and line, and the default is used in its place.

    [app]
    theme = "textual-light"      # any Textual theme name
    selection = "default"        # the saved selection the reader edits

    [keys]                       # binding id = "key" or "key1,key2" (`?` lists the ids)
    "reader.select" = "s,insert"
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.paths import config_file

_LINE_RE = re.compile(r"at line (\d+)")
# a name is shown and stored: no controls (TOML \u escapes can write them), no bidi overrides
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Settings:
    """Everything the reader can be told by the config file."""

    theme: str | None = None
    selection: str = "default"
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in the config file; the default was used instead."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}; using the default"


def load_settings(path: Path | None = None) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from `path` (default: the config file), and what was wrong with it."""
    path = path or config_file()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path), []
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(path=path), [ConfigProblem(path, None, f"cannot read ({exc})")]
    import tomllib

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE_RE.search(str(exc))
        message = _LINE_RE.sub("", str(exc)).replace("(, column", "(column").strip()
        return Settings(path=path), [
            ConfigProblem(path, int(m.group(1)) if m else None, f"not valid TOML: {message}")
        ]
    return parse_settings(data, raw, path)


def parse_settings(
    data: dict[str, object], raw: str, path: Path
) -> tuple[Settings, list[ConfigProblem]]:
    """Check parsed TOML against the model; bad values are reported and skipped."""
    problems: list[ConfigProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(ConfigProblem(path, _line_of(raw, key), message))

    theme: str | None = None
    selection = "default"
    keymap: dict[str, str] = {}
    for section, value in data.items():
        if section not in ("app", "keys"):
            problem(section, f"unknown section or key {section!r}")
        elif not isinstance(value, dict):
            problem(section, f"[{section}] must be a table")
    app = data.get("app")
    if isinstance(app, dict):
        for key, value in app.items():
            if key == "theme":
                if isinstance(value, str) and value.strip():
                    theme = value.strip()
                else:
                    problem(key, "app.theme must be a theme name (a string)")
            elif key == "selection":
                if isinstance(value, str) and value.strip() and not _CONTROL.search(value):
                    selection = value.strip()
                else:
                    problem(key, "app.selection must be a name (a string, one line, no controls)")
            else:
                problem(key, f"unknown setting app.{key}")
    keys = data.get("keys")
    if isinstance(keys, dict):
        for binding_id, value in keys.items():
            if isinstance(value, str) and value.strip():
                keymap[binding_id] = ",".join(k.strip() for k in value.split(",") if k.strip())
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                keymap[binding_id] = ",".join(v.strip() for v in value)
            else:
                problem(binding_id, f'keys.{binding_id} must be a key such as "x" or "ctrl+x"')
    return Settings(theme=theme, selection=selection, keymap=keymap, path=path), problems


def unknown_binding_ids(settings: Settings, known: set[str]) -> list[ConfigProblem]:
    """Problems for keymap entries that name no binding of the reader."""
    path = settings.path or config_file()
    raw = ""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        raw = path.read_text(encoding="utf-8")
    return [
        ConfigProblem(path, _line_of(raw, bid), f"no binding has the id {bid!r}")
        for bid in settings.keymap
        if bid not in known
    ]


def _line_of(raw: str, key: str) -> int | None:
    """The first line that defines `key` (bare, quoted, or as a [section])."""
    pattern = re.compile(
        rf"""^\s*(?:\[\s*{re.escape(key)}\s*\]|["']?{re.escape(key)}["']?\s*=)""", re.MULTILINE
    )
    m = pattern.search(raw)
    return raw.count("\n", 0, m.start()) + 1 if m else None
