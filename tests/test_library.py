"""The library: schema migrations, WAL, refusing what it must not touch, damaged
files set aside, two processes at once, and storing articles once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui import library
from tui.errors import LibraryError
from tui.library import DB_NAME, SCHEMA_VERSION, Library
from tui.model import Article

REPO = Path(__file__).resolve().parent.parent


def art(title: str, *paras: str, outlet: str | None = "Wire", src: str = "a.txt") -> Article:
    return Article.create(
        title=title, paragraphs=list(paras) or ["Body."], source_path=src, outlet=outlet
    )


def filled(folder: Path) -> Library:
    lib = Library.open(folder)
    with lib.transaction():
        lib.replace_file_articles("/x/a.txt", [art("One", "First para.", "Second para.")])
        lib.replace_file_articles("/x/b.txt", [art("Two", "Another.")])
    return lib


# --- opening and migrating ---------------------------------------------------------


def test_fresh_library_is_migrated_wal_and_marked(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        assert lib.schema_version == SCHEMA_VERSION
        assert lib.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.execute("PRAGMA application_id").fetchone()[0] == library.APPLICATION_ID
        assert lib.notice is None
        assert lib.article_count() == 0
    assert (tmp_path / "lib" / DB_NAME).exists()


def test_reopening_keeps_data_and_says_nothing(tmp_path: Path) -> None:
    filled(tmp_path).close()
    with Library.open(tmp_path) as lib:
        assert lib.notice is None
        assert [s.title for s in lib.summaries()] == ["One", "Two"]
        assert lib.stats().passages == 3


def test_a_later_migration_is_applied_to_an_existing_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(tmp_path).close()
    extra = "CREATE TABLE later_table (x INTEGER); INSERT INTO meta VALUES ('later', 'yes')"
    monkeypatch.setattr(library, "MIGRATIONS", [*library.MIGRATIONS, extra])
    monkeypatch.setattr(library, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Library.open(tmp_path) as lib:
        assert lib.schema_version == SCHEMA_VERSION + 1
        assert lib.get_meta("later") == "yes"
        assert lib.article_count() == 2
    with Library.open(tmp_path) as lib:  # applied once only
        assert lib.execute("SELECT COUNT(*) FROM meta WHERE key='later'").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_library_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(tmp_path).close()
    broken = "CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL"
    monkeypatch.setattr(library, "MIGRATIONS", [*library.MIGRATIONS, broken])
    monkeypatch.setattr(library, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(LibraryError):
        Library.open(tmp_path)
    monkeypatch.undo()
    with Library.open(tmp_path) as lib:
        assert lib.schema_version == SCHEMA_VERSION
        names = {r[0] for r in lib.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    filled(tmp_path).close()
    db = tmp_path / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(LibraryError, match="newer brief"):
        Library.open(tmp_path)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(f"{DB_NAME}.damaged*"))


def test_a_first_version_library_gets_the_new_search_index_and_keeps_the_users_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.search import Index
    from tui.selection import SelectionStore

    with monkeypatch.context() as m:  # a library as the first release wrote it
        m.setattr(library, "MIGRATIONS", library.MIGRATIONS[:1])
        m.setattr(library, "SCHEMA_VERSION", 1)
        lib = filled(tmp_path)
        lib.execute(
            "INSERT INTO search_postings (tid, seg, docs, tfs) VALUES (0, 0, x'00', x'01')"
        )
        one = next(s.id for s in lib.summaries() if s.title == "One")
        lib.execute(  # as the first release wrote a selection
            "INSERT INTO selections (name, updated) VALUES ('default', '2025-01-01T00:00:00')"
        )
        lib.execute(
            "INSERT INTO selection_items (selection, position, article_id, paragraph, note) "
            "VALUES ('default', 0, ?, 1, 'check this')",
            (one,),
        )
        assert lib.schema_version == 1
        lib.close()
    with Library.open(tmp_path) as lib:
        assert lib.schema_version == SCHEMA_VERSION
        hits = Index.load(lib).search("second")  # the index is rebuilt from the articles
        assert [(h.title, h.text) for h in hits] == [("One", "Second para.")]
        items = SelectionStore(lib).items()
        assert [(i.article_id, i.paragraph, i.note) for i in items] == [(one, 1, "check this")]
        SelectionStore(lib).remove(one, 1)  # the new tables work on a migrated library
        assert SelectionStore(lib).kept_note(one, 1) == "check this"


@pytest.mark.parametrize("app_id, tables", [(1234, False), (0, True)])
def test_another_programs_database_is_refused(tmp_path: Path, app_id: int, tables: bool) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA application_id = {app_id}")
    if tables:
        conn.execute("CREATE TABLE theirs (x)")
    else:
        conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(LibraryError, match="not a brief library"):
        Library.open(tmp_path)
    assert (tmp_path / DB_NAME).read_bytes() == before


# --- damaged files -----------------------------------------------------------------


def _aside(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.glob(f"{DB_NAME}.damaged-*") if not p.name.endswith(("-wal", "-shm"))
    )


def test_garbage_file_is_set_aside_and_a_fresh_library_started(tmp_path: Path) -> None:
    junk = b"this is not a database at all\n" * 200
    (tmp_path / DB_NAME).write_bytes(junk)
    with Library.open(tmp_path) as lib:
        assert lib.notice and "damaged" in lib.notice and "kept as" in lib.notice
        assert lib.article_count() == 0
        lib.replace_file_articles("/y.txt", [art("Fresh")])
    kept = _aside(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes() == junk
    assert kept[0].name in (lib.notice or "")


def test_truncated_library_is_set_aside(tmp_path: Path) -> None:
    lib = filled(tmp_path)
    with lib.transaction():  # enough pages that a cut loses some
        for i in range(200):
            lib.replace_file_articles(f"/z/{i}.txt", [art(f"T{i}", "x " * 400)])
    lib.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.close()
    db = tmp_path / DB_NAME
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3 + 100])
    with Library.open(tmp_path) as lib2:
        assert lib2.notice and "truncated" in lib2.notice
        assert lib2.article_count() == 0
    assert _aside(tmp_path)[0].stat().st_size == len(data) // 3 + 100


def test_empty_file_is_a_fresh_library(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"")
    with Library.open(tmp_path) as lib:
        assert lib.notice is None
        assert lib.schema_version == SCHEMA_VERSION


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="cannot"):
        Library.open(blocker / "lib")


# --- two processes -----------------------------------------------------------------


def test_a_second_process_waits_for_the_first_writer(tmp_path: Path) -> None:
    Library.open(tmp_path).close()
    holder = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from tui.library import Library
        lib = Library.open({str(tmp_path)!r})
        with lib.transaction():
            lib.set_meta("holder", "1")
            print("locked", flush=True)
            time.sleep(0.8)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    start = time.perf_counter()
    with Library.open(tmp_path) as lib:
        assert lib.article_count() == 0  # readers are not blocked (WAL)
        with lib.transaction():
            lib.set_meta("second", "2")
        waited = time.perf_counter() - start
        assert lib.get_meta("holder") == "1" and lib.get_meta("second") == "2"
    assert proc.wait(10) == 0
    assert waited > 0.2


def test_two_processes_creating_one_library_both_succeed(tmp_path: Path) -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); from tui.library import Library; "
        f"Library.open({str(tmp_path / 'lib')!r}).close()"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
    assert [p.wait(30) for p in procs] == [0, 0, 0]
    with Library.open(tmp_path / "lib") as lib:
        assert lib.schema_version == SCHEMA_VERSION


# --- storing -----------------------------------------------------------------------


def test_same_article_in_two_files_is_stored_once(tmp_path: Path) -> None:
    a = art("Shared", "Same body.")
    with Library.open(tmp_path) as lib, lib.transaction():
        assert lib.replace_file_articles("/one.txt", [a]) == [a.id]
        assert lib.replace_file_articles("/two.txt", [a]) == []
        assert lib.article_count() == 1
        removed: list[str] = []
        lib.replace_file_articles("/one.txt", [], removed)
        assert removed == [] and lib.article_count() == 1  # still held by two.txt
        lib.replace_file_articles("/two.txt", [], removed)
        assert removed == [a.id] and lib.article_count() == 0


def test_dropping_an_article_prunes_derived_rows_but_keeps_user_state(tmp_path: Path) -> None:
    a = art("Gone", "Body.")
    with Library.open(tmp_path) as lib, lib.transaction():
        lib.replace_file_articles("/f.txt", [a])
        lib.execute(
            "INSERT INTO entities (article_id, canonical, type, role, aliases, count) "
            "VALUES (?, 'X', 'PERSON', NULL, '[]', 1)",
            (a.id,),
        )
        lib.execute(
            "INSERT INTO selection_items (selection, position, article_id, paragraph) "
            "VALUES ('default', 0, ?, 0)",
            (a.id,),
        )
        lib.replace_file_articles("/f.txt", [])
        assert lib.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 0
        assert lib.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0
        assert lib.execute("SELECT COUNT(*) FROM selection_items").fetchone()[0] == 1


def test_article_and_passages_round_trip(tmp_path: Path) -> None:
    a = Article.create(
        title="T",
        paragraphs=["p0", "p1"],
        source_path="/s.txt",
        outlet="O",
        published="2025-01-02",
        url="https://example.org/x",
    )
    with Library.open(tmp_path) as lib:
        with lib.transaction():
            lib.replace_file_articles("/s.txt", [a])
        assert lib.article(a.id) == a
        assert lib.article("nope") is None
        assert list(lib.passages()) == [(a.id, 0, "p0"), (a.id, 1, "p1")]
        (s,) = lib.summaries()
        assert (s.title, s.paragraph_count, s.published) == ("T", 2, "2025-01-02")


def test_summaries_newest_first_undated_last(tmp_path: Path) -> None:
    arts = [
        Article.create(title="old", paragraphs=["a"], source_path="/1", published="2020-01-01"),
        Article.create(title="none", paragraphs=["b"], source_path="/2"),
        Article.create(title="new", paragraphs=["c"], source_path="/3", published="2024-05-05"),
    ]
    with Library.open(tmp_path) as lib:
        with lib.transaction():
            for i, a in enumerate(arts):
                lib.replace_file_articles(f"/{i}", [a])
        assert [s.title for s in lib.summaries()] == ["new", "old", "none"]


def test_transactions_roll_back_and_nest(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        with pytest.raises(RuntimeError), lib.transaction():
            lib.set_meta("k", "v")
            raise RuntimeError
        assert lib.get_meta("k") is None
        with lib.transaction():
            with lib.transaction():
                lib.set_meta("inner", "1")
            lib.set_meta("outer", "1")
        assert lib.get_meta("inner") == lib.get_meta("outer") == "1"


def test_small_values(tmp_path: Path) -> None:
    with Library.open(tmp_path) as lib:
        lib.set_blob("b", b"\x00\x01")
        lib.set_json("j", {"a": [1, "é"]})
        lib.record_file("/f", 3, 4, "abc", "now")
        assert lib.get_blob("b") == b"\x00\x01" and lib.get_blob("none") is None
        assert lib.get_json("j") == {"a": [1, "é"]}
        assert lib.file_state("/f") == (3, 4, "abc") and lib.file_state("/g") is None
        assert lib.file_states() == {"/f": (3, 4, "abc")}


def test_opening_the_library_again_in_a_process_keeps_its_locks(tmp_path: Path) -> None:
    """A second open in a process that holds a connection must not drop that connection's
    file locks (closing any descriptor of the file does, on POSIX): another process would
    then take itself for the last user, delete the WAL on close, and the first process's
    later writes would be lost to everyone else (seen with two readers open)."""
    import subprocess
    import sys

    from tui.selection import SelectionStore

    folder = tmp_path / "lib"
    root = Path(__file__).resolve().parents[1]
    reader = (
        "import sys\nfrom tui.library import Library\nfrom tui.selection import SelectionStore\n"
        "with Library.open(sys.argv[1]) as lib:\n    print(len(SelectionStore(lib).items()))"
    )

    def seen_elsewhere() -> str:
        out = subprocess.run(
            [sys.executable, "-c", reader, str(folder)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    with Library.open(folder) as first:
        SelectionStore(first).add("a", 0)
        Library.open(folder).close()  # e.g. a worker thread's own connection
        assert seen_elsewhere() == "1"
        SelectionStore(first).add("a", 1)  # after the other process closed its connection
        assert seen_elsewhere() == "2"
        assert (folder / DB_NAME).with_name(DB_NAME + "-wal").exists()


def test_the_foreign_key_migration_keeps_the_users_work_and_cascades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library the previous schema (6) wrote: after migration 7 every derived table
    refers to its article with ON DELETE CASCADE, nothing the user made is lost, and
    removing an article takes what was derived from it, not what the user made of it."""
    from tui import reading
    from tui.entities import analyse as analyse_article
    from tui.entities import corrections, store
    from tui.feeds import store as feeds
    from tui.selection import SelectionStore

    gone = art("Harbour cranes return", "Mara Quill spoke at Portmere.", src="/x/gone.txt")
    kept = art("Ferry timetable cut", "Ben Ashby met Eastvale.", src="/x/kept.txt")
    with monkeypatch.context() as m:  # the library as the previous release wrote it
        m.setattr(library, "MIGRATIONS", library.MIGRATIONS[:6])
        m.setattr(library, "SCHEMA_VERSION", 6)
        with Library.open(tmp_path) as lib:
            with lib.transaction():
                for a in (gone, kept):
                    lib.replace_file_articles(a.source_path, [a])
                    store.save(lib, analyse_article(a))
                lib.record_arrivals([gone.id, kept.id], "2025-01-01T00:00:00")
                lib.execute(  # left behind by an older brief: an entity of no article
                    "INSERT INTO entities (article_id, canonical, type, role, aliases, count) "
                    "VALUES ('no-such-article', 'X', 'PERSON', NULL, '[]', 1)"
                )
            SelectionStore(lib).add(gone.id, 0)
            SelectionStore(lib).set_note(gone.id, 0, "ask the harbour master")
            SelectionStore(lib).add(kept.id, 0)
            corrections.add(lib, corrections.make_rule("rename", ["Ben Ashby"], "Benjamin Ashby"))
            feeds.mark_read(lib, [gone.id, kept.id])
            reading.save_position(lib, gone.id, 0, 3)
            assert lib.schema_version == 6
            before = {
                t: lib.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("passages", "mentions", "entities", "quotes_found", "article_arrivals")
            }
    with Library.open(tmp_path) as lib:
        assert lib.schema_version == SCHEMA_VERSION
        for table in ("passages", "mentions", "entities", "quotes", "quotes_found", "figures"):
            fks = lib.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            assert [(fk[2], fk[3], fk[4], fk[6]) for fk in fks] == [
                ("articles", "article_id", "id", "CASCADE")
            ], table
        assert lib.execute("PRAGMA foreign_key_check").fetchall() == []
        after = {t: lib.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in before}
        assert after == {**before, "entities": before["entities"] - 1}  # the stray row only
        items = SelectionStore(lib).items()
        assert [(i.article_id, i.note) for i in items] == [
            (gone.id, "ask the harbour master"),
            (kept.id, ""),
        ]
        assert [r.action for r in corrections.stored_rules(lib)] == ["rename"]
        assert reading.load_position(lib, gone.id) is not None
        with lib.transaction():
            lib.replace_file_articles(gone.source_path, [])  # the file no longer holds it
        assert lib.article(gone.id) is None
        for table in ("passages", "mentions", "entities", "quotes_found", "article_arrivals"):
            n = lib.execute(f"SELECT COUNT(*) FROM {table} WHERE article_id = ?", (gone.id,))
            assert n.fetchone()[0] == 0, table
        assert lib.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == len(kept.paragraphs)
        # what the user made of it stays: the selected passage and its note, read state,
        # the reading position
        assert [i.note for i in SelectionStore(lib).items() if i.article_id == gone.id] == [
            "ask the harbour master"
        ]
        assert gone.id in feeds.read_ids(lib)
        assert reading.load_position(lib, gone.id) is not None
