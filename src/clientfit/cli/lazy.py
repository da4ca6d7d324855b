"""Heavy modules (pandas, SciPy, SQLAlchemy, the models) load when a command runs, not when the
CLI starts: `clientfit --help` and `clientfit version` import only Typer and Rich (issue 16)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import click
from typer.core import TyperGroup


class LazyModule(ModuleType):
    """Stands for a module; the first attribute read imports it (then reads go through)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__dict__["_target"] = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self.__dict__["_target"]), attribute)


def lazy_module(name: str) -> Any:
    return LazyModule(name)


def lazy_function(module: str, name: str) -> Callable[..., Any]:
    """A function of `module` that imports the module on its first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


class LazyImportGroup(TyperGroup):
    """`clientfit import`: `bundle` and `auto` are registered as usual; the per-format commands
    (cli/importing.format_commands) join when the group lists or looks up its commands."""

    _formats_loaded = False

    def _load_formats(self) -> None:
        if self._formats_loaded:
            return
        self._formats_loaded = True
        from typer.main import get_group

        from clientfit.cli.importing import format_commands

        for name, command in get_group(format_commands()).commands.items():
            self.commands.setdefault(name, command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_formats()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None:
            self._load_formats()
            found = super().get_command(ctx, cmd_name)
        return found
