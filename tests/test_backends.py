"""The template is backend-neutral: the freeze, the gradient penalty and spectral norm hold under Keras's JAX backend too.

The suite runs on TensorFlow; this test runs the template's freeze and penalty tests again in a
process whose Keras backend is JAX (the accelerator machines this project is checked on have JAX
and no TensorFlow).
"""

import json
import os
import re
import subprocess
import sys

from conftest import ROOT

CHECKS = "each_phase_moves or gradient_norms or spectral or training_mode"  # every recipe's steps: the quick runs below
# Both JAX processes compile every recipe's steps for a few tiny batches: XLA's optimisations cost more than they save
# there (the freeze checks of WGAN-GP, CycleGAN and BigGAN took 77 s with them and 44 s without, on 2 cores).
JAX = {"KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3", "JAX_DISABLE_MOST_OPTIMIZATIONS": "1"}


def test_the_freeze_and_the_gradient_penalty_hold_on_the_jax_backend():
    env = {**os.environ, **JAX}
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


# Every recipe's quick run through the CLI on JAX, in a process that cannot import TensorFlow (as on the
# accelerator machines): the loop, checkpoints, samples and curves; then a GAN's scores and samples.
WITHOUT_TENSORFLOW = """
import importlib.abc
import sys


class NoTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "tensorflow":
            raise ImportError(f"No module named {name!r}")


sys.meta_path.insert(0, NoTensorFlow())
import keras

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main

assert keras.backend.backend() == "jax" and "tensorflow" not in sys.modules
out = sys.argv[1]
for name in registry.names():
    evaluate = [] if name == "dcgan" else ["--no-eval"]
    code = main(["train", name, "--preset", "quick", "--out", f"{out}/{name}", "--verbose", "0", *evaluate])
    print("trained", name, code, flush=True)
print("sampled", main(["sample", f"{out}/dcgan", "--n", "4", "--out", f"{out}/x.npz"]))
print("distributed", main(["train", "dcgan", "--preset", "quick", "--out", f"{out}/mirrored", "--distribute", "mirrored"]))
print("tensorflow imported:", "tensorflow" in sys.modules)
"""


def test_every_recipe_trains_on_jax_without_tensorflow(tmp_path):
    env = {**os.environ, **JAX}
    command = [sys.executable, "-c", WITHOUT_TENSORFLOW, str(tmp_path)]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    from gan_cookbook.common import registry

    assert [f"trained {name} 0" for name in registry.names()] == re.findall(r"trained \w+ \d+", result.stdout)
    assert "sampled 0" in result.stdout and "tensorflow imported: False" in result.stdout
    assert "TensorFlow is not installed: no TensorBoard logs" in result.stderr
    assert "distributed 2" in result.stdout and "uses tf.distribute, which needs the TensorFlow backend" in result.stderr
    assert {"fid", "inception_score"} <= set(json.loads((tmp_path / "dcgan" / "metrics.json").read_text()))
    assert not (tmp_path / "dcgan" / "tensorboard").exists() and (tmp_path / "dcgan" / "checkpoints").is_dir()
