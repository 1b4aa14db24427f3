"""3D-GAN: a phase that runs on a condition of the last step's logs (and resumes to the same decisions),
voxel grids through the loop, the CLI and the shape scores."""

import json

import keras
import numpy as np
import pytest
from conftest import CUBE_OFF

from gan_cookbook.common import plots, registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.data import load_dataset, load_shapes
from gan_cookbook.common.template import ConfigError, Phase
from gan_cookbook.common.training import Trainer
from gan_cookbook.common.voxels import HELD_OUT, procedural_shapes


def weights(network) -> list[np.ndarray]:
    return [np.array(w) for w in network.get_weights()]


@pytest.mark.parametrize("accuracy, trains", [(0.5, True), (0.8, True), (0.9, False)])
def test_the_discriminator_trains_only_while_its_last_accuracy_is_at_most_the_threshold(accuracy, trains, quick_gan):
    gan = quick_gan("gan3d")
    data = load_shapes(16, "train")[0][:32]
    gan.train_step(data, np.random.default_rng(0))  # builds the optimizers
    gan.last_logs = {"g_d_accuracy": accuracy}
    before = weights(gan.discriminator)
    logs = gan.train_step(data, np.random.default_rng(1), step=1)
    moved = any(not np.array_equal(a, b) for a, b in zip(before, weights(gan.discriminator)))
    assert moved is trains and logs["d_trained"] == float(trains)
    assert ("d_loss" in logs) is trains and "g_d_accuracy" in logs and logs["g_d_accuracy"] == gan.last_logs["g_d_accuracy"]


def test_the_first_step_trains_the_discriminator(quick_gan):
    assert quick_gan("gan3d").train_step(load_shapes(16, "train")[0][:8], np.random.default_rng(0))["d_trained"] == 1.0


def test_a_condition_that_is_no_method_is_refused():
    recipe = registry.get("gan3d")

    class Unready(recipe.gan):
        def phases(self) -> list[Phase]:
            return [Phase("discriminator", trains="discriminator", condition="ready")]

    config = recipe.make_config("quick")
    with pytest.raises(ConfigError, match="runs on condition 'ready', which is no method of Unready"):
        Unready(config, recipe.generator(config), recipe.discriminator(config), recipe.loss(config))


def test_a_resumed_run_takes_the_same_decisions_as_the_uninterrupted_one(tmp_path):
    """The condition reads the last step's logs, which a checkpoint keeps in its history: interrupted at a
    checkpoint and resumed, the run skips D at the same steps and ends with the same weights."""
    recipe = registry.get("gan3d")
    config = recipe.make_config("quick", steps=8, checkpoint_every=4, accuracy_threshold=0.6)
    data = load_shapes(16, "train")[0]

    def trainer(out):
        keras.utils.set_random_seed(config.seed)
        return Trainer(recipe.build(config), data, out, callbacks=None, verbose=0)

    whole = trainer(tmp_path / "whole")
    history = whole.fit()
    assert 0 < np.sum(history["d_trained"]) < 8, "the threshold should make D sit some steps out"
    first = trainer(tmp_path / "parts")
    first.fit(4)
    resumed = trainer(tmp_path / "parts")
    assert resumed.resume() == 4 and resumed.gan.last_logs["g_d_accuracy"] == history["g_d_accuracy"][3]
    np.testing.assert_array_equal(resumed.fit()["d_trained"], history["d_trained"])
    for a, b in zip(
        weights(whole.gan.discriminator) + weights(whole.gan.generator), weights(resumed.gan.discriminator) + weights(resumed.gan.generator)
    ):
        np.testing.assert_array_equal(a, b)


def test_shape_splits_are_separate_index_ranges():
    """Train (or fit) is shapes 0-499 of each class, validation 500-599, test the first 100 past HELD_OUT. (Shapes
    of a few discrete proportions can still coincide across splits: 12% of the validation grids at 32^3 equal
    a training grid, which is why samples are compared with held-out shapes' own nearest IoU.)"""
    train, validation, test = (load_shapes(16, split) for split in ("train", "validation", "test"))
    assert train[0].shape == (3500, 16, 16, 16, 1) and validation[0].shape == test[0].shape == (700, 16, 16, 16, 1)
    np.testing.assert_array_equal(load_shapes(16, "fit")[0], train[0])
    for split, start in ((validation, 500), (test, HELD_OUT)):
        np.testing.assert_array_equal(split[0], procedural_shapes(100, size=16, start=start)[0])
        np.testing.assert_array_equal(split[1], np.repeat(np.arange(7), 100))
    assert not np.array_equal(validation[0], train[0][:700])


def test_voxel_grids_are_drawn_wherever_images_are(tmp_path):
    volumes = load_shapes(16, "validation")[0][::100]
    picture = plots.grid(volumes, rows=1)
    assert picture.shape == (100, 2 + 7 * 98, 3) and picture.dtype == np.uint8
    assert (picture < 250).any(axis=-1).mean() > 0.05  # the shapes are drawn, not a blank page
    assert plots.save_grid(volumes, tmp_path / "grid.png").is_file()


def test_meshes_load_as_a_dataset(tmp_path):
    for split in ("train", "test"):
        (tmp_path / "box" / split).mkdir(parents=True)
        (tmp_path / "box" / split / f"box_{split}.off").write_text(CUBE_OFF)
    voxels = load_dataset("meshes", (16, 16, 16, 1), tmp_path)
    assert voxels.shape == (1, 16, 16, 16, 1) and voxels.mean() > 0.5  # the train folder's cube, filled


def test_the_cli_trains_scores_and_samples_voxel_grids(tmp_path, capsys):
    out = tmp_path / "run"
    grid = ["--image-shape", "32,32,32,1", "--eval-samples", "40"]
    assert main(["train", "gan3d", "--preset", "quick", *grid, "--out", str(out), "--verbose", "0"]) == 0
    scores = json.loads((out / "metrics.json").read_text())
    fractions = [*scores["class_fractions"].values(), scores["not_a_shape"]]
    assert len(fractions) == 8 and np.isclose(sum(fractions), 1, atol=1e-3) and 0 <= scores["mean_confidence"] <= 1
    assert 0 < scores["held_out_nearest_iou_median"] < 1 and scores["reference"] == "test"
    assert (out / "coverage.png").is_file() and (out / "samples.png").is_file() and (out / "progress.gif").is_file()
    assert main(["sample", str(out), "--n", "5", "--out", str(tmp_path / "s.npz"), "--grid", str(tmp_path / "s.png")]) == 0
    with np.load(tmp_path / "s.npz") as samples:
        assert samples["x"].shape == (5, 32, 32, 32, 1) and 0 <= samples["x"].min() and samples["x"].max() <= 1
    assert "voxel grids (32, 32, 32, 1) of occupancies in [0, 1]" in capsys.readouterr().out
    assert main(["sample", str(out), "--n", "5", "--out", str(tmp_path / "t.npz"), "--png-dir", str(tmp_path / "png")]) == 2
    assert "this run makes voxel grids: draw them with --grid" in capsys.readouterr().err
