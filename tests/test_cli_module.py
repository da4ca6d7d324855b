"""`python -m clientfit` is the same command line as the `clientfit` script."""

from __future__ import annotations

import subprocess
import sys


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "clientfit", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "assess" in done.stdout and "import" in done.stdout
