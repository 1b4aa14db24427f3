"""A recipe's classes lift into another project with only keras and common/template.py (and common/layers.py) beside them.

SGAN also needs common/data.py, for its seeded choice of labelled images.
"""

import shutil

import pytest
from conftest import ROOT, run_in_folder

SCRIPT = """
import numpy as np

import common
import common.template as t
import recipes.{name}.discriminator as d
import recipes.{name}.gan as m
import recipes.{name}.generator as g
import recipes.{name}.loss as l

assert list(common.__path__) == ["{tmp}/common"], common.__path__  # the copy, not the project

def block(module, base):
    return next(v for v in vars(module).values() if isinstance(v, type) and issubclass(v, base) and v.__module__ == module.__name__)

config = t.GANConfig(latent_dim=8, batch_size=4)
for key, value in {extra}.items():
    setattr(config, key, value)
gan = block(m, t.GAN)(config, block(g, t.Generator)(config), block(d, t.Discriminator)(config), block(l, t.Loss)(config))
images = np.zeros((20, 28, 28, 1), np.float32)
data = gan.training_data((images, np.arange(20) % 10) if config.labelled else images)
logs = gan.train_step(tuple(a[:4] for a in data) if isinstance(data, tuple) else data[:4], np.random.default_rng(0))
print(gan.generator.output_shape, {{"d_loss", "g_loss"}} <= set(logs) or {{"c_loss", "g_loss"}} <= set(logs))
"""

CONV = {"generator_filters": 4, "discriminator_filters": 4, "kernel_size": 4, "hidden_units": 8}  # common/layers.py's DCGAN networks
EXTRA = {
    "sgan": {
        "labelled": True,
        "classes": 10,
        "labels_per_class": 1,
        "feature_matching": True,
        "unlabelled_weight": 1.0,
        "supervised_baseline": False,
        "weight_norm": True,  # exercises the layers.py part too
        "generator_units": (8,),
        "discriminator_units": (8, 4),
        "input_noise": 0.6,
        "hidden_noise": 0.5,
    },
    "infogan": {
        "latent_dim": 8,
        "num_classes": 10,
        "continuous_codes": 2,
        "info_weight": 1.0,
        "continuous_weight": 0.1,
        "generator_filters": 4,
        "discriminator_filters": 4,
        "kernel_size": 4,
        "discriminator_batchnorm": True,
    },
    "acgan": {
        "num_classes": 10,
        "labelled": True,
        "class_weight": 1.0,
        "classify_fakes": False,
        "label_embedding": 4,
        "generator_filters": 4,
        "discriminator_filters": 4,
        "kernel_size": 4,
        "discriminator_batchnorm": True,
    },
    "cgan": {
        "num_classes": 10,
        "labelled": True,
        "label_embedding": 4,
        "generator_filters": 4,
        "discriminator_filters": 4,
        "kernel_size": 4,
        "discriminator_batchnorm": True,
    },
    "dcgan": {"generator_filters": 4, "discriminator_filters": 4, "kernel_size": 4, "hidden_units": 8, "discriminator_batchnorm": True},
    "vanilla_gan": {"generator_units": (8,), "discriminator_units": (8,)},
    "lsgan": {**CONV, "fake_target": 0.0, "real_target": 1.0, "generator_target": 1.0},
    "wgan": {**CONV, "clip": 0.01, "critic_batchnorm": True, "discriminator_steps": 2, "optimizer": "rmsprop"},
    "wgan_gp": {**CONV, "penalty_weight": 10.0, "discriminator_steps": 2},
    "sngan": CONV,
}


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_recipe_files_run_from_a_bare_folder(name, tmp_path):
    (tmp_path / "common").mkdir()
    for module in ["template", "layers", *(["data"] if name == "sgan" else [])]:
        shutil.copy(ROOT / f"common/{module}.py", tmp_path / f"common/{module}.py")
    (tmp_path / "recipes" / name).mkdir(parents=True)
    for part in ["generator", "discriminator", "loss", "gan"]:
        shutil.copy(ROOT / f"recipes/{name}/{part}.py", tmp_path / f"recipes/{name}/{part}.py")
    for package in ["common", "recipes", f"recipes/{name}"]:  # regular packages, so an installed gan-cookbook cannot shadow them
        (tmp_path / package / "__init__.py").touch()
    result = run_in_folder(SCRIPT.format(name=name, tmp=tmp_path, extra=EXTRA[name]), tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "(None, 28, 28, 1) True" in result.stdout, result.stdout
