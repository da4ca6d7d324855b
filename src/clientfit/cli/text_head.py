"""`clientfit text train-head`: a tone head for the embeddings analyzer, from your own mail."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from clientfit.cli import console
from clientfit.cli.lazy import lazy_module
from clientfit.cli.text import text_app
from clientfit.errors import InputError

analysis = lazy_module("clientfit.text.analysis")

Labelled = tuple[list[tuple[str, str, str | None, str | None]], list[str]]


def read_labelled(path: Path) -> Labelled:
    """(subject, body, lang, direction) items and their tones from a JSON Lines file."""
    items: list[tuple[str, str, str | None, str | None]] = []
    tones: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, None, f"cannot read the file ({exc})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), number, None, f"not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(str(path), number, None, "each line must be a JSON object")
        for name in ("body", "tone"):
            if not isinstance(row.get(name), str):
                raise InputError(str(path), number, name, "missing (a string is required)")
        if row["tone"] not in analysis.TONES:
            raise InputError(str(path), number, "tone",
                             f"{row['tone']!r} is not a tone; valid: {', '.join(analysis.TONES)}")
        items.append((str(row.get("subject") or ""), row["body"], row.get("lang"),
                      row.get("direction")))
        tones.append(row["tone"])
    if not items:
        raise InputError(str(path), None, None, "no labelled messages")
    return items, tones


@text_app.command("train-head")
def train_head_command(
    labelled: str = typer.Argument(..., help="JSON Lines: body, tone (negative, neutral or "
                                    "positive), optional subject, lang, direction."),
    out: str = typer.Option(..., "--out", help="Where to write the head (JSON)."),
    c: float | None = typer.Option(None, "--c", min=1e-6, help="Inverse penalty of the "
                                   "logistic head; chosen by 5-fold cross-validation if omitted."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Embeddings only: leave out the "
                                  "rules' features (tone score, labels, counts)."),
) -> None:
    """Train a tone head for the embeddings analyzer on labelled messages.

    Use it with `--analyzer embeddings:HEAD.json`, or `analyzer = "embeddings:HEAD.json"` in the
    communication section of the policy file. Needs the `embeddings` extra.
    """
    items, tones = read_labelled(Path(labelled))
    try:
        from clientfit.text.embeddings import HeadError, train_head
    except ImportError as exc:  # pragma: no cover - the extra is installed where tests run
        raise InputError("--analyzer", None, None, str(exc)) from None
    try:
        head = train_head(items, tones, rules=not no_rules, c=c)
    except (HeadError, ImportError) as exc:
        raise InputError(labelled, None, None, str(exc)) from None
    head.save(out)
    cv = head.info.get("cv_accuracy") or {}
    chosen = f"C={head.info['C']:g}" + (f", cross-validated accuracy {cv[str(head.info['C'])]:.3f}"
                                        if cv else "")
    per_tone = ", ".join(f"{t} {n}" for t, n in head.info["per_tone"].items())
    console.print(f"wrote {out}: {len(tones)} messages ({per_tone}); {chosen}. "
                  f"Use it: --analyzer embeddings:{out}", highlight=False, markup=False)
