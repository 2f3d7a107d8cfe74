"""Writing brief files safely: the folder, the name, symlinks, foreign files, failures."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_brief_helpers import article
from tui.brief import SelectedPassage, compile_brief, slugify, write_brief
from tui.brief.files import RESERVED_NAMES, history, last_written_sha, target_path
from tui.errors import BriefFileError
from tui.library import Library

DAY = dt.date(2025, 1, 2)


@pytest.fixture
def lib(tmp_path: Path):
    with Library.open(tmp_path / "lib") as library:
        yield library


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _brief(title: str = "Rhine floods", bluf: str | None = None):
    art = article()
    return compile_brief(
        [SelectedPassage(art, 0)], title=title, created=DAY, bluf=bluf, analyses={}
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_default_folder_and_slug(lib: Library, cwd: Path) -> None:
    path = write_brief(_brief(), "yaml", lib=lib)
    assert path == cwd / "briefs" / "rhine-floods.yaml"
    assert path.read_text(encoding="utf-8").startswith("# brief:")
    md = write_brief(_brief(), "md", lib=lib, folder=cwd / "out")
    assert md == (cwd / "out" / "rhine-floods.md").resolve()
    assert last_written_sha(lib, path) is not None


def test_title_cannot_escape_the_folder(lib: Library, cwd: Path) -> None:
    for title in ("../../x", "/etc/passwd", "..", "a/../../b", "C:\\Windows\\x", "~/x"):
        path = write_brief(_brief(title), "yaml", lib=lib)
        assert path.parent == (cwd / "briefs").resolve(), title
        assert ".." not in path.name and "/" not in path.name
    assert not (cwd.parent / "x.yaml").exists()


@pytest.mark.parametrize("title", ["CON", "con", "Nul", "COM1", "lpt9", "AUX", "PRN"])
def test_reserved_names_are_avoided(title: str, lib: Library, cwd: Path) -> None:
    path = write_brief(_brief(title), "md", lib=lib)
    assert path.stem.upper() not in RESERVED_NAMES
    assert path.name == f"{title.lower()}-brief.md"


@pytest.mark.parametrize("name", ["CON.md", "nul.yaml", "bad\x1bname.md", "a\nb.md", ".."])
def test_unsafe_output_names_refused(name: str, lib: Library, cwd: Path) -> None:
    with pytest.raises(BriefFileError):
        write_brief(_brief(), "md", lib=lib, output=name)


@settings(deadline=None)
@given(st.text())
def test_slug_is_always_a_safe_name(title: str) -> None:
    slug = slugify(title)
    assert slug and len(slug.encode("utf-8")) <= 80
    assert re.fullmatch(r"[\w-]+", slug) and "_" not in slug
    assert not slug.startswith("-") and not slug.endswith("-")
    assert slug.upper() not in RESERVED_NAMES
    assert slug == slugify(title)


def test_slug_examples() -> None:
    assert (
        slugify("TTP attacks: Khyber Pakhtunkhwa, 2025!") == "ttp-attacks-khyber-pakhtunkhwa-2025"
    )
    assert slugify("Zürich – Öl") == "zurich-ol"
    assert slugify("") == "brief"
    assert slugify("\x1b[2J…") == "brief"
    assert len(slugify("x" * 500)) == 80


def test_symlink_target_refused(lib: Library, cwd: Path) -> None:
    folder = cwd / "briefs"
    folder.mkdir()
    victim = cwd / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (folder / "rhine-floods.yaml").symlink_to(victim)
    with pytest.raises(BriefFileError, match="symbolic link"):
        write_brief(_brief(), "yaml", lib=lib, force=True)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert _leftovers(folder) == []


def test_foreign_file_needs_force_and_is_kept_in_history(lib: Library, cwd: Path) -> None:
    folder = cwd / "briefs"
    folder.mkdir()
    target = folder / "rhine-floods.yaml"
    target.write_text("my own notes\n", encoding="utf-8")
    with pytest.raises(BriefFileError, match="--force"):
        write_brief(_brief(), "yaml", lib=lib)
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    write_brief(_brief(), "yaml", lib=lib, force=True)
    assert target.read_text(encoding="utf-8").startswith("# brief:")
    assert [c for _, _, c in history(lib, target)][0] == b"my own notes\n"


def test_recompiling_replaces_and_keeps_previous_version(lib: Library, cwd: Path) -> None:
    first = write_brief(_brief(bluf="First version."), "yaml", lib=lib)
    second = write_brief(_brief(bluf="Second version."), "yaml", lib=lib)
    assert first == second
    assert "Second version." in second.read_text(encoding="utf-8")
    versions = history(lib, second)
    assert len(versions) == 2
    assert b"First version." in versions[0][2] and b"Second version." in versions[1][2]
    # the same content again: nothing new to keep
    write_brief(_brief(bluf="Second version."), "yaml", lib=lib)
    assert len(history(lib, second)) == 2


def test_edited_file_counts_as_foreign(lib: Library, cwd: Path) -> None:
    path = write_brief(_brief(), "yaml", lib=lib)
    path.write_text(path.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    with pytest.raises(BriefFileError, match="--force"):
        write_brief(_brief(), "yaml", lib=lib)
    assert path.read_text(encoding="utf-8").endswith("# my edit\n")


def test_read_only_folder(lib: Library, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_brief(_brief(bluf="Old."), "yaml", lib=lib)
    old = path.read_bytes()
    real_open = os.open

    def deny(file, flags, *args, **kw):
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args, **kw)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(BriefFileError, match="cannot write here"):
        write_brief(_brief(bluf="New."), "yaml", lib=lib)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert _leftovers(path.parent) == []


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_failure_mid_write_leaves_old_file_and_no_temp(
    failing: str, lib: Library, cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_brief(_brief(bluf="Old."), "yaml", lib=lib)
    old = path.read_bytes()

    def boom(*args: object, **kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(BriefFileError, match="No space left"):
        write_brief(_brief(bluf="New."), "yaml", lib=lib)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert _leftovers(path.parent) == []
    assert len(history(lib, path)) == 1


def test_new_file_failure_leaves_nothing(
    lib: Library, cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (cwd / "briefs").mkdir()

    def boom(*args: object, **kw: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(BriefFileError):
        write_brief(_brief(), "yaml", lib=lib)
    monkeypatch.undo()
    assert list((cwd / "briefs").iterdir()) == []


def test_folder_that_is_a_file(lib: Library, cwd: Path) -> None:
    (cwd / "briefs").write_text("not a folder", encoding="utf-8")
    with pytest.raises(BriefFileError):
        write_brief(_brief(), "yaml", lib=lib)


def test_target_that_is_a_folder(lib: Library, cwd: Path) -> None:
    (cwd / "briefs" / "rhine-floods.yaml").mkdir(parents=True)
    with pytest.raises(BriefFileError, match="not a regular file"):
        write_brief(_brief(), "yaml", lib=lib, force=True)


def test_target_path_rules() -> None:
    assert target_path("T", "md", "x").name == "t.md"
    assert target_path("T", "yaml", None, "out/my.yaml") == Path("out/my.yaml")
    with pytest.raises(BriefFileError):
        target_path("T", "pdf")
