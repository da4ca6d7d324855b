"""Core commands: demo, import bundle, assess, explain, quickstart."""

from __future__ import annotations

import typer

from clientfit import __version__
from clientfit.cli import app, console


@app.command()
def version() -> None:
    """Print clientfit's version."""
    console.print(__version__)
