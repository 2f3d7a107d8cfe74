"""The entity stage: types, alias linking, roles, quotes, figures, storage, the
command, the real sample page and the CoNLL dev score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui import entities
from tui.entities import store
from tui.entities.figures import find_figures
from tui.entities.linking import link
from tui.library import Library
from tui.model import Article

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "conll2003" / "dev"


def _article(*paragraphs: str, title: str = "A test article") -> Article:
    return Article.create(title=title, paragraphs=list(paragraphs), source_path="test.txt")


def _by_canonical(article: Article) -> dict[str, object]:
    return {e.canonical: e for e in entities.analyse(article).entities}


# --- types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "type_"),
    [
        ("Officials said Angela Merkel met the president on Tuesday.", "Angela Merkel", "PERSON"),
        ("The World Bank approved the loan on Friday.", "World Bank", "ORG"),
        ("Floods hit Nairobi and Mombasa this week, police said.", "Nairobi", "PLACE"),
        ("He flew to New Zealand last month.", "New Zealand", "PLACE"),
        ("The talks were hosted by the United Nations in Geneva.", "United Nations", "ORG"),
        ("Fighters of the Taliban took the town.", "Taliban", "ORG"),
    ],
)
def test_types(text: str, name: str, type_: str) -> None:
    found = {(m.text, m.type) for m in entities.analyse_text(text)}
    assert (name, type_) in found


def test_offsets_index_the_raw_text() -> None:
    text = "BRUSSELS 1996-08-22\nThe European Commission said Franz Fischler will visit Bonn."
    for m in entities.analyse_text(text):
        assert text[m.start : m.end] == m.text
    assert {"European Commission", "Franz Fischler", "Bonn"} <= {
        m.text for m in entities.analyse_text(text)
    }


@pytest.mark.parametrize("word", ["However", "Recently", "Since", "These", "Some", "Half"])
def test_sentence_openers_are_not_names(word: str) -> None:
    text = f"{word} the government in Berlin said prices rose again."
    assert word not in {m.text for m in entities.analyse_text(text)}


def test_possessive_is_not_part_of_the_name() -> None:
    ms = entities.analyse_text("Pakistan's army said the Taliban's leaders met in Kabul.")
    assert {"Pakistan", "Taliban", "Kabul"} <= {m.text for m in ms}


# --- alias linking -----------------------------------------------------------------


def test_stated_acronym_links_to_its_expansion() -> None:
    art = _article(
        "Data from the Centre for Coastal Research (CCR), a think tank, show a rise.",
        "The CCR said the trend would continue, according to analysts in Lisbon.",
    )
    ms = entities.analyse(art).mentions
    assert {m.canonical for m in ms if m.text == "CCR"} == {"Centre for Coastal Research"}


def test_acronym_by_initials_without_parentheses() -> None:
    target, _ = link(
        [("Northern Farmers Union", "ORG"), ("NFU", "ORG")],
    )
    assert target["NFU"] == "Northern Farmers Union"


def test_surname_links_to_full_name() -> None:
    art = _article(
        "Officials said Marta Kowalczyk, an analyst at a bank in Warsaw, expects growth.",
        '"Prices will fall," Kowalczyk said.',
    )
    ms = entities.analyse(art).mentions
    assert {m.canonical for m in ms if m.text == "Kowalczyk"} == {"Marta Kowalczyk"}


def test_title_and_name() -> None:
    art = _article(
        "German Interior Minister Alexander Dobrindt said on Monday the plan would go ahead.",
        "Dobrindt added that talks with Pakistan would continue.",
    )
    ents = _by_canonical(art)
    assert "Alexander Dobrindt" in ents
    assert "Dobrindt" in ents["Alexander Dobrindt"].aliases  # type: ignore[attr-defined]
    assert ents["Alexander Dobrindt"].role == "German Interior Minister"  # type: ignore[attr-defined]


def test_spelling_variants_of_the_united_states() -> None:
    art = _article(
        "The United States said it would send aid to the region next week.",
        "U.S. officials said the US plan was ready.",
    )
    ents = _by_canonical(art)
    assert "United States" in ents
    us = ents["United States"]
    assert {"U.S.", "US"} <= us.aliases  # type: ignore[attr-defined]


def test_near_identical_spelling_links() -> None:
    target, _ = link([("Taliban", "ORG"), ("Taliban", "ORG"), ("Taiban", "PLACE")])
    assert target["Taiban"] == "Taliban"


def test_organisation_head_word_links() -> None:
    target, _ = link([("Pacific Islands Forum", "ORG"), ("Forum", "ORG")])
    assert target["Forum"] == "Pacific Islands Forum"


def test_ambiguous_surname_goes_to_the_nearest_full_name() -> None:
    target, _ = link(
        [("John Carter", "PERSON"), ("Mary Carter", "PERSON"), ("Carter", "PERSON")],
    )
    assert target["Carter"] == "Mary Carter"


# --- roles, quotes, figures -----------------------------------------------------------


def test_appositive_role() -> None:
    art = _article(
        '"The threat is growing," said Safdar Sial, an expert at the Islamabad-based '
        "Pak Institute for Peace Studies (PIPS), a think tank."
    )
    ents = _by_canonical(art)
    role = ents["Safdar Sial"].role  # type: ignore[attr-defined]
    assert role and role.startswith("expert at the Islamabad-based Pak Institute for Peace Studies")


def test_title_role_analyst() -> None:
    art = _article("Analyst Tahir Khan said the talks had stalled, officials in Islamabad said.")
    assert _by_canonical(art)["Tahir Khan"].role == "Analyst"  # type: ignore[attr-defined]


def test_quotes_with_speakers() -> None:
    art = _article(
        "Officials said Safdar Sial, an expert at a think tank in Islamabad, was consulted.",
        '"The groups have seized upon the shifting regional dynamics," Sial told DW.',
        'Analyst Tahir Khan was blunt. "The talks will not resume before the winter," Khan said.',
        '"There is no easy way out of this for the government," he said.',
        'Sial said: "Attacks have doubled in the border districts this year."',
    )
    quotes = entities.analyse(art).quotes
    got = [(q.speaker, q.paragraph) for q in quotes]
    assert ("Safdar Sial", 1) in got
    assert ("Tahir Khan", 2) in got
    assert ("Tahir Khan", 3) in got  # `he said`: the last person named
    assert ("Safdar Sial", 4) in got


def test_quote_spanning_paragraphs() -> None:
    art = _article(
        "Officials in Kabul said Hazrat Ali, a researcher, had studied the region for years.",
        '"The first part of the quotation runs on over this whole paragraph without closing.',
        '"And it ends here, in the next one, with the speaker named," said Hazrat Ali.',
    )
    quotes = entities.analyse(art).quotes
    assert {(q.speaker, q.paragraph) for q in quotes} >= {("Hazrat Ali", 1), ("Hazrat Ali", 2)}


def test_scare_quotes_are_not_quotes() -> None:
    art = _article('Officials in Lima called it "a mistake", Reuters said.')
    assert entities.analyse(art).quotes == []


def test_figures() -> None:
    figs = find_figures(
        [
            "Fatalities dropped from 2,451 across 1,717 attacks in 2013 to 220 in 2020.",
            "The ministry has spent €551 million so far.",
            "The country expelled over 1 million Afghan refugees.",
            "On August 14, 2025 the talks began at 10:30.",
        ]
    )
    values = [f.value for f in figs]
    assert "2,451 fatalities" in values  # what it counts, stated before the number
    assert "1,717 attacks" in values
    assert "€551 million" in values
    assert "over 1 million Afghan refugees" in values
    assert not any(v in ("2013", "2020", "2025", "14", "10:30") for v in values)
    assert all("2013" in f.context for f in figs if f.paragraph == 0)
    # the context is the sentence that holds the figure
    assert all(f.value.split()[0] in f.context for f in figs)


# --- storage --------------------------------------------------------------------------


def _store_articles(tmp_path: Path, arts: list[Article]) -> Library:
    lib = Library.open(tmp_path / "lib")
    with lib.transaction():
        lib.replace_file_articles("x.txt", arts)
        for a in arts:
            store.save(lib, entities.analyse(a))
    return lib


def test_store_round_trip(tmp_path: Path) -> None:
    art = _article(
        "German Interior Minister Alexander Dobrindt visited Islamabad on Monday.",
        '"We will keep our promises to the people who helped us," Dobrindt said.',
        "Germany has pledged €551 million in aid.",
    )
    lib = _store_articles(tmp_path, [art])
    fresh = entities.analyse(art)
    loaded = store.load(lib, art.id)
    assert sorted(loaded.mentions, key=lambda m: (m.paragraph, m.start)) == sorted(
        fresh.mentions, key=lambda m: (m.paragraph, m.start)
    )
    assert {e.canonical for e in loaded.entities} == {e.canonical for e in fresh.entities}
    assert loaded.quotes == fresh.quotes
    assert loaded.figures == fresh.figures


def test_library_merges_variants_but_not_people_by_surname(tmp_path: Path) -> None:
    a = _article("The United States and Pakistan held talks, said John Carter, a diplomat.")
    b = _article("U.S. officials met Mary Carter, a lawyer, in Karachi on Friday.", title="B")
    c = _article("Carter said the meeting in Lahore went well, officials said.", title="C")
    lib = _store_articles(tmp_path, [a, b, c])
    ents = {e.canonical: e for e in store.library_entities(lib)}
    assert "United States" in ents and ents["United States"].count >= 2
    assert "U.S." not in ents
    assert "John Carter" in ents and "Mary Carter" in ents
    assert "Carter" not in ents["John Carter"].aliases
    assert "Carter" not in ents["Mary Carter"].aliases
    assert sorted(store.articles_mentioning(lib, "United States")) == sorted([a.id, b.id])


def test_library_merges_stated_acronym(tmp_path: Path) -> None:
    a = _article("A report by the Centre for Coastal Research (CCR) in Lisbon was published.")
    b = _article("The CCR said on Monday that sea levels in Lisbon rose again.", title="B")
    lib = _store_articles(tmp_path, [a, b])
    ents = {e.canonical: e for e in store.library_entities(lib)}
    assert "Centre for Coastal Research" in ents
    assert "CCR" in ents["Centre for Coastal Research"].aliases
    assert "CCR" not in ents


# --- the command ----------------------------------------------------------------------


def _brief(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def test_command_raw_offsets(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    text = "LONDON 1996-08-30\nAlan Shearer was named England captain by Glenn Hoddle.\n"
    doc.write_text(text, encoding="utf-8")
    out = _brief("entities", "--raw", "--json", str(doc))
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout.splitlines()[0])
    assert rec["path"] == str(doc)
    assert rec["entities"]
    for e in rec["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["type"] in ("PERSON", "ORG", "PLACE")
        assert e["canonical"]


def test_command_articles_mode_has_paragraphs(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Talks in Kabul\n\nOfficials from Pakistan met in Kabul.\n\nSafdar Sial said the talks failed.\n",
        encoding="utf-8",
    )
    out = _brief("entities", "--json", str(doc))
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout.splitlines()[0])
    assert rec["path"] == str(doc)
    assert all("paragraph" in e for e in rec["entities"])
    assert {e["text"] for e in rec["entities"]} >= {"Pakistan", "Kabul", "Safdar Sial"}


# --- the real sample page --------------------------------------------------------------

EXPECTED = {
    "PERSON": "Safdar Sial|Tahir Khan|Hazrat Ali|Ishaq Dar|Mohsin Naqvi|Alexander Dobrindt|"
    "Schahina Gambir|Clara Bünger|Peter Shanel Agovaka|Winston Peters|Sardar Rahimi|Xi Jinping|"
    "Johann Wadephul|Shukria Barakzai|Hafiz Gul Bahadur",
    "ORG": "Tehreek-e-Taliban Pakistan|ISKP|Pak Institute for Peace Studies|Baloch Liberation Army|"
    "Taliban|DW|UN|UNHCR|USAID|German Agency for International Cooperation|Reuters|DPA|AFP|"
    "Kabul Luftbrücke|RSF|Pro Asyl|World Bank|World Food Programme|Pacific Islands Forum|"
    "al-Qaida|Inalco University|Interior Ministry",
    "PLACE": "Pakistan|Afghanistan|Kabul|Islamabad|Khyber Pakhtunkhwa|Kunar|Nangarhar|Khost|"
    "Germany|Berlin|Russia|China|Iran|Solomon Islands|Honiara|Fiji|Suva|Taiwan|New Zealand|"
    "Nauru|Paris",
}
NOT_ENTITIES = [
    "However",
    "Recently",
    "Segments",
    "Since",
    "Unlike",
    "These",
    "Some",
    "Half",
    "Human",
    "Women",
    "Communist",
    "Hashtags",
    "Comments",
    "Related",
    "Articles",
]
FURNITURE = (
    "To view this video",
    "JavaScript",
    "Hashtags",
    "Try Our AI Features",
    "Daily8",
    "No comments yet",
    "Related Articles",
    "hours ago",
    "08/14/2025",
)


def _sample_entities(sample: Path) -> list[tuple[str, set[str], str]]:
    from tui.ingest import read_paths

    (result,) = list(read_paths([str(sample)]))
    assert result.error is None
    out = []
    for art in result.articles:
        an = entities.analyse(art)
        for e in an.entities:
            out.append((e.canonical, {e.canonical, *e.aliases}, e.type))
        for m in an.mentions:
            assert m.paragraph is not None
            assert art.paragraphs[m.paragraph][m.start : m.end] == m.text
    return out


def test_sample_expected_entities(sample: Path) -> None:
    found = _sample_entities(sample)
    names: dict[str, set[str]] = {}
    for _canonical, all_names, type_ in found:
        for n in all_names:
            names.setdefault(n, set()).add(type_)
    wanted = [(n, t) for t, block in EXPECTED.items() for n in block.split("|")]
    missed = [(n, t) for n, t in wanted if t not in names.get(n, set())]
    recall = 1 - len(missed) / len(wanted)
    assert recall >= 0.9, f"recall {recall:.2f}, missed {missed}"


def test_sample_has_no_non_entities_or_furniture(sample: Path) -> None:
    found = _sample_entities(sample)
    every = {n for _c, names, _t in found for n in names}
    assert not every & set(NOT_ENTITIES)
    for n in every:
        assert not any(f in n for f in FURNITURE), n


# --- accuracy on the CoNLL dev split ------------------------------------------------------


def test_conll_dev_f1() -> None:
    gold_path = DEV / "gold.jsonl"
    if not gold_path.exists():
        pytest.skip("../shared/eval not present")
    types = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
    tp = fp = fn = 0
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = (DEV / "docs" / rec["doc"]).read_text(encoding="utf-8")
        gold = {
            (e["start"], e["end"], types[e["type"]]) for e in rec["entities"] if e["type"] in types
        }
        pred = {(m.start, m.end, m.type) for m in entities.analyse_text(text)}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r / (p + r)
    assert p >= 0.85 and r >= 0.85 and f1 >= 0.87, (p, r, f1)


def test_furniture_words_are_never_entities() -> None:
    art = _article(
        "Hashtags",
        "Officials in Berlin said the talks would resume. Comments",
        "Related Articles",
        "To view this video please enable JavaScript, and consider upgrading to a web browser "
        "that supports HTML5 video",
    )
    names = {e.canonical for e in entities.analyse(art).entities}
    assert "Berlin" in names
    for bad in ("Hashtags", "Comments", "Related Articles", "JavaScript", "HTML5"):
        assert not any(bad in n for n in names), names


def test_lone_words_take_the_sense_of_the_full_name() -> None:
    from tui.entities.extract import Found, _harmonise_lone_words

    found = [
        Found(0, 11, "Pirelli SpA", "ORG"),
        Found(20, 27, "Pirelli", "PERSON"),
        Found(30, 38, "C. Lewis", "PERSON"),
        Found(40, 45, "Lewis", "ORG"),
        Found(50, 62, "Chicago NAPM", "ORG"),
        Found(70, 77, "Chicago", "PLACE"),
    ]
    types = {f.text: f.type for f in _harmonise_lone_words(found)}
    assert types["Pirelli"] == "ORG"
    assert types["Lewis"] == "PERSON"
    assert types["Chicago"] == "PLACE"  # a known place stays a place
