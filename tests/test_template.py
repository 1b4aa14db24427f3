"""The template: the freeze, proven for every phase of every recipe; phases as data; objectives; schedules."""

import keras
import numpy as np
import pytest
from conftest import RECIPES
from conftest import random_batches as batches

from gan_cookbook.common import registry
from gan_cookbook.common.layers import SpectralDense
from gan_cookbook.common.template import (
    GAN,
    Composite,
    ConfigError,
    Loss,
    Phase,
    generate,
    gradient_norms,
    recompute_batchnorm_statistics,
)

VARIANTS = [(name, {}) for name in RECIPES] + [("sgan", {"supervised_baseline": True}), ("dcgan", {"mixed_precision": "fp16"})]


# Rounds of calls to every phase, as (batch size, every network's trainable flag): the flags False at the first trace
# (the Keras 2 way), True at the retrace that a new batch size forces, False again at a call that reuses that trace.
# On JAX, where a retrace is a compile (seconds a recipe), the first two rounds.
ROUNDS = [(8, False), (5, True)] + ([] if keras.backend.backend() == "jax" else [(5, False)])


def values(network: keras.Model) -> list[np.ndarray]:
    return [np.array(v.numpy()) for v in network.variables]


def changed(before: list[np.ndarray], network: keras.Model) -> list[str]:
    return [v.path for b, v in zip(before, network.variables) if not np.array_equal(b, v.numpy())]


@pytest.mark.parametrize("name, overrides", VARIANTS, ids=[n + "".join(f"_{k}" for k in o) for n, o in VARIANTS])
def test_each_phase_moves_its_networks_and_nothing_else_whatever_the_flags(name, overrides, quick_gan):
    """Whatever the flags say when a phase is traced and when it is called (``ROUNDS``), the phase moves at least
    one weight of each network it trains and no variable at all (weights, BatchNorm statistics, spectral norm's
    vectors, noise seeds) of any other network; its objective and logs are finite. Then ``train_step`` runs every
    phase and logs each one's loss, finite."""
    gan = quick_gan(name, **overrides)
    rng = np.random.default_rng(0)
    for n, trainable in ROUNDS:
        for network in gan.networks.values():
            network.trainable = trainable
        draw = batches(gan, n)
        for phase in gan.phase_list:
            composite = gan.composites[phase.name]
            before = {key: values(network) for key, network in gan.networks.items()}
            logs = composite.train_on_batch(getattr(gan, f"{phase.name}_inputs")(draw, rng), return_dict=True)
            assert all(np.isfinite(v) for v in logs.values()) and all(0 <= v <= 1 for k, v in logs.items() if "acc" in k), logs
            trained = {id(w) for w in composite.trainable_weights}
            for key, network in gan.networks.items():
                moved = changed(before[key], network)
                if key in phase.trains:
                    weights = [v.path for v in network.variables if id(v) in trained]
                    assert set(moved) & set(weights), f"{phase.name} phase, batch {n}: no weight of {key} moved"
                else:
                    assert not moved, f"{phase.name} phase, batch {n}: {key} changed: {moved}"
    logs = {}
    for step in range(max(phase.start for phase in gan.phase_list) + 1):  # through the loop's entry point, pre-training first
        logs.update(gan.train_step(draw, rng, step))
    assert sorted(k for k, v in logs.items() if k.endswith("_loss") and np.isfinite(v)) == sorted(
        f"{p.prefix}_loss" for p in gan.phase_list
    )


def test_a_phase_runs_its_networks_in_training_mode(quick_gan):
    """BatchNorm on batch statistics, its moving averages updated, inside the trained network of a phase: on JAX too,
    whose train step calls ``Composite.call`` without Keras's ``__call__`` (the JAX process runs this test)."""
    gan = quick_gan("dcgan")
    norm = next(layer for layer in gan.generator._flatten_layers() if isinstance(layer, keras.layers.BatchNormalization))
    before = np.asarray(norm.moving_mean).copy()
    gan.composites["generator"].train_on_batch(gan.generator_inputs(batches(gan, 8), np.random.default_rng(0)))
    assert np.abs(np.asarray(norm.moving_mean) - before).max() > 0


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


def test_frozen_discriminator_batchnorm_uses_batch_statistics_in_the_generators_phase(quick_gan):
    """The documented choice: in G's phase, D scores fakes exactly as D's own phase does."""
    gan = quick_gan("dcgan")
    gan.train_step(batches(gan, 8), np.random.default_rng(0))  # moving averages now differ from batch stats
    z = gan.sample_latent(8, np.random.default_rng(2))
    in_phase = float(gan.composites["generator"]({"z": z}, training=True)["loss"])
    fakes = gan.generator(z, training=True)
    with_batch_statistics = float(gan.loss.generator(gan.discriminator(fakes, training=True)))
    with_moving_averages = float(gan.loss.generator(gan.discriminator(fakes, training=False)))
    assert in_phase == pytest.approx(with_batch_statistics, rel=1e-5)
    assert in_phase != pytest.approx(with_moving_averages, rel=1e-3)


def test_each_phase_has_its_own_optimizer(quick_gan):
    gan = quick_gan("wgan_gp")
    assert [p.name for p in gan.phase_list] == ["critic", "generator"] and gan.phase_list[0].repeat == 2
    assert gan.optimizers["critic"] is not gan.optimizers["generator"]
    assert gan.optimizer_of("critic") is gan.optimizers["critic"]


def test_phases_repeat_and_run_every_few_steps(quick_gan):
    """n_critic phases draw a fresh real batch each time; a phase with ``every`` = 2 is skipped in between."""

    class Lazy(GAN):
        def phases(self):
            return [Phase("discriminator", "discriminator", repeat=3), Phase("generator", "generator", every=2)]

    recipe = registry.get("dcgan")
    config = recipe.make_config("quick")
    gan = Lazy(config, recipe.generator(config), recipe.discriminator(config), recipe.loss(config))
    draw = batches(gan, 4)
    assert set(gan.train_step(draw, np.random.default_rng(0), step=0)) >= {"d_loss", "g_loss"}
    assert draw.draws == 3
    assert "g_loss" not in gan.train_step(draw, np.random.default_rng(1), step=1)
    assert int(gan.optimizers["discriminator"].iterations) == 6 and int(gan.optimizers["generator"].iterations) == 1


def test_a_scheduled_value_is_read_by_the_phase_at_each_step(quick_gan):
    """schedules(): a value of the step, held in a variable that the compiled phase reads (ProGAN's fade-in)."""
    seen = []

    class Faded(GAN):
        def schedules(self):
            return {"alpha": lambda step: min(1.0, step / 4)}

    class FadedLoss(Loss):
        def generator_logs(self, fake):
            return {"alpha": keras.ops.convert_to_tensor(gan.scheduled["alpha"])}

    recipe = registry.get("dcgan")
    config = recipe.make_config("quick")
    gan = Faded(config, recipe.generator(config), recipe.discriminator(config), FadedLoss(config))
    for step in range(6):
        seen.append(gan.train_step(batches(gan, 4), np.random.default_rng(step), step)["g_alpha"])
    assert seen == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]


def test_a_phase_naming_a_network_that_does_not_exist_is_refused(quick_gan):
    gan = quick_gan("dcgan")
    with pytest.raises(ValueError, match=r"trains \['critic'\], which are not among the networks"):
        Composite(gan.networks, Phase("critic", "critic"), gan.discriminator_outputs, gan.loss.discriminator)


def test_an_objective_reading_a_name_the_phase_lacks_says_so(quick_gan):
    class Wrong(Loss):
        def generator(self, fake, labels):
            return fake

    recipe = registry.get("dcgan")
    config = recipe.make_config("quick")
    gan = GAN(config, recipe.generator(config), recipe.discriminator(config), Wrong(config))
    with pytest.raises(TypeError, match=r"reads \['labels'\], which the phase neither feeds nor outputs"):
        gan.train_step(batches(gan, 4), np.random.default_rng(0))


def test_spectral_norm_writes_its_vector_in_training_mode_only(quick_gan):
    """What the freeze test guards against: the layer does write u in place, so G's phase must put it back."""
    gan = quick_gan("sngan")
    u = [layer.u for layer in gan.discriminator._flatten_layers() if hasattr(layer, "u")]
    assert len(u) == 3  # two convolutions and the score
    before = [np.array(v.numpy()) for v in u]
    x = np.random.default_rng(0).uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32)
    gan.discriminator(x, training=False)
    assert all(np.array_equal(b, v.numpy()) for b, v in zip(before, u))
    gan.discriminator(x, training=True)
    assert not any(np.array_equal(b, v.numpy()) for b, v in zip(before, u))


def test_spectral_dense_divides_by_the_largest_singular_value():
    keras.utils.set_random_seed(0)
    layer = SpectralDense(3, use_bias=False)
    x = np.random.default_rng(0).standard_normal((2, 5)).astype(np.float32)
    layer(x)
    for _ in range(50):  # the power iteration converges
        layer(x, training=True)
    normalized = np.asarray(layer.normalized_kernel(False))
    assert np.linalg.svd(normalized, compute_uv=False)[0] == pytest.approx(1.0, abs=1e-3)
    assert np.allclose(normalized * np.linalg.svd(layer.kernel.numpy(), compute_uv=False)[0], layer.kernel.numpy(), atol=1e-4)


def test_gradient_norms_match_the_analytic_gradient():
    """For f(x) = sum(w * x^2), grad = 2 w x: the helper's norms, and no NaN where the gradient is 0."""
    w = np.arange(1, 7, dtype=np.float32).reshape(1, 6)
    x = np.random.default_rng(0).standard_normal((3, 6)).astype(np.float32)
    x[2] = 0.0
    norms = np.asarray(gradient_norms(lambda t: keras.ops.sum(w * t**2, axis=1), keras.ops.convert_to_tensor(x)))
    assert np.allclose(norms[:2], np.linalg.norm(2 * w * x[:2], axis=1), rtol=1e-5)
    assert norms[2] == pytest.approx(0.0, abs=1e-5)


def test_recomputed_batchnorm_statistics_are_those_of_the_given_images(quick_gan):
    gan = quick_gan("acgan")
    images = np.random.default_rng(0).uniform(-1, 1, (64, 28, 28, 1)).astype(np.float32)
    recompute_batchnorm_statistics(gan.discriminator, images)
    norm = next(layer for layer in gan.discriminator.layers if isinstance(layer, keras.layers.BatchNormalization))
    inputs = np.asarray(keras.Model(gan.discriminator.inputs, norm.input)(images, training=False))
    assert np.allclose(norm.moving_mean.numpy(), inputs.mean(axis=(0, 1, 2)), atol=1e-5)
    assert np.allclose(norm.moving_variance.numpy(), inputs.var(axis=(0, 1, 2)), atol=1e-4)


@pytest.mark.parametrize("name", RECIPES)
def test_generate_gives_images_in_range_in_batches(name, quick_gan):
    gan = quick_gan(name)
    x = generate(gan.networks[gan.generator_name], gan.sample_inputs(7, np.random.default_rng(0)), batch_size=3)
    assert x.shape == (7, *gan.config.image_shape) and x.dtype == np.float32
    assert x.min() >= -1 and x.max() <= 1


@pytest.mark.parametrize("name", [n for n in RECIPES if registry.get(n).gan.conditioning != "none"])
def test_the_label_changes_a_conditional_generators_output(name, quick_gan):
    gan = quick_gan(name)
    gan.train_step(batches(gan, 8), np.random.default_rng(0))
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


@pytest.mark.parametrize("precision, dtype", [("bf16", "bfloat16"), ("fp16", "float16")])
def test_mixed_precision_computes_in_low_precision_and_keeps_weights_and_objectives_in_float32(precision, dtype, quick_gan):
    gan = quick_gan("wgan_gp", mixed_precision=precision)  # its penalty differentiates D in low precision too
    assert keras.config.dtype_policy().name == "float32"  # the policy applied to the networks only
    convolutions = [layer for network in gan.networks.values() for layer in network.layers if isinstance(layer, keras.layers.Conv2D)]
    assert convolutions and all(layer.compute_dtype == dtype for layer in convolutions)
    assert all(w.dtype == "float32" for network in gan.networks.values() for w in network.weights)
    phase = gan.phase_list[0]
    inputs = getattr(gan, f"{phase.name}_inputs")(batches(gan, 8), np.random.default_rng(0))
    assert keras.backend.standardize_dtype(gan.composites[phase.name](inputs)["loss"].dtype) == "float32"
    logs = {}
    for step in range(3):
        logs = gan.train_step(batches(gan, 8), np.random.default_rng(step), step)
    assert all(np.isfinite(v) for v in logs.values())
    scaled = [type(o).__name__ for o in gan.optimizers.values()]
    assert scaled == ["LossScaleOptimizer"] * 2 if precision == "fp16" else "LossScaleOptimizer" not in scaled
    assert generate(gan.sampler, gan.sample_latent(4, np.random.default_rng(0))).dtype == np.float32


def test_an_unknown_precision_is_refused(quick_gan):
    with pytest.raises(ConfigError, match="mixed_precision must be one of none, bf16, fp16"):
        quick_gan("dcgan", mixed_precision="fp8")
