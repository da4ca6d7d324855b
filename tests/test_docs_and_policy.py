"""Every metric, policy setting and reason code is documented; policies load and validate."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from clientfit.assessment import load_policy
from clientfit.assessment.policy import default_policy_text
from clientfit.assessment.reasons import REASON_CODES
from clientfit.errors import PolicyError
from clientfit.signals import METRICS

DOCS = Path(__file__).parents[1] / "docs"


def test_every_metric_is_defined_in_metrics_md():
    headings = set(re.findall(r"^### (\w+)$", (DOCS / "metrics.md").read_text(), re.M))
    missing = {m.name for m in METRICS} - headings
    assert not missing, f"metrics without a definition in docs/metrics.md: {missing}"


def test_every_reason_code_is_documented():
    policy_doc = (DOCS / "policy.md").read_text()
    missing = {code for code in REASON_CODES if f"`{code}`" not in policy_doc}
    assert not missing, f"reason codes missing from docs/policy.md: {missing}"


def test_every_policy_setting_is_documented_with_its_default():
    policy_doc = (DOCS / "policy.md").read_text()
    defaults = tomllib.loads(default_policy_text())
    for section, settings in defaults.items():
        if not isinstance(settings, dict):
            continue
        for name, value in settings.items():
            row = re.search(rf"^\| `{section}\.{name}` \| ([^|]+) \|", policy_doc, re.M)
            assert row, f"{section}.{name} is not documented in docs/policy.md"
            documented = tomllib.loads(f"v = {row.group(1).strip()}")["v"]
            assert documented == value, f"{section}.{name}: docs say {documented}, file {value}"


def test_every_default_setting_has_a_comment_in_the_shipped_file():
    for line in default_policy_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            assert "#" in line, f"undocumented policy line: {line!r}"


def test_user_policy_overrides_defaults(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text("[release]\nmin_days_late = 60\n")
    policy = load_policy(path)
    assert policy.get("release", "min_days_late") == 60
    assert policy.get("release", "max_margin_pct") == -0.10
    assert policy.source == str(path)


@pytest.mark.parametrize("text, message", [
    ("[release]\nmin_days_lat = 60\n", "unknown setting release.min_days_lat; valid in"),
    ("[relase]\nmin_days_late = 60\n", "unknown setting 'relase'; valid:"),
    ("[release]\nmin_days_late = 'sixty'\n", "must be a number"),
    ("[release\n", "not valid TOML"),
])
def test_bad_policy_files_fail_clearly(tmp_path, text, message):
    path = tmp_path / "policy.toml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=re.escape(message)):
        load_policy(path)
