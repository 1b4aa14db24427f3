"""The template is backend-neutral: the freeze, the gradient penalty and spectral norm hold under Keras's JAX backend too.

The suite runs on TensorFlow; this test runs the template's freeze and penalty tests again in a
process whose Keras backend is JAX (the accelerator machines this project is checked on have JAX
and no TensorFlow).
"""

import os
import re
import subprocess
import sys

from conftest import ROOT

CHECKS = "each_phase_moves or gradient_norms or spectral or train_step_reports"


def test_the_freeze_and_the_gradient_penalty_hold_on_the_jax_backend():
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "tests/test_template.py", "-k", CHECKS]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:]
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed.group(1)) >= 20 and "failed" not in result.stdout, result.stdout[-2000:]
    assert (
        "jax"
        in subprocess.run(
            [sys.executable, "-c", "import keras; print(keras.backend.backend())"], env=env, capture_output=True, text=True, timeout=300
        ).stdout
    )
