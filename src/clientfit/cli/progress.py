"""A progress bar per stage of `assess` on stderr (rich), quiet when stderr is not a terminal
or with `--quiet`. The stages report through `clientfit.stages.Progress`; only this module
knows about the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from clientfit.cli import err_console
from clientfit.stages import Progress, no_progress


@contextmanager
def stage_bars(quiet: bool = False) -> Iterator[Progress]:
    """A `Progress` callback drawing one bar per stage, or one that reports nothing."""
    if quiet or not err_console.is_terminal:
        yield no_progress
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import (
        Progress as Bars,
    )

    bars = Bars(TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=err_console)
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield report
