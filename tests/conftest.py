"""Shared fixtures. Tests find MNIST through $GAN_COOKBOOK_DATA (CI points it at ../shared/data)."""

import os
import subprocess
import sys
from pathlib import Path

import gan_cookbook.common  # noqa: F401  (before keras: it hides TensorFlow's start-up lines)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
if "GAN_COOKBOOK_DATA" not in os.environ and (SHARED / "mnist.npz").is_file():
    os.environ["GAN_COOKBOOK_DATA"] = str(SHARED)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gan_cookbook.common import registry  # noqa: E402
from gan_cookbook.common.data import BatchSampler, load_mnist  # noqa: E402
from gan_cookbook.common.translation import TranslationGAN  # noqa: E402

RECIPES = registry.names()


def random_batches(gan, n: int) -> BatchSampler:
    """A stream of batches of ``n`` random images (with class labels for a recipe that reads them, and
    as (sources, targets) for a translation recipe), passed through ``gan.training_data`` as the loop would."""
    rng = np.random.default_rng(n)
    images = rng.uniform(-1, 1, (100, *gan.config.image_shape)).astype(np.float32)
    if isinstance(gan, TranslationGAN):  # (sources, targets); super-resolution's sources are smaller
        data = (rng.uniform(-1, 1, (100, *gan.config.source_shape)).astype(np.float32), images)
    else:
        data = (images, np.arange(100) % 10) if gan.config.labelled else images
    return BatchSampler(gan.training_data(data), n, seed=n)


@pytest.fixture(scope="session")
def mnist_train() -> np.ndarray:
    return load_mnist(split="train")[0]


@pytest.fixture(scope="session")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    return load_mnist(split="test")


@pytest.fixture
def quick_gan():
    """Build a recipe's GAN from its quick preset, seeded."""

    def build(name: str, **overrides):
        recipe = registry.get(name)
        config = recipe.make_config("quick", **overrides)
        keras.utils.set_random_seed(config.seed)
        return recipe.build(config)

    return build


def run_in_folder(script: str, folder: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """``script`` run by this Python in ``folder`` with a bare environment (no PYTHONPATH: only what the folder holds)."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"},
    )


# A unit cube as an .off mesh (six quads): the mesh reader's, the voxeliser's and the meshes dataset's test input.
CUBE_OFF = """OFF
8 6 0
0 0 0
1 0 0
1 1 0
0 1 0
0 0 1
1 0 1
1 1 1
0 1 1
4 0 3 2 1
4 4 5 6 7
4 0 1 5 4
4 1 2 6 5
4 2 3 7 6
4 3 0 4 7
"""
