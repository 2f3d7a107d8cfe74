"""The settings model: TOML in, typed settings out, every problem named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config import Settings, load_settings, unknown_binding_ids
from tui.paths import config_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults() -> None:
    settings, problems = load_settings()
    assert settings == Settings(path=config_file()) and problems == []


def test_config_file_follows_xdg_and_brief_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config_file() == tmp_path / "config" / "brief" / "config.toml"
    monkeypatch.setenv("BRIEF_CONFIG", str(tmp_path / "other.toml"))
    assert config_file() == tmp_path / "other.toml"


def test_a_full_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[app]\ntheme = "textual-light"\nselection = "monday"\n\n'
        '[keys]\n"reader.select" = "x"\n"article.line_down" = ["j", "ctrl+n"]\n',
    )
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.theme == "textual-light" and settings.selection == "monday"
    assert settings.keymap == {"reader.select": "x", "article.line_down": "j,ctrl+n"}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("[app]\ntheme = \n", 2, "not valid TOML"),
        ("[app]\ntheme = 3\n", 2, "app.theme must be a theme name"),
        ('[app]\nselection = ""\n', 2, "app.selection must be a name"),
        ('[app]\ncolour = "red"\n', 2, "unknown setting app.colour"),
        ('[keys]\n"reader.select" = 5\n', 2, "keys.reader.select must be a key"),
        ('[colors]\nx = "y"\n', 1, "unknown section or key 'colors'"),
        ('app = "x"\n', 1, "[app] must be a table"),
    ],
)
def test_problems_name_the_line_and_defaults_are_used(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = write(tmp_path, text)
    settings, problems = load_settings(path)
    assert len(problems) == 1
    assert problems[0].line == line
    assert fragment in str(problems[0])
    assert str(problems[0]).startswith(f"{path}:{line}: ")
    assert str(problems[0]).endswith("using the default")
    assert settings.selection in ("default",) and settings.theme is None


def test_good_values_survive_a_bad_neighbour(tmp_path: Path) -> None:
    path = write(tmp_path, '[app]\ntheme = 3\nselection = "work"\n[keys]\n"reader.tray" = "T"\n')
    settings, problems = load_settings(path)
    assert len(problems) == 1
    assert settings.selection == "work" and settings.keymap == {"reader.tray": "T"}


def test_unknown_binding_ids_are_reported_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\n"reader.tray" = "T"\n"reader.nothing" = "z"\n')
    settings, _ = load_settings(path)
    problems = unknown_binding_ids(settings, {"reader.tray"})
    assert [(p.line, p.message) for p in problems] == [
        (3, "no binding has the id 'reader.nothing'")
    ]


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    settings, problems = load_settings(path)
    assert settings.keymap == {} and len(problems) == 1


def test_the_documented_example_is_a_working_config(tmp_path: Path) -> None:
    """The example in tui/config.py's docstring, copied into a file, reads cleanly and
    names only bindings that exist."""
    import tui.config
    from tui.app.bindings import binding_ids

    doc = tui.config.__doc__ or ""
    example = "\n".join(
        line[4:].split("#")[0].rstrip() for line in doc.splitlines() if line.startswith("    ")
    )
    settings, problems = load_settings(write(tmp_path, example))
    assert problems == [] and settings.keymap, example
    assert unknown_binding_ids(settings, binding_ids()) == []
