"""Entity corrections (tui.entities.corrections): every correction and its undo, in the
article and library scopes, through restart and re-ingest, for articles ingested later,
interacting, in `brief entities`, search, the brief, and the rules file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import reading
from tui.cli import main
from tui.entities import corrections as c
from tui.entities import store
from tui.library import Library
from tui.model import Analysis, Article, Entity, Mention, Quote

# (title, paragraphs, [(text, type, canonical)] per paragraph, quotes (speaker, text, paragraph))
ARTICLES = [
    (
        "Groups warn",
        ["Pro Asyl and Safdar Sial spoke in Honiara.", "Sial said the Solomon Islands were calm."],
        [
            [("Pro Asyl", "PERSON", "Pro Asyl"), ("Safdar Sial", "PERSON", "Safdar Sial"),
             ("Honiara", "PLACE", "Honiara")],
            [("Sial", "PERSON", "Safdar Sial"), ("Solomon Islands", "ORG", "Solomon Islands")],
        ],
        [("Safdar Sial", "calm", 1)],
    ),
    (
        "Islands vote",
        ["The Solomon Isles voted in Honiara.", "Observers from Pro Asyl watched."],
        [
            [("Solomon Isles", "PLACE", "Solomon Isles"), ("Honiara", "PLACE", "Honiara")],
            [("Pro Asyl", "PERSON", "Pro Asyl")],
        ],
        [],
    ),
]  # fmt: skip


def _analysis(art: Article, spec: list[list[tuple[str, str, str]]], quotes: list) -> Analysis:
    mentions = []
    counts: dict[tuple[str, str], int] = {}
    aliases: dict[str, set[str]] = {}
    for p, found in enumerate(spec):
        for text, type_, canonical in found:
            start = art.paragraphs[p].index(text)
            mentions.append(Mention(start, start + len(text), text, type_, canonical, p))
            counts[canonical, type_] = counts.get((canonical, type_), 0) + 1
            if text != canonical:
                aliases.setdefault(canonical, set()).add(text)
    entities = [Entity(cn, t, aliases.get(cn, set()), n) for (cn, t), n in counts.items()]
    for e in entities:
        if e.canonical == "Safdar Sial":
            e.role = "expert at the institute"
    return Analysis(art.id, mentions, entities, [Quote(s, t, p) for s, t, p in quotes])


def write(folder: Path) -> list[str]:
    ids = []
    with Library.open(folder) as lib, lib.transaction():
        for i, (title, paras, spec, quotes) in enumerate(ARTICLES):
            art = Article.create(title=title, paragraphs=paras, source_path=f"/t/{i}.txt")
            lib.replace_file_articles(f"/t/{i}.txt", [art])
            store.save(lib, _analysis(art, spec, quotes))
            ids.append(art.id)
    return ids


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "lib"


@pytest.fixture
def ids(folder: Path) -> list[str]:
    return write(folder)


@pytest.fixture
def lib(folder: Path, ids: list[str]) -> Iterator[Library]:
    with Library.open(folder) as library:
        yield library


def library_names(lib: Library) -> dict[str, str]:
    """Library-wide entity -> type."""
    return {e.canonical: e.type for e in store.library_entities(lib)}


def article_names(lib: Library, aid: str) -> dict[str, tuple[str, int]]:
    return {e.canonical: (e.type, e.count) for e in reading.article_entities(lib, aid)}


def mention_names(lib: Library, aid: str) -> list[tuple[str, str, str]]:
    return [
        (m.text, m.canonical, m.type)
        for ms in reading.article_mentions(lib, aid).values()
        for m in ms
    ]


def correct(lib: Library, action: str, names: list[str], value: str | None = None,
            type_: str | None = None, article: str | None = None) -> c.Rule:  # fmt: skip
    return c.add(lib, c.make_rule(action, names, value, type_, article))


# --- each correction and its undo ---------------------------------------------------------


def test_retype_then_undo(lib: Library, ids: list[str]) -> None:
    assert library_names(lib)["Pro Asyl"] == "PERSON"
    correct(lib, "retype", ["Pro Asyl"], "ORG")
    assert library_names(lib)["Pro Asyl"] == "ORG"
    assert article_names(lib, ids[0])["Pro Asyl"] == ("ORG", 1)
    assert ("Pro Asyl", "Pro Asyl", "ORG") in mention_names(lib, ids[1])
    assert c.undo(lib) is not None
    assert library_names(lib)["Pro Asyl"] == "PERSON"
    assert article_names(lib, ids[0])["Pro Asyl"] == ("PERSON", 1)


def test_merge_into_chosen_name_then_undo(lib: Library, ids: list[str]) -> None:
    before = library_names(lib)
    assert "Solomon Islands" in before and "Solomon Isles" in before
    correct(lib, "merge", ["Solomon Isles", "Solomon Islands"], "Solomon Islands", "PLACE")
    merged = {e.canonical: e for e in store.library_entities(lib)}
    assert "Solomon Isles" not in merged
    assert merged["Solomon Islands"].type == "PLACE"
    assert merged["Solomon Islands"].count == 2
    assert "Solomon Isles" in merged["Solomon Islands"].aliases
    # the second article's mention now carries the merged name, and filters find both
    assert ("Solomon Isles", "Solomon Islands", "PLACE") in mention_names(lib, ids[1])
    members = dict((e.canonical, m) for e, m in store.library_entity_members(lib))
    where = reading.passages_with(lib, [members["Solomon Islands"]])
    assert where == {ids[0]: [1], ids[1]: [0]} or where == dict(
        sorted({ids[0]: [1], ids[1]: [0]}.items())
    )
    c.undo(lib)
    assert {"Solomon Islands", "Solomon Isles"} <= set(library_names(lib))


def test_rename_then_undo(lib: Library, ids: list[str]) -> None:
    correct(lib, "rename", ["Safdar Sial"], "Safdar M. Sial")
    names = library_names(lib)
    assert "Safdar M. Sial" in names and "Safdar Sial" not in names
    assert ("Sial", "Safdar M. Sial", "PERSON") in mention_names(lib, ids[0])
    # the quote's speaker follows the name
    assert [q.speaker for q in store.load(lib, ids[0]).quotes] == ["Safdar M. Sial"]
    c.undo(lib)
    assert "Safdar Sial" in library_names(lib)
    assert [q.speaker for q in store.load(lib, ids[0]).quotes] == ["Safdar Sial"]


def test_reject_never_shown_then_undo(lib: Library, ids: list[str]) -> None:
    correct(lib, "reject", ["Honiara"])
    assert "Honiara" not in library_names(lib)
    assert "Honiara" not in article_names(lib, ids[1])
    assert all(name != "Honiara" for _, name, _ in mention_names(lib, ids[1]))
    assert reading.passages_with(lib, [{"Honiara"}]) == {}
    c.undo(lib)
    assert "Honiara" in library_names(lib)


def test_split_an_automatic_merge_then_undo(lib: Library, ids: list[str]) -> None:
    assert article_names(lib, ids[0])["Safdar Sial"] == ("PERSON", 2)
    correct(lib, "split", ["Safdar Sial"])
    art = article_names(lib, ids[0])
    assert art["Safdar Sial"] == ("PERSON", 1) and art["Sial"] == ("PERSON", 1)
    lib_wide = {e.canonical: e for e in store.library_entities(lib)}
    assert lib_wide["Sial"].count == 1 and lib_wide["Safdar Sial"].count == 1
    assert lib_wide["Safdar Sial"].role == "expert at the institute"
    assert lib_wide["Sial"].role is None
    assert reading.passages_with(lib, [{"Sial"}]) == {ids[0]: [1]}
    assert reading.passages_with(lib, [{"Safdar Sial"}]) == {ids[0]: [0]}
    c.undo(lib)
    assert article_names(lib, ids[0])["Safdar Sial"] == ("PERSON", 2)
    assert "Sial" not in library_names(lib)


def test_split_one_name_out(lib: Library, ids: list[str]) -> None:
    correct(lib, "split", ["Sial"])
    art = article_names(lib, ids[0])
    assert art["Sial"] == ("PERSON", 1) and art["Safdar Sial"] == ("PERSON", 1)


def test_one_article_only(lib: Library, ids: list[str]) -> None:
    correct(lib, "retype", ["Pro Asyl"], "ORG", article=ids[1])
    assert article_names(lib, ids[1])["Pro Asyl"][0] == "ORG"
    assert article_names(lib, ids[0])["Pro Asyl"][0] == "PERSON"
    # library-wide: one article each way, so both show
    kinds = sorted(e.type for e in store.library_entities(lib) if e.canonical == "Pro Asyl")
    assert kinds == ["ORG", "PERSON"]


def test_merge_then_rename_then_split(lib: Library, ids: list[str]) -> None:
    correct(lib, "merge", ["Solomon Islands", "Solomon Isles"], "Solomon Islands", "PLACE")
    correct(lib, "rename", ["Solomon Islands"], "Solomons")
    names = library_names(lib)
    assert names.get("Solomons") == "PLACE"
    assert "Solomon Islands" not in names and "Solomon Isles" not in names
    assert ("Solomon Isles", "Solomons", "PLACE") in mention_names(lib, ids[1])
    correct(lib, "split", ["Solomons"])
    names = library_names(lib)
    assert "Solomons" not in names
    assert names["Solomon Islands"] == "ORG" and names["Solomon Isles"] == "PLACE"
    c.undo(lib)  # the split
    assert "Solomons" in library_names(lib)
    c.undo(lib)  # the rename
    assert "Solomon Islands" in library_names(lib) and "Solomons" not in library_names(lib)


def test_interacting_corrections_hold_after_restart_and_for_a_later_article(
    folder: Path, ids: list[str]
) -> None:
    """merge, rename, a retype for one article; a restart; an article stored later
    takes them all; a split then gives its names back in every article; undo in order."""
    with Library.open(folder) as lib:
        correct(lib, "merge", ["Solomon Islands", "Solomon Isles"], "Solomon Islands", "PLACE")
        correct(lib, "rename", ["Solomon Islands"], "Solomons")
        correct(lib, "retype", ["Solomons"], "ORG", article=ids[1])
    with Library.open(folder) as lib:  # a restart
        assert library_names(lib)["Solomons"] == "PLACE"
        assert article_names(lib, ids[1])["Solomons"][0] == "ORG"
        assert article_names(lib, ids[0])["Solomons"][0] == "PLACE"
        # an article stored after the corrections: they apply to it at once
        later = Article.create(
            title="Later", paragraphs=["The Solomon Isles voted again."], source_path="/t/9.txt"
        )
        with lib.transaction():
            lib.replace_file_articles("/t/9.txt", [later])
            store.save(lib, _analysis(later, [[("Solomon Isles", "PLACE", "Solomon Isles")]], []))
        assert article_names(lib, later.id) == {"Solomons": ("PLACE", 1)}
        assert library_names(lib)["Solomons"] == "PLACE"
        correct(lib, "split", ["Solomons"])
        assert article_names(lib, later.id) == {"Solomon Isles": ("PLACE", 1)}
        assert "Solomons" not in library_names(lib)
        assert [r.action for r in c.stored_rules(lib)] == ["merge", "rename", "retype", "split"]
        for expected in ("split", "retype", "rename", "merge"):
            assert c.undo(lib).action == expected  # type: ignore[union-attr]
        assert c.undo(lib) is None
        names = library_names(lib)
        assert names["Solomon Islands"] == "ORG" and names["Solomon Isles"] == "PLACE"


def test_a_rejected_name_stays_out_of_a_later_merge(lib: Library, ids: list[str]) -> None:
    correct(lib, "reject", ["Honiara"])
    correct(lib, "merge", ["Honiara", "Solomon Isles"], "Solomon Isles", "PLACE")
    names = library_names(lib)
    assert "Honiara" not in names
    assert ("Honiara", "Solomon Isles", "PLACE") not in mention_names(lib, ids[1])
    assert not any(m[0] == "Honiara" for m in mention_names(lib, ids[1]))


def test_rules_survive_restart(folder: Path, ids: list[str]) -> None:
    with Library.open(folder) as lib:
        correct(lib, "retype", ["Pro Asyl"], "ORG")
    with Library.open(folder) as lib:
        assert library_names(lib)["Pro Asyl"] == "ORG"
        assert [r.action for r in c.stored_rules(lib)] == ["retype"]


def test_bad_corrections_refused() -> None:
    with pytest.raises(c.CorrectionError, match="type must be"):
        c.make_rule("retype", ["X"], "THING")
    with pytest.raises(c.CorrectionError, match="empty"):
        c.make_rule("reject", ["\x1b[2J"])
    with pytest.raises(c.CorrectionError, match="one name"):
        c.make_rule("rename", ["A", "B"], "C")
    assert c.make_rule("merge", ["A\x1b]52;c;eA==\x07", "B"]).names == ("A", "B")


# --- reflecting a new rule in a loaded sidebar --------------------------------------------


def test_reflect_merge_matches_reading_again(lib: Library) -> None:
    entries = store.library_entity_members(lib)
    rule = correct(lib, "merge", ["Solomon Isles", "Solomon Islands"], "Solomon Islands", "PLACE")
    fast = c.reflect([e for e, _ in entries], rule, {e.canonical: m for e, m in entries})
    assert fast is not None
    shown, made = fast
    again = store.library_entity_members(lib)
    assert [(e.canonical, e.type, e.count) for e in shown] == [
        (e.canonical, e.type, e.count) for e, _ in again
    ]
    assert made == {e.canonical: m for e, m in again if e.canonical == "Solomon Islands"}


def test_reflect_rename_retype_reject_match_reading_again(lib: Library) -> None:
    """Each library-wide correction shown at once is what reading the library again gives."""
    for action, names, value in [
        ("rename", ["Safdar Sial"], "S. Sial"),
        ("retype", ["Pro Asyl"], "ORG"),
        ("reject", ["Honiara"], None),
        ("rename", ["Solomon Isles"], "Solomon Islands"),  # the new name joins the other
    ]:
        entries = store.library_entity_members(lib)
        rule = correct(lib, action, names, value)
        fast = c.reflect([e for e, _ in entries], rule, {e.canonical: m for e, m in entries})
        assert fast is not None
        again = store.library_entity_members(lib)
        assert [(e.canonical, e.type, e.count) for e in fast[0]] == [
            (e.canonical, e.type, e.count) for e, _ in again
        ], action
    # a split or a rule for one article takes the library: not reflected in memory
    split = c.make_rule("split", ["Safdar Sial"])
    assert c.reflect([], split, {}) is None
    one = c.make_rule("reject", ["Pro Asyl"], article="x")
    assert c.reflect([], one, {}) is None


# --- ingest: re-ingest and articles that come later -----------------------------------------


def _ingest(folder: Path, *paths: Path) -> None:
    from tui.pipeline import ingest

    with Library.open(folder) as lib:
        report = ingest(lib, [str(p) for p in paths], workers=1)
        assert report.ok, report.errors


def _stored_name(folder: Path, contains: str) -> str:
    with Library.open(folder) as lib:
        rows = lib.execute("SELECT DISTINCT canonical FROM entities").fetchall()
    names = [r[0] for r in rows if contains in r[0]]
    assert names, f"the tagger found no {contains!r} in {sorted(r[0] for r in rows)}"
    return names[0]


TEXT = (
    "Harbour talks\n\n"
    "Margarethe Vollmer, the mayor of Rotterdam, met dockworkers on Monday.\n\n"
    "Vollmer said the strike in Rotterdam would end soon.\n"
)


def test_rules_hold_through_reingest_and_for_new_articles(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    first = tmp_path / "a.txt"
    first.write_text(TEXT, encoding="utf-8")
    _ingest(folder, first)
    person = _stored_name(folder, "Vollmer")
    with Library.open(folder) as lib:
        correct(lib, "rename", [person], "Greta Vollmer")
        correct(lib, "reject", ["Rotterdam"])
    # the same file changed: its article is replaced, the rules stay
    first.write_text(TEXT + "\nVollmer thanked Rotterdam.\n", encoding="utf-8")
    later = tmp_path / "b.txt"
    later.write_text(TEXT.replace("Monday", "Tuesday").replace("talks", "strike"), "utf-8")
    _ingest(folder, first, later)
    with Library.open(folder) as lib:
        assert lib.article_count() == 2
        assert len(c.stored_rules(lib)) == 2
        names = library_names(lib)
        assert "Greta Vollmer" in names and person not in names
        assert not any("Rotterdam" in n for n in names)
        for (aid,) in lib.execute("SELECT id FROM articles").fetchall():
            shown = article_names(lib, aid)
            assert "Greta Vollmer" in shown
            assert not any("Rotterdam" in n for n in shown)


# --- the command line -------------------------------------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_corrections_and_entities_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "lib"
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    lib_opt = ["--library", str(folder)]
    assert run_cli(["ingest", str(doc), *lib_opt], capsys)[0] == 0
    person = _stored_name(folder, "Vollmer")
    code, out, _ = run_cli(["entities", "rename", person, "Greta Vollmer", *lib_opt], capsys)
    assert code == 0 and "rename" in out
    code, out, _ = run_cli(["entities", "retype", "Greta Vollmer", "ORG", *lib_opt], capsys)
    assert code == 0
    code, out, _ = run_cli(["entities", str(doc), "--json", *lib_opt], capsys)
    found = [e for line in out.splitlines() for e in json.loads(line)["entities"]]
    assert {(e["canonical"], e["type"]) for e in found if "Vollmer" in e["text"]} == {
        ("Greta Vollmer", "ORG")
    }
    # --raw stays the tagger's alone
    code, out, _ = run_cli(["entities", str(doc), "--json", "--raw", *lib_opt], capsys)
    raw = [e for line in out.splitlines() for e in json.loads(line)["entities"]]
    assert all(e["canonical"] != "Greta Vollmer" for e in raw)
    code, out, _ = run_cli(["entities", "rules", "list", *lib_opt], capsys)
    assert "rename" in out and "retype" in out
    code, out, _ = run_cli(["entities", "undo", *lib_opt], capsys)
    assert code == 0 and "retype" in out
    code, _, err = run_cli(["entities", "retype", "X", "THING", *lib_opt], capsys)
    assert code == 2 and "type must be" in err and len(err.strip().splitlines()) >= 1


def test_cli_merge_needs_two_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["entities", "merge", "A", "--library", str(tmp_path / "l")], capsys)
    assert code == 2 and "two or more names" in err


def test_rules_export_import_round_trip(
    tmp_path: Path, folder: Path, ids: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(folder) as lib:
        correct(lib, "merge", ["Solomon Isles", "Solomon Islands"], "Solomon Islands", "PLACE")
        correct(lib, "retype", ["Pro Asyl"], "ORG")
        correct(lib, "reject", ["Honiara"], article=ids[1])
        correct(lib, "rename", ["Safdar Sial"], "Safdar “S.” Sial")
        want = [r.to_dict() for r in c.stored_rules(lib)]
    out_file = tmp_path / "rules.yaml"
    assert run_cli(["entities", "rules", "export", str(out_file), "--library", str(folder)],
                   capsys)[0] == 0  # fmt: skip
    other = tmp_path / "other"
    write(other)
    code, out, _ = run_cli(
        ["entities", "rules", "import", str(out_file), "--library", str(other)], capsys
    )
    assert code == 0 and "4 rules added" in out
    with Library.open(other) as lib:
        assert [r.to_dict() for r in c.stored_rules(lib)] == want
        assert library_names(lib)["Pro Asyl"] == "ORG"
    # importing again adds nothing
    code, out, _ = run_cli(
        ["entities", "rules", "import", str(out_file), "--library", str(other)], capsys
    )
    assert "0 rules added" in out


HOSTILE = [
    ("!!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
    (
        "rules: [{action: merge, names: [A, B], value: !!python/name:os.system }]\n",
        "not valid YAML",
    ),
    ("- just a list\n", "not a rules file"),
    ("rules: [{action: explode, names: [A]}]\n", "unknown correction"),
    ('rules: [{action: reject, names: ["\\e[2J\\e]52;c;aGk=\\a"]}]\n', "empty"),
    ("rules: [{action: reject, names: [A], shell: 'rm -rf /'}]\n", "unknown fields"),
    ("rules: [{action: retype, names: [A], value: GOD}]\n", "type must be"),
    ("rules: [{action: reject, names: ['" + "x" * 300 + "']}]\n", "longer than"),
    ("a: &a [*a, *a]\nrules: []\n", ""),
    ("rules: " + "[" * 5000 + "]" * 5000 + "\n", ""),
]


@pytest.mark.parametrize(("text", "reason"), HOSTILE)
def test_hostile_rules_files_refused_in_one_line(
    tmp_path: Path, text: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    folder = tmp_path / "lib"
    code, out, err = run_cli(
        ["entities", "rules", "import", str(path), "--library", str(folder)], capsys
    )
    if code == 0:  # a harmless file may import nothing
        assert "0 rules added" in out
        return
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "\x1b" not in err
    with Library.open(folder) as lib:
        assert c.stored_rules(lib) == []


def test_rules_file_names_sanitised(tmp_path: Path, folder: Path, ids: list[str]) -> None:
    rules = c.parse_yaml(
        'rules:\n  - action: rename\n    names: ["Pro\\e[31m Asyl"]\n'
        '    value: "[bold]Pro\\u202e Asyl\\x9b2J"\n',
        "r.yaml",
    )
    assert rules[0].names == ("Pro Asyl",)
    assert "\x1b" not in (rules[0].value or "") and "\u202e" not in (rules[0].value or "")
    with Library.open(folder) as lib:
        c.import_rules(lib, rules)
        assert any(n.startswith("[bold]Pro") for n in library_names(lib))


# --- search and the brief ------------------------------------------------------------------------


def test_entity_search_follows_corrections(lib: Library, ids: list[str]) -> None:
    from tui.search import Index

    index = Index.load(lib)
    assert {h.article_id for h in index.search("@Sial")} == {ids[0]}
    correct(lib, "rename", ["Safdar Sial"], "Zafar Sial")
    correct(lib, "merge", ["Solomon Isles", "Solomon Islands"], "Solomon Islands", "PLACE")
    assert {h.article_id for h in index.search('@"Zafar Sial"')} == {ids[0]}
    assert {h.article_id for h in index.search('@"Solomon Islands"')} == set(ids)
    correct(lib, "reject", ["Honiara"])
    assert index.search("@Honiara") == []


def test_brief_actors_and_speakers_follow_corrections(lib: Library, ids: list[str]) -> None:
    from tui.brief import analyses_from_library, compile_brief
    from tui.brief.compose import SelectedPassage

    correct(lib, "rename", ["Safdar Sial"], "Zafar Sial")
    correct(lib, "retype", ["Pro Asyl"], "ORG")
    correct(lib, "reject", ["Honiara"])
    arts = [lib.article(i) for i in ids]
    passages = [SelectedPassage(a, p) for a in arts if a for p in range(len(a.paragraphs))]
    brief = compile_brief(
        passages, title="t", analyses=analyses_from_library(lib, [a for a in arts if a])
    )
    actors = {a.name: a.type for a in brief.actors}
    assert actors.get("Zafar Sial") == "PERSON" and "Safdar Sial" not in actors
    assert actors.get("Pro Asyl") == "ORG"
    assert "Honiara" not in actors
    assert {q.speaker for q in brief.quotes} == {"Zafar Sial"}
