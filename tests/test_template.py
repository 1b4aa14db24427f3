"""The Keras 3 freeze, proven for every recipe, and the pitfall it avoids."""

import keras
import numpy as np
import pytest
from conftest import RECIPES

from common import registry
from common.template import generate


def snapshot(model: keras.Model) -> list[np.ndarray]:
    return [w.numpy() for w in model.trainable_weights]


def moved(before: list[np.ndarray], model: keras.Model) -> list[bool]:
    return [not np.array_equal(b, w.numpy()) for b, w in zip(before, model.trainable_weights)]


def real_batch(gan, n: int) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """``n`` random images (with class labels for a recipe that reads them), as the loop would hand them to ``gan``."""
    rng = np.random.default_rng(n)
    images = rng.uniform(-1, 1, (max(n, 100), *gan.config.image_shape)).astype(np.float32)
    data = gan.training_data((images, np.arange(len(images)) % 10) if gan.config.labelled else images)
    return tuple(a[:n] for a in data) if isinstance(data, tuple) else data[:n]


@pytest.mark.parametrize("name", RECIPES)
def test_each_step_moves_only_its_own_network(name, quick_gan):
    gan = quick_gan(name)
    rng = np.random.default_rng(0)
    for n in (8, 8, 5, 12):  # new batch sizes force Keras to retrace both train functions
        g0, d0 = snapshot(gan.generator), snapshot(gan.discriminator)
        gan.discriminator_step.train_on_batch(*gan.discriminator_batch(real_batch(gan, n), rng))
        assert all(moved(d0, gan.discriminator)), f"D step, batch {n}: some discriminator weights did not move"
        assert not any(moved(g0, gan.generator)), f"D step, batch {n}: generator weights moved"

        g1, d1 = snapshot(gan.generator), snapshot(gan.discriminator)
        gan.combined.train_on_batch(*gan.generator_batch(real_batch(gan, n), rng))
        assert all(moved(g1, gan.generator)), f"G step, batch {n}: some generator weights did not move"
        assert not any(moved(d1, gan.discriminator)), f"G step, batch {n}: discriminator weights moved"


@pytest.mark.parametrize("name", RECIPES)
def test_train_step_reports_losses_and_accuracies(name, quick_gan):
    gan = quick_gan(name)
    logs = gan.train_step(real_batch(gan, 8), np.random.default_rng(0))
    assert {"d_loss", "g_loss", "d_acc_real", "d_acc_fake"} <= set(logs)
    assert all(np.isfinite(v) for v in logs.values())
    assert all(0 <= v <= 1 for k, v in logs.items() if "_acc_" in k)


def test_the_freeze_does_not_depend_on_flags_or_call_order(quick_gan):
    """Setting the Keras 2 flag by hand, before the first trace, changes nothing."""
    gan = quick_gan("dcgan")
    gan.discriminator.trainable = True  # as if a user toggled it the Keras 2 way
    for layer in gan.generator.layers:
        layer.trainable = True
    z = gan.sample_latent(4, np.random.default_rng(1))
    d0 = snapshot(gan.discriminator)
    gan.combined.train_on_batch(z, gan.labels(4, 1.0))  # G step traced first
    assert not any(moved(d0, gan.discriminator))
    assert [id(w) for w in gan.combined.trainable_weights] == [id(w) for w in gan.generator.trainable_weights]
    assert [id(w) for w in gan.discriminator_step.trainable_weights] == [id(w) for w in gan.discriminator.trainable_weights]


def test_the_keras2_recipe_leaves_the_discriminator_untrained_in_keras3():
    """Why the template exists: compile D, set trainable=False, compile combined -> D never learns."""
    keras.utils.set_random_seed(0)
    d = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    g = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4)])
    d.compile("adam", "mse")
    d.trainable = False
    z = keras.Input((2,))
    combined = keras.Model(z, d(g(z)))
    combined.compile("adam", "mse")
    combined.train_on_batch(np.ones((2, 2)), np.ones((2, 1)))
    before = [w.numpy() for w in d.weights]  # d.trainable_weights is empty now
    with pytest.warns(UserWarning, match="does not have any trainable weights"):
        d.train_on_batch(np.ones((2, 4)), np.ones((2, 1)))  # traced now, with trainable=False
    assert all(np.array_equal(b, w.numpy()) for b, w in zip(before, d.weights))


def test_frozen_discriminator_batchnorm_uses_batch_statistics_in_the_combined_model(quick_gan):
    """The documented choice: inside `combined`, D scores fakes exactly as D's own step does."""
    gan = quick_gan("dcgan")
    gan.train_step(real_batch(gan, 8), np.random.default_rng(0))  # moving averages now differ from batch stats
    z = gan.sample_latent(8, np.random.default_rng(2))
    fakes = gan.generator(z, training=True)
    in_combined = np.array(gan.combined(z, training=True))
    assert np.allclose(in_combined, np.array(gan.discriminator(fakes, training=True)), atol=1e-5)
    assert not np.allclose(in_combined, np.array(gan.discriminator(fakes, training=False)), atol=1e-5)


def test_two_compiled_models_have_two_optimizers(quick_gan):
    gan = quick_gan("vanilla_gan")
    assert gan.discriminator_step.optimizer is not gan.combined.optimizer


@pytest.mark.parametrize("name", RECIPES)
def test_generate_gives_images_in_range_in_batches(name, quick_gan):
    gan = quick_gan(name)
    z = gan.sample_latent(7, np.random.default_rng(0))
    x = generate(gan.generator, gan.generator_inputs(gan.config, z), batch_size=3)
    assert x.shape == (7, *gan.config.image_shape) and x.dtype == np.float32
    assert x.min() >= -1 and x.max() <= 1


@pytest.mark.parametrize("name", [n for n in RECIPES if registry.get(n).config.num_classes])
def test_the_label_changes_a_conditional_generators_output(name, quick_gan):
    gan = quick_gan(name)
    gan.train_step(real_batch(gan, 8), np.random.default_rng(0))
    z = np.repeat(gan.sample_latent(1, np.random.default_rng(1)), gan.config.num_classes, axis=0)
    x = gan.generate(z, np.arange(gan.config.num_classes))  # one z, every class
    assert x.shape == (gan.config.num_classes, *gan.config.image_shape)
    assert all(not np.allclose(x[0], x[k], atol=1e-4) for k in range(1, gan.config.num_classes))
    assert np.allclose(gan.generate(z[:2], [3, 3])[0], gan.generate(z[:1], 3)[0], atol=1e-5)  # same z, same label


def test_conditional_labels_are_checked(quick_gan):
    gan = quick_gan("cgan")
    z = gan.sample_latent(2, np.random.default_rng(0))
    with pytest.raises(ValueError, match="labels must be integers in 0..9"):
        gan.generate(z, [0, 10])
    with pytest.raises(ValueError, match=r"soft labels must have shape \(2, 10\)"):
        gan.generate(z, np.ones((2, 3)))
    with pytest.raises(ValueError, match="is not conditional"):
        quick_gan("dcgan").generate(z, [0, 1])


def test_a_blend_of_two_labels_lies_between_them(quick_gan):
    """One-hot label inputs make label interpolation (CGAN README, ``interpolate --labels``) well defined."""
    gan = quick_gan("cgan")
    z = np.repeat(gan.sample_latent(1, np.random.default_rng(1)), 3, axis=0)
    a, b = np.eye(10, dtype=np.float32)[[1, 7]]
    x = gan.generate(z, np.stack([a, 0.5 * a + 0.5 * b, b]))
    assert not np.allclose(x[1], x[0], atol=1e-4) and not np.allclose(x[1], x[2], atol=1e-4)
