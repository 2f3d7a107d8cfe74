"""A stand-in user for the crash tests: changes selections and writes briefs in a loop
through the same core calls the app uses, printing a line before each change
(`try ...`) and after it is committed (`ack ...`), so a test can kill it with
SIGKILL at any moment and check that every acknowledged change survived.

    python -m tests.crash_driver LIBRARY BRIEFS SEED [OPS]

Lines (tab-separated): `ready`, `try|ack toggle NAME AID PARA`,
`try|ack note NAME AID PARA TEXT`, `try|ack move NAME AID PARA DELTA`,
`try|ack title NAME TEXT`, `try|ack brief PATH SHA256`, `err KIND MESSAGE`, `done`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

SELECTIONS = ("default", "second")
CREATED = dt.date(2025, 1, 2)


def say(*parts: object) -> None:
    sys.stdout.write("\t".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    from tui.brief import compile_brief, render, write_brief
    from tui.brief.inputs import passages_from_selection
    from tui.errors import BriefError
    from tui.library import Library
    from tui.model import Analysis
    from tui.selection import SelectionStore

    folder, briefs, seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    ops = int(argv[3]) if len(argv) > 3 else 10**9
    rng = random.Random(seed)
    lib = Library.open(folder)
    if lib.notice:
        say("err", "open", lib.notice)
    passages = [(a, i) for a, i, _ in lib.passages()]
    stores = {name: SelectionStore(lib, name) for name in SELECTIONS}
    say("ready")
    for _ in range(ops):
        name = rng.choice(SELECTIONS)
        store = stores[name]
        kind = rng.choices(["toggle", "note", "move", "title", "brief"], [8, 2, 2, 1, 3])[0]
        items = store.items()
        if kind in ("note", "move") and not items:
            kind = "toggle"
        if kind == "toggle":
            aid, para = rng.choice(passages)
            say("try", "toggle", name, aid, para)
            store.toggle(aid, para)
            say("ack", "toggle", name, aid, para)
        elif kind == "note":
            item = rng.choice(items)
            text = f"note {rng.randrange(10**6)}"
            say("try", "note", name, item.article_id, item.paragraph, text)
            store.set_note(item.article_id, item.paragraph, text)
            say("ack", "note", name, item.article_id, item.paragraph, text)
        elif kind == "move":
            item = rng.choice(items)
            delta = rng.choice([-2, -1, 1, 3])
            say("try", "move", name, item.article_id, item.paragraph, delta)
            store.move(item.article_id, item.paragraph, delta)
            say("ack", "move", name, item.article_id, item.paragraph, delta)
        elif kind == "title":
            text = f"Title {rng.randrange(1000)}"
            say("try", "title", name, text)
            store.set_title(text)
            say("ack", "title", name, text)
        else:
            found, _ = passages_from_selection(lib, items)
            if not found:
                continue
            brief = compile_brief(
                found,
                title=f"Crash brief {rng.randrange(3)}",
                created=CREATED,
                analyses={p.article.id: Analysis(p.article.id) for p in found},
            )
            fmt = rng.choice(["yaml", "md"])
            sha = hashlib.sha256(render(brief, fmt).encode("utf-8")).hexdigest()
            path = write_brief_path(brief.title, fmt, briefs)
            say("try", "brief", path, sha)
            try:
                written = write_brief(brief, fmt, lib=lib, folder=briefs)
            except BriefError as exc:
                say("err", "brief", " ".join(str(exc).split()))
                continue
            say("ack", "brief", written, sha)
    lib.close()
    say("done")
    return 0


def write_brief_path(title: str, fmt: str, briefs: Path) -> Path:
    from tui.brief import target_path

    return target_path(title, fmt, briefs).parent.resolve() / target_path(title, fmt, briefs).name


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
