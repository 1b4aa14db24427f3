"""StyleGAN: the modulated convolution against its equation, the noise (fresh in training, fixed in inference), the
truncation in W and the moving average it pulls toward, style mixing, the lazy R1 phase on D's own optimizer,
``gan-cookbook sample --truncation`` as psi, and the figures: three grids and the nearest training images."""

import numpy as np
import pytest
from conftest import random_batches
from keras import ops

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.data import load_dataset
from gan_cookbook.common.layers import ModulatedConv2D, TruncatedW
from gan_cookbook.common.runs import load_generator, nearest_training_images
from gan_cookbook.common.template import ConfigError
from gan_cookbook.recipes.stylegan.figures import noise_variation, style_mixing, styles, truncation_sweep
from gan_cookbook.recipes.stylegan.generator import num_styles

RECIPE = registry.get("stylegan")


def test_the_modulated_convolution_is_the_papers_equation():
    rng = np.random.default_rng(0)
    x, ws = rng.normal(size=(2, 5, 5, 3)).astype(np.float32), rng.normal(size=(2, 2, 4)).astype(np.float32)
    layer = ModulatedConv2D(6, 3, style=1)
    layer([x, ws])
    layer.noise_strength.assign(np.zeros(6, np.float32))
    layer.bias.assign(rng.normal(size=6).astype(np.float32))
    s = np.asarray(layer.affine(ws[:, 1]))  # each image's style, one scale per input channel
    for i in range(2):
        kernel = np.asarray(layer.kernel) * layer.scale * s[i][None, None, :, None]  # modulation, eq. 1
        kernel = kernel / np.sqrt(np.sum(kernel**2, axis=(0, 1, 2), keepdims=True) + 1e-8)  # demodulation, eq. 3
        y = np.asarray(ops.conv(x[i : i + 1], kernel, padding="same")) + np.asarray(layer.bias)
        expected = np.where(y > 0, y, 0.2 * y) * np.sqrt(2)
        np.testing.assert_allclose(np.asarray(layer([x, ws]))[i : i + 1], expected, rtol=1e-4, atol=1e-5)
    # demodulated: unit-variance inputs give outputs of about unit variance before the bias, whatever the style's scale
    big = rng.normal(size=(256, 5, 5, 3)).astype(np.float32)
    layer.bias.assign(np.zeros(6, np.float32))
    for scale in (0.1, 10.0):
        out = np.asarray(layer([big, scale * np.repeat(ws[:1], 256, axis=0)])) / np.sqrt(2)
        pre = np.where(out > 0, out, out / 0.2)  # the LeakyReLU undone
        assert 0.8 < pre.std() < 1.2


def test_noise_is_drawn_in_training_and_fixed_in_inference():
    rng = np.random.default_rng(1)
    x, ws = rng.normal(size=(2, 4, 4, 3)).astype(np.float32), rng.normal(size=(2, 1, 4)).astype(np.float32)
    layer = ModulatedConv2D(5, 3, upsample=True)
    first = np.asarray(layer([x, ws]))
    assert first.shape == (2, 8, 8, 5) and layer.noise_image.shape == (8, 8, 1)
    assert np.array_equal(np.asarray(layer([x, ws], training=True)), first)  # strength 0 at the start: no noise yet
    layer.noise_strength.assign(np.ones(5, np.float32))
    a, b = np.asarray(layer([x, ws], training=True)), np.asarray(layer([x, ws], training=True))
    assert np.abs(a - b).max() > 1e-3  # fresh noise at each training call
    assert np.array_equal(np.asarray(layer([x, ws])), np.asarray(layer([x, ws])))  # the fixed noise image in inference
    rgb = ModulatedConv2D(3, 1, to_rgb=True)
    rgb([x, ws])
    assert not hasattr(rgb, "noise_image")  # toRGB: no noise, no demodulation, linear


def test_truncation_pulls_w_toward_the_average_that_training_moves():
    layer = TruncatedW(0.9)
    w = np.arange(12, dtype=np.float32).reshape(3, 4)
    psi = np.ones((3, 1), np.float32)
    np.testing.assert_allclose(np.asarray(layer([w, psi])), w)  # psi = 1: w itself; the average stays 0 in inference
    assert np.array_equal(np.asarray(layer.average), np.zeros(4))
    layer([w, psi], training=True)
    np.testing.assert_allclose(np.asarray(layer.average), 0.1 * w.mean(axis=0), rtol=1e-6)
    halfway = np.asarray(layer([w, np.full((3, 1), 0.5, np.float32)]))
    np.testing.assert_allclose(halfway, 0.5 * (np.asarray(layer.average) + w), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(layer([w, 0 * psi])), np.repeat(np.asarray(layer.average)[None], 3, axis=0))


def test_style_mixing_switches_each_image_once_from_its_first_w_to_its_second(quick_gan):
    gan = quick_gan("stylegan", image_shape=(16, 16, 1))
    layers = num_styles(gan.config)
    assert layers == 6 and gan.generator.get_layer("synthesis").input.shape[1] == layers
    mix = gan.mixing(1000, np.random.default_rng(0))[..., 0]
    switches = mix[:, :-1] - mix[:, 1:]
    assert mix.shape == (1000, layers) and set(np.unique(switches)) <= {0.0, 1.0}  # ones, then zeros
    assert np.all(mix[:, 0] == 1) and switches.sum(axis=1).max() == 1
    assert 0.85 < np.mean(mix[:, -1] == 0) < 0.95  # 90% mix, at a crossover from 1 to layers - 1
    assert set(np.argmin(mix[mix[:, -1] == 0], axis=1)) == set(range(1, layers))
    gan.config = gan.config.replace(mixing_probability=0.0)
    assert np.all(gan.mixing(50, np.random.default_rng(0)) == 1)
    # a fake made of w alone does not depend on w'; one that mixes does
    rng = np.random.default_rng(2)
    w, w_mix, w_other = (rng.normal(size=(2, gan.config.w_dim)).astype(np.float32) for _ in range(3))
    ones, crossed = np.ones((2, layers, 1), np.float32), np.ones((2, layers, 1), np.float32)
    crossed[:, 3:] = 0
    assert np.array_equal(np.asarray(gan.synthesise(w, w_mix, ones)), np.asarray(gan.synthesise(w, w_other, ones)))
    assert np.abs(np.asarray(gan.synthesise(w, w_mix, crossed)) - np.asarray(gan.synthesise(w, w_other, crossed))).max() > 1e-4


def test_r1_runs_every_k_steps_on_the_discriminators_own_optimizer(quick_gan):
    gan = quick_gan("stylegan", r1_every=3)
    optimizer = gan.composites["discriminator"].optimizer
    assert gan.composites["r1"].optimizer is optimizer and gan.composites["generator"].optimizer is not optimizer
    c = 3 / 4  # lazy regularisation: rate and betas scaled by k / (k + 1)
    assert float(optimizer.learning_rate) == pytest.approx(gan.config.learning_rate * c) and optimizer.beta_2 == pytest.approx(0.99**c)
    average = gan.generator.get_layer("truncation").average
    logs = [gan.train_step(random_batches(gan, 8), np.random.default_rng(step), step) for step in range(7)]
    assert [("r_loss" in log) for log in logs] == [True, False, False, True, False, False, True]
    assert int(optimizer.iterations) == 7 + 3 and int(gan.composites["generator"].optimizer.iterations) == 7
    assert np.abs(np.asarray(average)).max() > 0  # the generator phase moved w's average
    r1 = logs[0]
    assert r1["r_loss"] >= 3 * gan.config.r1_gamma / 2 * r1["r_gradient_norm"] ** 2 > 0  # k gamma/2 E[|g|^2] >= k gamma/2 E[|g|]^2
    with pytest.raises(ConfigError, match="constant rate"):
        RECIPE.make_config("quick", learning_rate_decay=True)
    with pytest.raises(ConfigError, match="4x4 constant"):
        RECIPE.make_config("quick", image_shape=(28, 28, 1))


def test_mixed_precision_trains_all_three_phases_and_scales_the_adam_inside_the_loss_scaling(quick_gan):
    gan = quick_gan("stylegan", mixed_precision="fp16", r1_every=3)
    logs = gan.train_step(random_batches(gan, 8), np.random.default_rng(0), 0)
    assert {"d_loss", "r_loss", "g_loss"} <= set(logs) and all(np.isfinite(v) for v in logs.values())
    adam = gan.composites["r1"].optimizer.inner_optimizer
    assert adam is gan.composites["discriminator"].optimizer.inner_optimizer and adam.beta_2 == pytest.approx(0.99**0.75)


def test_sample_truncation_is_psi_and_the_figures_draw_from_the_saved_generator(tmp_path):
    run = tmp_path / "run"
    assert main(["train", "stylegan", "--preset", "quick", "--out", str(run), "--eval-samples", "0"]) == 0
    assert main(["sample", str(run), "--n", "6", "--truncation", "0", "--out", str(tmp_path / "mean.npz")]) == 0
    images = np.load(tmp_path / "mean.npz")["x"]
    assert np.abs(images - images[:1]).max() < 1e-5  # psi = 0: every z draws the average w's image
    assert main(["sample", str(run), "--n", "6", "--truncation", "0.7", "--out", str(tmp_path / "some.npz")]) == 0
    assert np.abs(np.load(tmp_path / "some.npz")["x"] - images).max() > 1e-3
    assert main(["sample", str(run), "--n", "2", "--truncation", "-1", "--out", str(tmp_path / "no.npz")]) == 2
    assert main(["interpolate", str(run), "--walks", "1", "--points", "2", "--frames", "3", "--out", str(tmp_path / "walk.gif")]) == 0

    generator = load_generator(run)
    config = RECIPE.make_config("quick")
    rng = np.random.default_rng(0)
    z = rng.standard_normal((5, config.latent_dim), dtype=np.float32)
    rows, columns = styles(generator, z[:2]), styles(generator, z[2:5])
    grid = style_mixing(generator, rows, columns, crossover=3)
    assert grid.shape == (3 * 4, 32, 32, 1) and np.all(grid[0] == 0)  # (rows + 1) x (columns + 1), a grey corner
    everything_fine = style_mixing(generator, rows, columns, crossover=0)  # every layer from the column: the column's image
    np.testing.assert_allclose(everything_fine[5:8], everything_fine[1:4], atol=1e-5)
    sweep = truncation_sweep(generator, z[:4], psis=(1.0, 0.0))
    assert np.abs(sweep[4:] - sweep[4]).max() < 1e-5 and np.abs(sweep[:4] - sweep[0]).max() > 1e-4
    noisy = [layer for layer in generator.get_layer("synthesis").layers if hasattr(layer, "noise_image")]
    before = [np.asarray(layer.noise_image).copy() for layer in noisy]
    for layer in noisy:  # the quick run's noise strengths are still near zero: make the noise show
        layer.noise_strength.assign(np.ones(layer.noise_strength.shape, np.float32))
    varied = noise_variation(generator, rows[0], 3, rng)
    assert varied.shape == (3, 32, 32, 1) and np.abs(varied[0] - varied[1]).max() > 1e-3
    assert all(np.array_equal(np.asarray(layer.noise_image), kept) for layer, kept in zip(noisy, before))  # put back

    training = load_dataset(config.dataset, config.image_shape)
    copies = nearest_training_images(config, training[[7, 3, 11, 5, 2, 13, 17, 19] * 2], tmp_path)
    assert copies["sample_median"] < 0.1 and copies["held_out_median"] > 5 and (tmp_path / "nearest.png").is_file()  # copies: ~0
