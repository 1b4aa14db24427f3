"""The code base is ruff-clean (lint and format), notebooks included."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def ruff() -> str:
    return shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")


def test_ruff_lint_and_format():
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([ruff(), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
