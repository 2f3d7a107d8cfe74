#!/usr/bin/env python3
"""Train the entity tagger from the CoNLL-2003 training split and write the model.

    .venv/bin/python scripts/train_entities.py [--data ../shared/eval/conll2003/train]
        [--out tui/entities/data/model.json.gz]

Reads `docs/*.txt` and `gold.jsonl`, turns gold spans into BIO tags on the
tagger's own tokens, fits a linear-chain CRF (python-crfsuite, L-BFGS with
elastic-net regularisation) on the features in `tui.entities.features`, and
stores the non-zero weights, the transitions and the lower-case vocabulary in
one gzipped JSON file. Deterministic: the same data gives the same model.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.entities import features as F  # noqa: E402

TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def load(data: Path) -> list[tuple[str, list[dict]]]:
    docs = []
    for line in (data / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = (data / "docs" / rec["doc"]).read_text(encoding="utf-8")
        docs.append((text, rec["entities"]))
    return docs


def lowercase_vocab(docs: list[tuple[str, list[dict]]], min_count: int = 2) -> list[str]:
    """Words written in lower case at least `min_count` times in the text."""
    counts: Counter[str] = Counter()
    for text, _ in docs:
        for m in F.TOKEN_RE.finditer(text):
            w = m.group()
            if w[:1].islower() and w.isalpha():
                counts[w] += 1
    return sorted(w for w, c in counts.items() if c >= min_count)


def labelled(text: str, ents: list[dict]) -> list[tuple[F.Sentence, list[str]]]:
    sents = F.split(text)
    tag_at: dict[int, str] = {}
    inside: dict[int, str] = {}
    for e in ents:
        t = TYPES[e["type"]]
        tag_at[e["start"]] = t
        for pos in range(e["start"] + 1, e["end"]):
            inside[pos] = t
    out = []
    for s in sents:
        tags = []
        for st in s.starts:
            if st in tag_at:
                tags.append("B-" + tag_at[st])
            elif st in inside:
                tags.append("I-" + inside[st])
            else:
                tags.append("O")
        # an I- that starts a sentence (entity cut by a sentence split) becomes B-
        if tags and tags[0].startswith("I-"):
            tags[0] = "B-" + tags[0][2:]
        out.append((s, tags))
    return out


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=here.parent / "shared/eval/conll2003/train")
    ap.add_argument("--out", type=Path, default=here / "tui/entities/data/model.json.gz")
    ap.add_argument("--c1", type=float, default=0.02)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--bigrams", action="store_true", help="add word-pair features")
    args = ap.parse_args()

    import pycrfsuite

    t0 = time.time()
    docs = load(args.data)
    lower = lowercase_vocab(docs)
    feats = F.Features(lower, args.bigrams)
    trainer = pycrfsuite.Trainer(verbose=False)
    cache: dict[object, list[str]] = {}
    n_tok = 0
    for text, ents in docs:
        sents = labelled(text, ents)
        ev = F.doc_evidence(text, [s for s, _ in sents])
        for s, tags in sents:
            trainer.append(F.sentence_attributes(feats, s, ev, cache), tags)
            n_tok += len(tags)
    print(f"{len(docs)} docs, {n_tok} tokens, features in {time.time() - t0:.1f}s", file=sys.stderr)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.crfsuite")
        trainer.train(path)
        print(f"trained in {time.time() - t0:.1f}s", file=sys.stderr)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        labels = sorted(info.labels, key=lambda x: (x != "O", x))
        index = {lab: i for i, lab in enumerate(labels)}
        trans = [[0.0] * len(labels) for _ in labels]
        for (a, b), w in info.transitions.items():
            trans[index[a]][index[b]] = round(w, 4)
        state: dict[str, list[list[float]]] = {}
        for (attr, lab), w in sorted(info.state_features.items()):
            w = round(w, 4)
            if w:
                state.setdefault(attr, []).append([index[lab], w])
        tagger.close()
    model = {
        "version": 1,
        "labels": labels,
        "transitions": trans,
        "features": state,
        "lowercase": lower,
        "bigrams": args.bigrams,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(model, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with (
        open(args.out, "wb") as fh,
        gzip.GzipFile(filename="", fileobj=fh, mode="wb", mtime=0) as gz,
    ):
        gz.write(raw)
    size = args.out.stat().st_size
    print(f"{len(state)} attributes, {size / 1e6:.1f} MB -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
