"""The `clientfit` command line. Commands parse arguments, call the service, print results."""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console

from clientfit.errors import ClientfitError

app = typer.Typer(
    name="clientfit",
    help="Decide, on evidence, what to do with each client relationship.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # plain help: Typer's rich help loads rich.markdown and markdown-it (+0.2 s on every --help)
    rich_markup_mode=None,
)
# Piped output (CI logs, `| less`) gets a readable width instead of rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 150)
err_console = Console(stderr=True)

# Command modules register themselves on `app` when imported; one line each.
# isort: off
from clientfit.cli import core as _core  # noqa: E402,F401
from clientfit.cli import text as _text  # noqa: E402,F401
from clientfit.cli import text_head as _text_head  # noqa: E402,F401
from clientfit.cli import clv as _clv  # noqa: E402,F401
from clientfit.cli import web as _web  # noqa: E402,F401
from clientfit.cli import cases as _cases  # noqa: E402,F401
from clientfit.cli import importing as _importing  # noqa: E402,F401
from clientfit.cli import engines as _engines  # noqa: E402,F401
# isort: on


def main() -> None:
    if sys.argv[1:] == ["version"]:  # scripts ask this often: skip Typer's option coercion,
        from clientfit import __version__  # which loads pydantic (~0.3 s) on every run

        print(__version__)
        return
    try:
        app()
    except ClientfitError as exc:
        err_console.print(f"error: {exc}", style="bold red", highlight=False, markup=False)
        sys.exit(exc.exit_code)
