"""`brief selections ...` and `brief compile --selection` as a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.library import Library
from tui.model import Article
from tui.paths import library_dir
from tui.selection import SelectionStore

ARTICLES = [
    Article.create(
        title="Rhine shipping halted by floods",
        paragraphs=[
            "The Rhine was closed to shipping on Monday after floods at Cologne.",
            "Anna Weber of the Rhine Shipping Authority said barges would wait for days.",
            "Anna Weber added that 2 million tonnes of coal were stuck upstream.",
        ],
        source_path="/news/rhine.txt",
        outlet="Coast Herald",
        published="2025-01-02",
    ),
    Article.create(
        title="Cologne counts the cost",
        paragraphs=[
            "Cologne's mayor said the floods had cost the city 40 million euros.",
            "Anna Weber warned that the river could rise again by Friday.",
        ],
        source_path="/news/cologne.txt",
        outlet="Valley Times",
        published="2025-01-03",
    ),
]


@pytest.fixture
def lib_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEF_TODAY", "2025-01-04")
    folder = library_dir()
    with Library.open(folder) as lib, lib.transaction():
        for art in ARTICLES:
            lib.replace_file_articles(art.source_path, [art])
    return folder


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return code, rows, err


def test_create_add_show_rename_list_delete(
    lib_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rhine, cologne = (a.id for a in ARTICLES)
    code, rows, err = _run(capsys, "selections", "create", "Rhine floods", "--json")
    assert code == 0 and rows == [
        {"name": "Rhine floods", "title": "", "passages": 0, "updated": rows[0]["updated"]}
    ]
    code, _, err = _run(capsys, "selections", "create", "Rhine floods")
    assert code == 1 and "already exists" in err
    assert _run(capsys, "selections", "add", "Rhine floods", rhine, "1", "--note", "who")[0] == 0
    assert _run(capsys, "selections", "add", "Rhine floods", cologne, "0")[0] == 0
    code, _, err = _run(capsys, "selections", "add", "Rhine floods", cologne, "9")
    assert code == 1 and "¶ 10: no such passage" in err
    code, rows, _ = _run(capsys, "selections", "show", "Rhine floods", "--json")
    assert [(r["article_id"], r["paragraph"], r["note"], r["position"]) for r in rows] == [
        (rhine, 1, "who", 1),
        (cologne, 0, "", 2),
    ]
    code, rows, _ = _run(capsys, "selections", "rename", "Rhine floods", "Floods 2025", "--json")
    assert code == 0 and rows[0]["name"] == "Floods 2025" and rows[0]["passages"] == 2
    code, rows, _ = _run(capsys, "selections", "--json")
    assert [(r["name"], r["passages"]) for r in rows] == [("Floods 2025", 2)]
    code, _, err = _run(capsys, "selections", "show", "Rhine floods")
    assert code == 1 and "no selection named 'Rhine floods'" in err
    # taking a passage out keeps its note: adding it again brings it back
    assert _run(capsys, "selections", "remove", "Floods 2025", rhine, "1")[0] == 0
    assert _run(capsys, "selections", "add", "Floods 2025", rhine, "1")[0] == 0
    code, rows, _ = _run(capsys, "selections", "show", "Floods 2025", "--json")
    assert [(r["paragraph"], r["note"]) for r in rows] == [(0, ""), (1, "who")]
    code, _, err = _run(capsys, "selections", "delete", "Floods 2025")
    assert code == 2 and "--force" in err
    code, rows, _ = _run(capsys, "selections", "delete", "Floods 2025", "--force", "--json")
    assert code == 0 and rows == [{"name": "Floods 2025", "deleted": True, "passages": 2}]
    assert _run(capsys, "selections", "--json")[1] == []


def test_bad_names_are_refused_in_one_line(
    lib_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for bad in ("", "a\nb", "x\x1b[2J"):
        code, _, err = _run(capsys, "selections", "create", bad)
        assert code == 1 and err.count("\n") == 1 and "\x1b" not in err


def test_compiled_title_is_drawn_from_the_content_not_the_name(
    lib_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.brief import read_brief

    rhine, cologne = (a.id for a in ARTICLES)
    with Library.open(lib_folder) as lib:
        store = SelectionStore(lib, "work")
        store.add(rhine, 1)
        store.add(rhine, 2)
        store.add(cologne, 1)
    code = main(["compile", "--selection", "work", "--format", "yaml"])
    out, err = capsys.readouterr()
    assert code == 0, err
    brief = read_brief(out.strip())
    # the article most key points cite, led by the most mentioned person (not in it)
    assert brief.title == "Anna Weber: Rhine shipping halted by floods"
    with Library.open(lib_folder) as lib:
        SelectionStore(lib, "work").set_title("My own title")
    code = main(["compile", "--selection", "work", "--format", "yaml", "--force"])
    out, err = capsys.readouterr()
    assert read_brief(out.strip()).title == "My own title"
