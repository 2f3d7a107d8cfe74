#!/usr/bin/env python3
"""Derive the list of well-known company names that the entity rules treat as
organisations, from the stock-index data shipped by the `pytickersymbols`
package (constituents of about twenty indices: S&P 500, NASDAQ 100, DAX,
FTSE 100, CAC 40, Nikkei 225, ...).

    .venv/bin/pip install pytickersymbols
    .venv/bin/python scripts/derive_companies.py [--out tui/entities/data/companies.txt]

Each company is written as its name without the legal suffix (`Adobe Inc.` ->
`Adobe`), and with it where the text writes it so (`Adobe Inc`). Names that are
also common lower-case words in the CoNLL training text (`Target`, `Next`)
or a person's or place's name in its annotation (`Brady`), known places, first
names, and names of fewer than three characters are left
out, since in running text they are more often something else. Sorted, one a
line: the same package version gives the same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.entities import gazetteer  # noqa: E402

SUFFIXES = re.compile(
    r"(?:,?\s+(?:Inc|Corp|Corporation|Co|Company|Ltd|Limited|plc|PLC|Plc|AG|SE|SA|S\.A|NV|N\.V|"
    r"Holdings?|Group|Incorporated|LLC|L\.P|LP|KGaA|ASA|AB|Oyj|SpA|S\.p\.A|GmbH)\.?)+$"
)
_NAME_OK = re.compile(r"^[A-Z0-9][\w&.'+-]*(?: [A-Z0-9&][\w&.'+-]*)*$")


def _lower_words(train: Path) -> set[str]:
    """Words the training text writes in lower case (so `target`, `next`)."""
    words: set[str] = set()
    docs = train / "docs"
    if not docs.is_dir():
        return words
    for f in sorted(docs.glob("*.txt")):
        words.update(w for w in re.findall(r"[a-z]+", f.read_text(encoding="utf-8")))
    return words


def _people_and_places(train: Path) -> set[str]:
    """Words that the training annotation has as (part of) a person or a place name."""
    out: set[str] = set()
    gold = train / "gold.jsonl"
    if not gold.is_file():
        return out
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for e in json.loads(line)["entities"]:
                if e["type"] in ("PER", "LOC"):
                    out.update(e["text"].split())
    return out


def names_from_package() -> set[str]:
    from pytickersymbols import PyTickerSymbols

    out: set[str] = set()
    tickers = PyTickerSymbols()
    # words of the indices' own names (`Nasdaq`, `Dow`) name a market index in news
    index_words = {w.lower() for i in tickers.get_all_indices() for w in re.split(r"[\s_]+", i)}
    for stock in tickers.get_all_stocks():
        name = " ".join(str(stock.get("name") or "").split())
        if not name:
            continue
        base = SUFFIXES.sub("", name).strip(" ,.")
        for n in {name.rstrip("."), base}:
            if n and _NAME_OK.match(n) and n.lower() not in index_words:
                out.add(n)
    return out


def keep(name: str, lower: set[str], named: set[str]) -> bool:
    if len(name) < 3 or gazetteer.is_place(name):
        return False
    words = name.split()
    if len(words) == 1:
        if name.lower() in lower or name in named or gazetteer.lookup(name):
            return False
        if name.isupper() and len(name) < 3:
            return False
    return True


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=here / "tui/entities/data/companies.txt")
    ap.add_argument("--train", type=Path, default=here.parent / "shared/eval/conll2003/train")
    args = ap.parse_args()
    lower = _lower_words(args.train)
    named = _people_and_places(args.train)
    names = sorted(n for n in names_from_package() if keep(n, lower, named))
    args.out.write_text("".join(n + "\n" for n in names), encoding="utf-8")
    print(f"{len(names)} names -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
