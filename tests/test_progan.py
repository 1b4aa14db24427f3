"""ProGAN: the growth schedule, a stage that computes and trains only the blocks it has, the fade's two ends, the
equalized learning rate, pixel norm, minibatch standard deviation, the drift term, a run stopped in the middle
of a fade-in that resumes to the uninterrupted run, and what the figures script reads."""

import keras
import numpy as np
import pytest
from conftest import random_batches

from gan_cookbook.common import plots, registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.layers import EqualizedConv2D, MinibatchStddev, PixelNorm
from gan_cookbook.common.metrics import nearest_neighbours
from gan_cookbook.common.template import ConfigError, box_downscale
from gan_cookbook.recipes.progan.networks import criticise, grow

RECIPE = registry.get("progan")


def test_growth_fades_each_resolution_in_then_holds_it():
    config = RECIPE.make_config("quick", fade_steps=4, stable_steps=3)
    stages = [config.growth(step) for step in range(30)]
    assert stages[:3] == [(4, 1.0)] * 3
    assert stages[3:7] == [(8, 0.0), (8, 0.25), (8, 0.5), (8, 0.75)]  # alpha rises by 1 / fade_steps a step
    assert stages[7:10] == [(8, 1.0)] * 3 and stages[10] == (16, 0.0)
    assert stages[17] == (32, 0.0) and stages[21:] == [(32, 1.0)] * 9  # the last resolution stays
    with pytest.raises(ConfigError, match="doubling"):
        RECIPE.make_config("quick", image_shape=(28, 28, 1))
    with pytest.raises(ConfigError, match="fade_steps"):
        RECIPE.make_config("quick", fade_steps=0)


def test_a_stage_computes_and_trains_only_the_blocks_it_has(quick_gan):
    gan = quick_gan("progan")
    gan.train_step(random_batches(gan, 8), np.random.default_rng(0), 4)  # 8x8, its fade complete
    assert gan.resolution == 8 and gan.scheduled["alpha"].numpy() == 1.0
    z = gan.sample_latent(3, np.random.default_rng(0))
    assert gan.grown_generator(z).shape == (3, 8, 8, 1)
    before = {name: [w.numpy().copy() for w in network.weights] for name, network in gan.networks.items()}
    gan.train_step(random_batches(gan, 8), np.random.default_rng(1), 5)
    for name, network in gan.networks.items():
        moved = {w.path.split("/")[0] for w, old in zip(network.weights, before[name]) if not np.array_equal(w.numpy(), old)}
        assert {"block_4", "block_8"} <= moved and not moved & {"block_16", "block_32", "to_rgb_16", "from_rgb_16"}, name


def test_a_fade_starts_at_the_previous_stage_and_ends_at_the_new_block(quick_gan):
    gan = quick_gan("progan")
    z = gan.sample_latent(4, np.random.default_rng(0))
    x = np.random.default_rng(1).uniform(-1, 1, (4, 16, 16, 1)).astype(np.float32)
    g, c = gan.generator.get_layer, gan.critic.get_layer
    previous = np.asarray(grow(g, z, 8, 1.0)).repeat(2, axis=1).repeat(2, axis=2)
    np.testing.assert_array_equal(np.asarray(grow(g, z, 16, 0.0)), previous)  # alpha 0: the upsampled 8x8 image
    np.testing.assert_allclose(np.asarray(criticise(c, x, 0.0)), np.asarray(criticise(c, box_downscale(x, 8), 1.0)), atol=1e-5)
    newest = np.asarray(g("to_rgb_16")(g("block_16")(g("block_8")(g("block_4")(z)))))
    np.testing.assert_allclose(np.asarray(grow(g, z, 16, 1.0)), newest, atol=1e-6)  # alpha 1: the new block's image alone
    full = np.asarray(gan.generator(z))  # the network as built: the last stage, its fade complete, clipped
    np.testing.assert_allclose(full, np.clip(np.asarray(grow(g, z, 32, 1.0)), -1, 1), atol=1e-6)


def test_equalized_rate_pixel_norm_and_minibatch_stddev():
    conv = EqualizedConv2D(4, 3, padding="same", use_bias=False)
    x = np.random.default_rng(0).normal(size=(2, 5, 5, 8)).astype(np.float32)
    y = np.asarray(conv(x))
    assert abs(np.std(conv.kernel.numpy()) - 1.0) < 0.1  # stored N(0, 1)...
    plain = keras.layers.Conv2D(4, 3, padding="same", use_bias=False)
    plain.build(x.shape)
    plain.kernel.assign(conv.kernel.numpy() * np.sqrt(2.0 / (3 * 3 * 8)))  # ...and used times He's constant
    np.testing.assert_allclose(y, np.asarray(plain(x)), atol=1e-5)
    normed = np.asarray(PixelNorm()(x * 7.0))
    np.testing.assert_allclose(np.sqrt(np.mean(normed**2, axis=-1)), 1.0, atol=1e-4)
    stats = np.asarray(MinibatchStddev()(x))
    assert stats.shape == (2, 5, 5, 9)
    np.testing.assert_allclose(stats[..., -1], np.mean(np.std(x, axis=0)), rtol=1e-4)
    assert np.asarray(MinibatchStddev()(np.repeat(x[:1], 4, axis=0)))[..., -1].max() < 1e-3  # a collapsed batch shows


def test_the_critic_pays_the_drift_term(quick_gan):
    gan = quick_gan("progan")
    real, fake, norm = np.array([2.0, -1.0]), np.array([0.5, 0.0]), np.array([1.5, 0.5])
    wgan_gp = np.mean(fake) - np.mean(real) + 10 * np.mean((norm - 1) ** 2)
    assert float(gan.loss.critic(real, fake, norm)) == pytest.approx(wgan_gp + 0.001 * np.mean(real**2))


def test_a_run_stopped_in_a_fade_in_resumes_to_the_uninterrupted_run(tmp_path):
    """Quick preset: 16x16 fades in at steps 6 and 7; the first run stops after step 6 (alpha 0.5 next)."""
    assert RECIPE.make_config("quick").growth(7) == (16, 0.5)
    run = ["train", "progan", "--preset", "quick", "--verbose", "0", "--no-eval"]
    assert main([*run, "--out", str(tmp_path / "whole")]) == 0
    assert main([*run, "--out", str(tmp_path / "parts"), "--steps", "7"]) == 0
    assert main([*run, "--out", str(tmp_path / "parts"), "--resume", "--steps", "14"]) == 0
    for name in ("generator", "critic"):
        whole, parts = (keras.saving.load_model(tmp_path / run / f"{name}.keras") for run in ("whole", "parts"))
        for a, b in zip(whole.get_weights(), parts.get_weights()):
            np.testing.assert_array_equal(a, b)
    assert (tmp_path / "whole" / "history.csv").read_text() == (tmp_path / "parts" / "history.csv").read_text()


def test_the_figures_read_saved_grids_back_and_find_nearest_images():
    images = np.random.default_rng(0).uniform(-1, 1, (64, 8, 8, 3)).astype(np.float32)
    back = plots.ungrid(plots.scaled_grid(images), 64, (8, 8), scale=2)
    np.testing.assert_array_equal(back, plots.to_uint8(images))
    index, distance = nearest_neighbours(images[[5, 2]] + 0.01, images)
    assert list(index) == [5, 2] and np.allclose(distance, 0.01 * np.sqrt(8 * 8 * 3), rtol=0.01)  # |q|^2 - 2 q.r + |r|^2 in float32
