"""A recipe folder lifts into another project: copied under a new name into a bare folder, it trains
with the installed ``gan_cookbook``, and it imports only the template's modules from it (not the loop,
the CLI or the evaluator)."""

import shutil

import pytest
from conftest import RECIPES, ROOT, run_in_folder

SCRIPT = """
import sys

import numpy as np

import my_{name} as recipe

assert recipe.__file__ == "{tmp}/my_{name}/__init__.py", recipe.__file__  # the copy, not the project's
gan = recipe.RECIPE.build(recipe.RECIPE.make_config("quick"))
shape, rng = gan.config.image_shape, np.random.default_rng(0)
images = rng.uniform(-1, 1, (20, *shape)).astype(np.float32)
if hasattr(gan, "translate"):  # (sources, targets): super-resolution's sources are smaller
    data = (rng.uniform(-1, 1, (20, *gan.config.source_shape)).astype(np.float32), images)
else:
    data = (images, np.arange(20) % 10) if gan.config.labelled else images
data = gan.training_data(data)
batch = tuple(a[:4] for a in data) if isinstance(data, tuple) else data[:4]
logs = [gan.train_step(batch, np.random.default_rng(step), step) for step in range(3)]
print("logs", sorted(set().union(*logs)))
print("imported", sorted(m for m in sys.modules if m.startswith("gan_cookbook.")))
"""

TEMPLATE_MODULES = {
    "gan_cookbook.common",
    "gan_cookbook.common.template",
    "gan_cookbook.common.layers",
    "gan_cookbook.common.translation",
    "gan_cookbook.common.autoencoding",
}


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_folder_runs_under_another_name_from_a_bare_folder(name, tmp_path):
    shutil.copytree(
        ROOT / "recipes" / name, tmp_path / f"my_{name}", ignore=shutil.ignore_patterns("figures", "*.md", "*.sh", "__pycache__")
    )
    result = run_in_folder(SCRIPT.format(name=name, tmp=tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "_loss" in result.stdout, result.stdout
    imported = set(eval(result.stdout.split("imported ")[1]))
    allowed = TEMPLATE_MODULES | ({"gan_cookbook.common.data"} if name == "sgan" else set())  # SGAN's seeded choice of labelled images
    assert imported <= allowed, imported - allowed


def test_the_package_installs_under_one_name_only(tmp_path):
    script = (
        "import importlib.metadata, importlib.util\n"
        "print(importlib.metadata.distribution('gan-cookbook').read_text('top_level.txt').split())\n"
        "print([name for name in ('common', 'recipes') if importlib.util.find_spec(name)])"
    )
    result = run_in_folder(script, tmp_path)  # outside the checkout, whose folders would otherwise be on the path
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:2] == ["['gan_cookbook']", "[]"], result.stdout
