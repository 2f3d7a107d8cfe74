"""Writing briefs to disk safely, and the library's history of what was written.

A brief goes to `briefs/` under the current folder unless told otherwise, named
by a slug of its title. The path must resolve inside the folder; symlinks are
refused; the content goes to a temporary file in the same folder, is fsynced and
renamed over the target. A file is brief's own when its SHA-256 matches the last
version recorded for that path in the library's `brief_history`; any other
existing file is replaced only with `force=True` (its content is kept in the
history first). Every version written is kept in the history, recorded before
the rename, so a writer killed at any moment leaves a file brief still knows as
its own; a file whose content is any recorded version of its path is brief's
own (replacing it loses nothing). Temporary files of writers that were killed
are removed by the next write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import sqlite3
import stat
import unicodedata
from pathlib import Path

from tui import text as tx
from tui.errors import BriefFileError
from tui.library import Library

DEFAULT_FOLDER = "briefs"
MAX_SLUG_BYTES = 80
EXTENSIONS = {"yaml": ".yaml", "md": ".md"}

_DEVICES = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"]
_NUMBERED = [f"{d}{n}" for d in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")]
RESERVED_NAMES = frozenset(_DEVICES + _NUMBERED)

_SLUG_DROP = re.compile(r"[\W_]+")


def slugify(title: str, max_bytes: int = MAX_SLUG_BYTES) -> str:
    """A file-name stem from a title: lower-case letters and digits joined by '-'.

    Never empty, never a Windows device name, no separators, dots or control
    characters, at most `max_bytes` bytes of UTF-8.
    """
    folded = tx.fold(unicodedata.normalize("NFKC", tx.clean_line(title)))
    slug = _SLUG_DROP.sub("-", folded).strip("-")
    while len(slug.encode("utf-8")) > max_bytes:
        slug = slug[:-1]
    slug = slug.strip("-") or "brief"
    if slug.upper() in RESERVED_NAMES:
        slug += "-brief"
    return slug


def _check_name(name: str) -> None:
    """Refuse a file name that is unsafe on any common system."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise BriefFileError(f"{name!r}: not a usable file name")
    if tx.sanitize(name) != name or any(c in name for c in "\n\t"):
        raise BriefFileError(f"{name!r}: control characters in the file name")
    if name.split(".")[0].rstrip(" ").upper() in RESERVED_NAMES:
        raise BriefFileError(f"{name!r}: a reserved device name on Windows")
    if len(name.encode("utf-8")) > 255:
        raise BriefFileError(f"{name[:40]!r}…: the file name is too long")


def target_path(
    title: str, fmt: str, folder: str | os.PathLike[str] | None = None, output: str | None = None
) -> Path:
    """Where a brief goes: `output` when given, else `folder`/slug.ext (folder: ./briefs)."""
    if fmt not in EXTENSIONS:
        raise BriefFileError(f"unknown format {fmt!r} (yaml or md)")
    if output:
        out = Path(output)
        _check_name(out.name)
        return out
    base = Path(folder) if folder else Path.cwd() / DEFAULT_FOLDER
    return base / (slugify(title) + EXTENSIONS[fmt])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def last_written_sha(lib: Library, path: Path) -> str | None:
    """The SHA-256 of the last version recorded for `path` (resolved), if any."""
    row = lib.execute(
        "SELECT sha256 FROM brief_history WHERE path = ? ORDER BY rowid DESC LIMIT 1",
        (str(path),),
    ).fetchone()
    return row[0] if row else None


def history(lib: Library, path: Path) -> list[tuple[str, str, bytes]]:
    """Every recorded version of `path`, oldest first: (written_at, sha256, content)."""
    rows = lib.execute(
        "SELECT written_at, sha256, content FROM brief_history WHERE path = ? ORDER BY rowid",
        (str(path.resolve()),),
    )
    return [(w, s, bytes(c)) for w, s, c in rows]


def _record(lib: Library, path: Path, data: bytes) -> int | None:
    """Keep `data` as a version of `path`; the history row's id."""
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        with lib.transaction() as db:
            cur = db.execute(
                "INSERT INTO brief_history (path, written_at, sha256, content) VALUES (?, ?, ?, ?)",
                (str(path), when, _sha(data), data),
            )
            return cur.lastrowid
    except sqlite3.Error as exc:
        raise BriefFileError(
            f"{path}: cannot keep the brief's history in the library ({exc}); left unchanged"
        ) from exc


def _forget(lib: Library, rowid: int | None) -> None:
    """Drop a history row recorded for a write that then failed (best effort)."""
    if rowid is not None:
        try:
            with lib.transaction() as db:
                db.execute("DELETE FROM brief_history WHERE rowid = ?", (rowid,))
        except sqlite3.Error:  # pragma: no cover - the row only names a version not written
            pass


def _recorded(lib: Library, path: Path, sha: str) -> bool:
    """Whether brief wrote (or kept) this content for `path`: replacing it loses nothing."""
    row = lib.execute(
        "SELECT 1 FROM brief_history WHERE path = ? AND sha256 = ? LIMIT 1", (str(path), sha)
    ).fetchone()
    return row is not None


_TEMP = re.compile(r"\..+\.(\d+)-[0-9a-f]{12}\.tmp")


def _remove_stale_temps(folder: Path) -> None:
    """Remove temporary files left by brief writers that were killed (their process is gone)."""
    if os.name != "posix":
        return
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TEMP.fullmatch(name)
        if m is None or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            _unlink(folder / name)
        except (OSError, OverflowError):
            pass  # alive (another user's) or not a pid: leave it


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_safely(path: Path, content: str, lib: Library, force: bool = False) -> Path:
    """Write `content` to `path` atomically, following the rules above; returns the path.

    Raises BriefFileError naming the path and the reason; on any failure the old
    file is left as it was and no temporary file remains.
    """
    try:
        data = content.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BriefFileError(f"{path}: the brief holds text that is not valid Unicode") from exc
    _check_name(path.name)
    real_folder = _real_folder(path.parent)
    target = real_folder / path.name
    if target.parent != real_folder or os.path.commonpath([real_folder, target]) != str(
        real_folder
    ):
        raise BriefFileError(f"{path}: resolves outside {real_folder}")
    st = _existing(target)
    if st is not None and _unchanged_or_kept(target, data, lib, force):
        return target
    _remove_stale_temps(real_folder)
    tmp = real_folder / f".{path.name[:64]}.{os.getpid()}-{secrets.token_hex(6)}.tmp"
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o644
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    except OSError as exc:
        raise BriefFileError(f"{real_folder}: cannot write here ({_reason(exc)})") from exc
    recorded: int | None = None
    try:
        _write_all(fd, data)
        recorded = _record(lib, target, data)  # first: a kill after the rename loses nothing
        _put_in_place(tmp, target, new=st is None)
    except BaseException as exc:
        _unlink(tmp)
        _forget(lib, recorded)
        if isinstance(exc, OSError):
            raise BriefFileError(f"{target}: cannot write ({_reason(exc)}); left unchanged") from exc
        raise
    _unlink(tmp)
    _fsync_dir(real_folder)
    return target


def _real_folder(folder: Path) -> Path:
    """The folder a brief goes to, created if needed, with links resolved."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefFileError(f"{folder}: cannot create the folder ({_reason(exc)})") from exc
    real_folder = folder.resolve()
    if not real_folder.is_dir():
        raise BriefFileError(f"{folder}: not a folder")
    return real_folder


def _existing(target: Path) -> os.stat_result | None:
    """The regular file at `target` (not followed if a link), or None when there is none."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BriefFileError(f"{target}: cannot inspect ({_reason(exc)})") from exc
    if stat.S_ISLNK(st.st_mode):
        raise BriefFileError(f"{target}: is a symbolic link; refused")
    if not stat.S_ISREG(st.st_mode):
        raise BriefFileError(f"{target}: exists and is not a regular file")
    return st


def _unchanged_or_kept(target: Path, data: bytes, lib: Library, force: bool) -> bool:
    """For a file already at `target`: True when it already holds `data` and brief wrote
    it (nothing to do). A file brief did not write is refused unless `force`, and then
    kept in the history before it is replaced."""
    try:
        with open(target, "rb") as fh:
            old = fh.read()
    except OSError as exc:
        raise BriefFileError(f"{target}: cannot read ({_reason(exc)})") from exc
    ours = _recorded(lib, target, _sha(old))
    if not ours and not force:
        raise BriefFileError(
            f"{target}: exists and was not written by brief (or was edited since); "
            "use --force to replace it"
        )
    if old == data and ours:
        return True
    if not ours:
        _record(lib, target, old)  # keep what --force replaces
    return False


def _write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`, flush it to the disk, and close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _put_in_place(tmp: Path, target: Path, *, new: bool) -> None:
    """Move the written temporary file to `target`; a new file never replaces one that
    appeared meanwhile."""
    if not new:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError as exc:
        raise BriefFileError(f"{target}: appeared while writing; not replaced (try again)") from exc
    except OSError:
        os.replace(tmp, target)  # no hard links here: rename instead


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - best effort clean-up
        pass
