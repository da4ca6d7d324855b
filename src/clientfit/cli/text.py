"""`clientfit text label`: language, tone and labels of messages, with evidence words."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from clientfit.cli import app, console
from clientfit.cli.lazy import lazy_function, lazy_module
from clientfit.errors import InputError

get_analyzer = lazy_function("clientfit.text", "get_analyzer")
read_messages = lazy_function("clientfit.text.inputs", "read_messages")
analysis = lazy_module("clientfit.text.analysis")

text_app = typer.Typer(help="Read English and Polish messages: language, tone, labels.",
                       no_args_is_help=True)
app.add_typer(text_app, name="text")


@text_app.command("label")
def label(
    file: str = typer.Argument("-", help="JSON Lines (id, subject, body, optional lang and "
                               "direction), an .eml file, a folder of .eml files, or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per message."),
    analyzer: str = typer.Option("default", help="Analyzer: default, reader, reader-use or "
                                 "embeddings."),
) -> None:
    """Print each message's id, language, tone, tone score, categories and evidence words.

    `categories` are schema 2 (complaint_service, complaint_person, hostile, threat, demand,
    scope_request, praise, question; apology, curt, defensive in our replies); `labels` keeps
    schema 1 (complaint, threat, demand, praise, apology, question) for older readers."""
    stdin_data = sys.stdin.buffer.read() if file == "-" else None
    messages = read_messages(file, stdin_data)
    try:
        engine = get_analyzer(analyzer)
    except (ValueError, ImportError) as exc:
        raise InputError("--analyzer", None, None, str(exc)) from None
    rows = []
    for m in messages:
        result = engine.analyze(m.subject, m.body, lang=m.lang, direction=m.direction)
        rows.append({
            "id": m.id, "lang": result.lang, "tone": result.tone,
            "tone_score": round(result.tone_score, 3), "schema": analysis.SCHEMA_VERSION,
            "categories": list(result.categories), "labels": list(result.labels),
            "evidence": {k: list(v) for k, v in result.evidence.items()
                         if k in result.categories or k in result.labels},
            "kinds": {k: list(v) for k, v in result.kinds.items()},
        })
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table("id", "lang", "tone", "score", "categories", "evidence")
    for row in rows:
        evidence = "; ".join(f"{k}: {', '.join(v)}" for k, v in row["evidence"].items()
                             if k in row["categories"])
        table.add_row(str(row["id"]), str(row["lang"]), str(row["tone"]),
                      f"{row['tone_score']:+.2f}", ", ".join(row["categories"]), evidence)
    console.print(table)
