"""The decision policy: thresholds from a TOML file, validated against the shipped defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from clientfit.errors import PolicyError

DEFAULT_POLICY = "default_policy.toml"


@dataclass(frozen=True)
class Policy:
    """Nested settings: `policy.get("release", "min_days_late")`."""

    settings: dict[str, Any]
    source: str

    @property
    def version(self) -> str:
        return str(self.settings["version"])

    def get(self, section: str, name: str) -> Any:
        return self.settings[section][name]


def default_policy_text() -> str:
    return resources.files("clientfit.assessment").joinpath(DEFAULT_POLICY).read_text("utf-8")


def load_policy(path: str | Path | None = None) -> Policy:
    """The shipped defaults, overlaid with the user's file if given. Unknown names fail."""
    defaults = tomllib.loads(default_policy_text())
    if path is None:
        return Policy(defaults, "default")
    path = Path(path)
    try:
        user = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{path}: policy file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML: {exc}") from None
    return Policy(_merge(defaults, user, str(path)), str(path))


def _merge(defaults: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value
              for key, value in defaults.items()}
    for key, value in user.items():
        if key not in defaults:
            raise PolicyError(
                f"{where}: unknown setting {key!r}; valid: {', '.join(sorted(defaults))}"
            )
        if isinstance(defaults[key], dict):
            if not isinstance(value, dict):
                raise PolicyError(f"{where}: [{key}] must be a table of settings")
            for name, setting in value.items():
                if name not in defaults[key]:
                    valid = ", ".join(sorted(defaults[key]))
                    raise PolicyError(
                        f"{where}: unknown setting {key}.{name}; valid in [{key}]: {valid}"
                    )
                default = defaults[key][name]
                if isinstance(default, str):
                    if not isinstance(setting, str):
                        raise PolicyError(f"{where}: {key}.{name} must be a string")
                elif isinstance(setting, bool) or not isinstance(setting, int | float):
                    raise PolicyError(f"{where}: {key}.{name} must be a number")
                merged[key][name] = setting
        else:
            merged[key] = value
    return merged
