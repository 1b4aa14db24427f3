"""A recipe folder lifts into another project: copied under a new name into a bare folder, it trains
with the installed ``gan_cookbook``, and it imports only the template's modules from it (not the loop,
the CLI or the evaluator)."""

import json
import shutil

from conftest import RECIPES, ROOT, run_in_folder

# Every copied recipe in one interpreter (one TensorFlow start instead of one per recipe); each recipe's share of
# the gan_cookbook modules is what it imported first. SGAN, the one allowed the data module, comes last, so that
# no other recipe's import of that module can hide behind it.
SCRIPT = """
import importlib
import json
import sys

import numpy as np

result = {{}}
for name in {names}:
    before = set(sys.modules)
    recipe = importlib.import_module(f"my_{{name}}")
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
    result[name] = {{
        "file": recipe.__file__,
        "logs": sorted(set().union(*logs)),
        "imported": sorted(m for m in set(sys.modules) - before if m.startswith("gan_cookbook.")),
    }}
print("RESULT", json.dumps(result))
"""


TEMPLATE_MODULES = {
    "gan_cookbook.common",
    "gan_cookbook.common.template",
    "gan_cookbook.common.layers",
    "gan_cookbook.common.translation",
    "gan_cookbook.common.autoencoding",
}


def test_every_recipe_folder_runs_under_another_name_from_a_bare_folder(tmp_path):
    names = sorted(RECIPES, key=lambda name: name == "sgan")
    for name in names:
        shutil.copytree(
            ROOT / "recipes" / name, tmp_path / f"my_{name}", ignore=shutil.ignore_patterns("figures", "*.md", "*.sh", "__pycache__")
        )
    done = run_in_folder(SCRIPT.format(names=names), tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT ")[1])
    assert list(result) == names
    for name, ran in result.items():
        assert ran["file"] == f"{tmp_path}/my_{name}/__init__.py", ran["file"]  # the copy, not the project's
        assert any(key.endswith("_loss") for key in ran["logs"]), (name, ran["logs"])
        allowed = TEMPLATE_MODULES | ({"gan_cookbook.common.data"} if name == "sgan" else set())  # SGAN's seeded choice of labelled images
        assert set(ran["imported"]) <= allowed, (name, set(ran["imported"]) - allowed)


def test_the_package_installs_under_one_name_only(tmp_path):
    script = (
        "import importlib.metadata, importlib.util\n"
        "print(importlib.metadata.distribution('gan-cookbook').read_text('top_level.txt').split())\n"
        "print([name for name in ('common', 'recipes') if importlib.util.find_spec(name)])"
    )
    result = run_in_folder(script, tmp_path)  # outside the checkout, whose folders would otherwise be on the path
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:2] == ["['gan_cookbook']", "[]"], result.stdout
