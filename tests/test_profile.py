"""An entity's profile (tui.entities.profile) on a small library the tests write."""

from __future__ import annotations

from pathlib import Path

from tests.test_corrections import correct, write
from tui.entities import store
from tui.entities.profile import build
from tui.library import Library


def _profile(lib: Library, name: str):
    for entity, members in store.library_entity_members(lib):
        if entity.canonical == name:
            return build(lib, entity.canonical, entity.type, members)
    raise AssertionError(f"no entity {name}")


def test_profile_names_roles_quotes_companions_days_articles(tmp_path: Path) -> None:
    ids = write(tmp_path / "lib")
    with Library.open(tmp_path / "lib") as lib:
        lib.execute("UPDATE articles SET published = '2025-08-10' WHERE id = ?", (ids[0],))
        lib.execute("UPDATE articles SET published = '2025-08-14' WHERE id = ?", (ids[1],))
        p = _profile(lib, "Safdar Sial")
        assert p.type == "PERSON" and p.mentions == 2
        assert dict(p.aliases) == {"Safdar Sial": 1, "Sial": 1}
        assert [(r.text, r.source.article_id) for r in p.roles] == [
            ("expert at the institute", ids[0])
        ]
        assert [(q.text, q.source.paragraph) for q in p.quotes] == [("calm", 1)]
        assert {c.name for c in p.companions} == {"Pro Asyl", "Honiara", "Solomon Islands"}
        assert (p.first_day, p.last_day) == ("2025-08-10", "2025-08-14")
        assert p.per_day == [2, 0, 0, 0, 0]
        # Honiara and Pro Asyl are in both articles: newest first, most shared first
        h = _profile(lib, "Honiara")
        assert [a.source.article_id for a in h.articles] == [ids[1], ids[0]]
        assert h.per_day == [1, 0, 0, 0, 1]
        # corrections hold in the profile too
        correct(lib, "split", ["Safdar Sial"])
        assert _profile(lib, "Sial").mentions == 1
        assert _profile(lib, "Safdar Sial").quotes[0].text == "calm"
        correct(lib, "reject", ["Honiara"])
        assert "Honiara" not in {c.name for c in _profile(lib, "Pro Asyl").companions}
