"""BigGAN-lite: self-attention that starts as the identity and reads the whole map, class-conditional BatchNorm,
the projection discriminator's linearity in the class, hierarchical z, the two time-scale rates, MNIST padded to
32x32 and scored cropped back, and the CLI's truncated, per-class samples."""

import json

import keras
import numpy as np
import pytest

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.data import load_dataset
from gan_cookbook.common.layers import SelfAttention
from gan_cookbook.common.metrics import Evaluator
from gan_cookbook.common.template import ConfigError

RECIPE = registry.get("biggan")


def test_self_attention_starts_as_the_identity_and_then_reads_the_whole_map():
    x = np.random.default_rng(0).normal(size=(2, 8, 8, 16)).astype(np.float32)
    attention = SelfAttention()
    np.testing.assert_allclose(np.asarray(attention(x)), x, atol=1e-6)  # gamma = 0
    attention.gamma.assign(1.0)
    moved = x.copy()
    moved[:, 0, 0] += 5.0  # one corner changes...
    change = np.abs(np.asarray(attention(moved)) - np.asarray(attention(x)))
    assert change[:, 7, 7].max() > 1e-4  # ...and the opposite corner's output with it: no convolution reaches that far


def test_the_class_changes_the_image_and_the_projection_is_linear_in_it(quick_gan):
    gan = quick_gan("biggan")
    z = np.random.default_rng(0).normal(size=(4, 16)).astype(np.float32)
    three, seven = np.eye(10, dtype=np.float32)[[3] * 4], np.eye(10, dtype=np.float32)[[7] * 4]
    assert np.abs(np.asarray(gan.generator([z, three])) - np.asarray(gan.generator([z, seven]))).max() > 1e-3
    x = np.random.default_rng(1).uniform(-1, 1, (4, 32, 32, 1)).astype(np.float32)
    score = lambda y: np.asarray(gan.discriminator([x, y]))  # noqa: E731
    assert np.abs(score(three) - score(seven)).max() > 1e-4
    np.testing.assert_allclose(score(0.5 * three + 0.5 * seven), 0.5 * score(three) + 0.5 * score(seven), atol=1e-5)


def test_z_is_split_one_chunk_per_stage_and_every_layer_is_spectrally_normalised(quick_gan):
    gan = quick_gan("biggan")
    assert gan.generator.get_layer("z_chunks").pieces == RECIPE.make_config("quick").up_blocks + 1
    for network in (gan.generator, gan.discriminator):
        weighted = [layer for layer in network._flatten_layers() if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]
        assert weighted and all(hasattr(layer, "u") for layer in weighted), network.name
    with pytest.raises(ConfigError, match="equal chunks"):
        RECIPE.make_config("quick", latent_dim=15)
    with pytest.raises(ConfigError, match="half the image size"):
        RECIPE.make_config("quick", attention_resolution=8)
    without = quick_gan("biggan", attention_resolution=0)
    assert not [layer for network in without.networks.values() for layer in network.layers if isinstance(layer, SelfAttention)]


def test_two_time_scales(quick_gan):
    gan = quick_gan("biggan")
    rates = {name: float(keras.ops.convert_to_numpy(gan.optimizer_of(name).learning_rate)) for name in ("generator", "discriminator")}
    assert rates == pytest.approx({"generator": 1e-4, "discriminator": 4e-4})
    assert gan.optimizer_of("generator").beta_1 == 0.0


def test_mnist_is_padded_to_32_and_scored_cropped_back():
    images = load_dataset("mnist", (32, 32, 1))[:100]
    assert images.shape == (100, 32, 32, 1) and (images[:, :2] == -1).all() and (images[:, :, -2:] == -1).all()
    evaluator = Evaluator()
    np.testing.assert_allclose(evaluator(images)[1], evaluator(images[:, 2:30, 2:30])[1], atol=1e-6)


def test_the_cli_trains_scores_each_class_and_samples_truncated(tmp_path):
    out = tmp_path / "run"
    assert main(["train", "biggan", "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    scores = json.loads((out / "metrics.json").read_text())
    assert len(scores["label_accuracy_per_class"]) == 10 and np.isfinite(scores["fid"])
    samples = tmp_path / "s.npz"
    assert main(["sample", str(out), "--per-class", "2", "--truncation", "0.5", "--out", str(samples)]) == 0
    with np.load(samples) as drawn:
        assert drawn["x"].shape == (20, 32, 32, 1) and list(drawn["y"]) == list(np.repeat(np.arange(10), 2))
