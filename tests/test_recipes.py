"""Each recipe's models have the documented shapes and structure."""

import os
import subprocess
import sys

import keras
import numpy as np
import pytest
from conftest import random_batches
from PIL import Image

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.data import BatchSampler
from gan_cookbook.common.layers import upsamplings


def build(name, **overrides):
    recipe = registry.get(name)
    config = recipe.make_config(None, **overrides)
    return recipe.generator(config).build(), recipe.discriminator(config).build()


def layer_types(model: keras.Model) -> list[str]:
    return [type(layer).__name__ for layer in model.layers]


def dense_units(model: keras.Model) -> list[int]:
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def test_vanilla_gan_is_the_documented_mlp():
    generator, discriminator = build("vanilla_gan")
    assert generator.input_shape == (None, 100) and generator.output_shape == (None, 28, 28, 1)
    assert discriminator.input_shape == (None, 28, 28, 1) and discriminator.output_shape == (None, 1)
    assert dense_units(generator) == [256, 512, 1024, 784]
    assert dense_units(discriminator) == [512, 256, 1]
    assert generator.layers[-2].activation.__name__ == "tanh"


@pytest.mark.parametrize("shape", [(28, 28, 1), (64, 64, 3)])
def test_dcgan_has_the_paper_structure_at_each_size(shape):
    generator, discriminator = build("dcgan", image_shape=shape)
    assert generator.output_shape == (None, *shape) and discriminator.output_shape == (None, 1)
    stages = {28: 2, 64: 4}[shape[0]]
    convs = [layer for layer in generator.layers if isinstance(layer, keras.layers.Conv2DTranspose)]
    assert len(convs) == stages and convs[-1].activation.__name__ == "tanh"
    assert layer_types(generator).count("BatchNormalization") == stages
    d_types = layer_types(discriminator)
    assert d_types.count("Conv2D") == stages and d_types.count("BatchNormalization") == stages - 1
    assert d_types[1:3] == ["Conv2D", "LeakyReLU"]  # no BatchNorm on D's input layer


def test_dcgan_discriminator_batchnorm_can_be_left_out():
    _, discriminator = build("dcgan", discriminator_batchnorm=False)
    assert "BatchNormalization" not in layer_types(discriminator)


def test_dcgan_hidden_units_add_one_dense_layer_to_each_network():
    generator, discriminator = build("dcgan", hidden_units=32, discriminator_filters=4, generator_filters=4)
    plain_g, plain_d = build("dcgan", discriminator_filters=4, generator_filters=4)
    assert dense_units(generator) == [32, 7 * 7 * 8] and dense_units(plain_g) == [7 * 7 * 8]  # z -> 32 -> the 7x7 map
    assert dense_units(discriminator) == [32, 1] and dense_units(plain_d) == [1]  # features -> 32 -> the logit
    assert layer_types(generator).count("BatchNormalization") == layer_types(plain_g).count("BatchNormalization") + 1
    assert layer_types(discriminator).count("BatchNormalization") == layer_types(plain_d).count("BatchNormalization") + 1
    assert generator.output_shape == (None, 28, 28, 1) and discriminator.output_shape == (None, 1)


def test_dcgan_refuses_sizes_it_cannot_reach():
    assert upsamplings(28) == 2 and upsamplings(64) == 4 and upsamplings(32) == 3
    with pytest.raises(ValueError, match="28, 32, 64"):
        upsamplings(50)


def test_dcgan_trains_on_a_folder_of_rgb_images(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(8):
        Image.fromarray(rng.integers(0, 255, (80, 70, 3), dtype=np.uint8)).save(tmp_path / f"{i}.jpg")
    out = tmp_path / "run"
    small = ["--steps", "2", "--batch-size", "4", "--generator-filters", "4", "--discriminator-filters", "4", "--verbose", "0"]
    assert main(["train", "dcgan", "--preset", "rgb64", "--data", str(tmp_path), "--out", str(out), *small]) == 0
    assert (out / "generator.keras").is_file() and not (out / "metrics.json").exists()  # no MNIST evaluator for RGB
    assert keras.saving.load_model(out / "generator.keras").output_shape == (None, 64, 64, 3)


def test_cgan_conditions_both_networks_on_the_label():
    generator, discriminator = build("cgan")
    assert [tuple(i.shape) for i in generator.inputs] == [(None, 100), (None, 10)] and generator.output_shape == (None, 28, 28, 1)
    assert [tuple(i.shape) for i in discriminator.inputs] == [(None, 28, 28, 1), (None, 10)] and discriminator.output_shape == (None, 1)
    first_conv = next(layer for layer in discriminator.layers if isinstance(layer, keras.layers.Conv2D))
    assert first_conv.input.shape[-1] == 2  # the image and the label's map, as two channels


def test_acgan_discriminator_sees_no_label_and_has_two_heads():
    generator, discriminator = build("acgan")
    assert [tuple(i.shape) for i in generator.inputs] == [(None, 100), (None, 10)] and generator.output_shape == (None, 28, 28, 1)
    assert discriminator.input_shape == (None, 28, 28, 1)
    assert {k: tuple(v.shape) for k, v in discriminator.output.items()} == {"source": (None, 1), "class": (None, 10)}


def forward(gan, phase: str, n: int = 8, seed: int = 0) -> tuple[dict, dict]:
    """A phase's inputs for ``n`` random images, and its forward pass in inference mode (no noise: comparable)."""
    inputs = getattr(gan, f"{phase}_inputs")(random_batches(gan, n), np.random.default_rng(seed))
    outputs = getattr(gan, f"{phase}_outputs")
    tensors = {k: keras.ops.convert_to_tensor(v) for k, v in _named(outputs, inputs, {}).items()}
    return inputs, {k: np.asarray(v) for k, v in outputs(**tensors).items()}


def bce(target: float, logits: np.ndarray) -> float:
    p = 1 / (1 + np.exp(-logits.astype(np.float64)))
    return float(np.mean(-(target * np.log(p) + (1 - target) * np.log(1 - p))))


def ce(classes: np.ndarray, logits: np.ndarray) -> float:
    logits = logits.astype(np.float64)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(classes)), classes]))


@pytest.mark.parametrize("name", registry.names())
def test_each_phases_loss_is_its_objective_on_its_forward_pass(name, quick_gan):
    """The composite adds nothing to the objective: its loss is Loss.<phase> on <phase>_outputs."""
    gan = quick_gan(name)
    for phase in gan.phase_list:
        inputs, outputs = forward(gan, phase.name)
        composite = float(gan.composites[phase.name](inputs, training=False)["loss"])
        assert composite == pytest.approx(
            float(getattr(gan.loss, phase.name)(**_named(getattr(gan.loss, phase.name), inputs, outputs))), rel=1e-5
        )


def _named(fn, inputs: dict, outputs: dict) -> dict:
    import inspect

    values = {**inputs, **outputs}
    return {k: values[k] for k in inspect.signature(fn).parameters}


@pytest.mark.parametrize("classify_fakes", [True, False])
def test_acgan_objective_is_the_source_term_plus_w_times_the_class_term(classify_fakes, quick_gan):
    gan = quick_gan("acgan", classify_fakes=classify_fakes, class_weight=0.7)
    inputs, out = forward(gan, "discriminator")
    source = 0.5 * (bce(1, out["real"]) + bce(0, out["fake"]))
    classes = 0.5 * (ce(inputs["classes"], out["real_class"]) + classify_fakes * ce(inputs["fake_classes"], out["fake_class"]))
    loss = gan.loss.discriminator(**{k: v for k, v in {**inputs, **out}.items() if k not in ("x", "z")})
    assert float(loss) == pytest.approx(source + 0.7 * classes, rel=1e-4)
    inputs, out = forward(gan, "generator")
    expected = bce(1, out["fake"]) + 0.7 * ce(inputs["fake_classes"], out["fake_class"])
    assert float(gan.loss.generator(out["fake"], out["fake_class"], inputs["fake_classes"])) == pytest.approx(expected, rel=1e-4)
    logs = gan.train_step(BatchSampler((np.zeros((16, 28, 28, 1), np.float32), np.arange(16) % 10), 8, 0), np.random.default_rng(0))
    assert 0 <= logs["d_class_acc_real"] <= 1 and 0 <= logs["d_class_acc_fake"] <= 1


def test_infogan_has_the_paper_networks_and_a_q_head_on_d():
    generator, discriminator = build("infogan")
    assert [tuple(i.shape) for i in generator.inputs] == [(None, 64), (None, 10)] and generator.output_shape == (None, 28, 28, 1)
    outputs = {k: tuple(v.shape) for k, v in discriminator.output.items()}
    assert outputs == {"source": (None, 1), "categorical": (None, 10), "continuous": (None, 2)}
    assert dense_units(discriminator) == [1024, 128, 10, 2, 1]


def test_infogan_reads_no_labels_and_q_is_fitted_to_the_codes_that_made_each_fake(quick_gan):
    gan = quick_gan("infogan")
    images = np.random.default_rng(0).uniform(-1, 1, (16, 28, 28, 1)).astype(np.float32)
    logs = gan.train_step(images[:8], np.random.default_rng(0))  # images alone: InfoGAN never sees a label
    assert 0 <= logs["d_q_acc_code"] <= 1
    inputs, out = forward(gan, "discriminator")
    assert set(inputs) == {"x", "z", "code"} and inputs["code"].shape == (8,)
    # Q's negative log-likelihood of the code that made each fake: cross-entropy, plus 0.5 ||c - mu||^2 for the continuous codes
    information = ce(inputs["code"], out["categorical"]) + 0.1 * 0.5 * np.mean(
        np.sum((inputs["z"][:, -2:] - out["continuous"]) ** 2, axis=1)
    )
    expected = 0.5 * (bce(1, out["real"]) + bce(0, out["fake"])) + information
    loss = gan.loss.discriminator(out["real"], out["fake"], inputs["z"], inputs["code"], out["categorical"], out["continuous"])
    assert float(loss) == pytest.approx(expected, rel=1e-4)
    assert gan.optimizers["generator"].learning_rate.numpy() == pytest.approx(1e-3)  # the paper's faster G
    assert gan.optimizers["discriminator"].learning_rate.numpy() == pytest.approx(2e-4)


def test_the_same_seed_builds_the_same_weights_in_a_fresh_process():
    """Initializers are made after ``set_random_seed``, not at import (where they would draw a seed of their own)."""
    script = (
        "import keras, numpy as np\n"
        "from gan_cookbook.common import registry\n"
        "keras.utils.set_random_seed(3)\n"
        "for name in registry.names():\n"
        "    g = registry.get(name).build(registry.get(name).make_config('quick'))\n"
        "    print(name, sum(float(np.abs(w).sum()) for n in g.networks.values() for w in n.get_weights()))\n"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr[-2000:]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.count("\n") == len(registry.names())


def test_sgan_discriminator_is_a_k_way_classifier_whose_logits_also_say_real():
    generator, discriminator = build("sgan")
    assert generator.input_shape == (None, 100) and generator.output_shape == (None, 28, 28, 1)
    assert [layer.units for layer in discriminator.layers if hasattr(layer, "units")] == [1000, 500, 250, 250, 250, 10]
    x = np.random.default_rng(0).uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32)
    out = discriminator(x, training=False)
    assert {k: tuple(v.shape) for k, v in out.items()} == {"class": (4, 10), "source": (4, 1), "features": (4, 250)}
    # shared softmax with the fake class's logit at 0: P(real) = Z / (Z + 1), so the real/fake logit is log Z
    z = np.exp(np.asarray(out["class"], np.float64)).sum(axis=1)
    assert np.allclose(keras.ops.sigmoid(out["source"])[:, 0], z / (z + 1), atol=1e-5)


@pytest.mark.parametrize("seed", [0, 1])
def test_sgan_labelled_subset_is_balanced_and_the_same_for_the_same_seed(seed, quick_gan):
    from gan_cookbook.common.data import labelled_subset

    labels = np.random.default_rng(9).integers(0, 10, 2_000)
    chosen = labelled_subset(labels, 10, seed)
    assert len(chosen) == 100 and len(set(chosen)) == 100
    assert np.array_equal(np.bincount(labels[chosen], minlength=10), np.full(10, 10))
    assert np.array_equal(chosen, labelled_subset(labels, 10, seed))
    assert not np.array_equal(chosen, labelled_subset(labels, 10, seed + 1))
    gan = quick_gan("sgan", labels_per_class=10, seed=seed)
    images = np.arange(2_000, dtype=np.float32)[:, None, None, None] * np.ones((1, 28, 28, 1), np.float32)
    unlabelled = gan.training_data((images, labels))
    assert unlabelled is images  # every image is also used unlabelled, as in the paper
    assert np.array_equal(gan.labelled[0][:, 0, 0, 0], chosen) and np.array_equal(gan.labelled[1], labels[chosen])
    with pytest.raises(ValueError, match="class 3 has 2 examples, fewer than the 10"):
        labelled_subset(np.repeat(np.arange(10), [10, 10, 10, 2, 10, 10, 10, 10, 10, 10]), 10, 0)


@pytest.mark.parametrize("feature_matching", [True, False])
def test_sgan_objectives_are_the_papers(feature_matching, quick_gan):
    gan = quick_gan("sgan", feature_matching=feature_matching, unlabelled_weight=0.5)
    inputs, out = forward(gan, "discriminator", n=10)
    assert set(inputs["classes"]) <= set(range(10)) and inputs["x_labelled"].shape == inputs["x"].shape
    supervised = ce(inputs["classes"], out["class_logits"])
    unsupervised = 0.5 * (bce(1, out["real"]) + bce(0, out["fake"]))  # -E log P(real | x) - E log P(fake | G(z)), halves
    loss = gan.loss.discriminator(inputs["classes"], out["class_logits"], out["real"], out["fake"])
    assert float(loss) == pytest.approx(supervised + 0.5 * unsupervised, rel=1e-4)
    inputs, out = forward(gan, "generator", n=10)
    loss = float(gan.loss.generator(out["fake"], out["fake_features"], out["real_features"]))
    if feature_matching:  # || mean f(x) - mean f(G(z)) ||^2, averaged over features
        assert loss == pytest.approx(np.mean((out["fake_features"].mean(axis=0) - out["real_features"].mean(axis=0)) ** 2), rel=1e-4)
    else:
        assert loss == pytest.approx(bce(1, out["fake"]), rel=1e-4)


def test_sgan_supervised_baseline_trains_d_on_the_labels_alone(quick_gan):
    gan = quick_gan("sgan", supervised_baseline=True)
    assert not gan.trains_generator and [p.name for p in gan.phase_list] == ["classifier"]
    images = np.random.default_rng(0).uniform(-1, 1, (40, 28, 28, 1)).astype(np.float32)
    real = gan.training_data((images, np.arange(40) % 10))[:10]
    logs = gan.train_step(real, np.random.default_rng(0))
    assert set(logs) == {"d_loss", "d_class_acc"}
    inputs, out = forward(gan, "classifier", n=10)
    assert float(gan.loss.classifier(inputs["classes"], out["class_logits"])) == pytest.approx(
        ce(inputs["classes"], out["class_logits"]), rel=1e-4
    )


def test_least_squares_hinge_and_wasserstein_objectives_are_the_papers(quick_gan):
    real, fake = np.array([[0.3], [1.5], [-2.0]], np.float32), np.array([[-0.4], [0.9], [2.2]], np.float32)
    lsgan = quick_gan("lsgan").loss
    assert float(lsgan.discriminator(real, fake)) == pytest.approx(0.5 * np.mean((real - 1) ** 2) + 0.5 * np.mean(fake**2))
    assert float(lsgan.generator(fake)) == pytest.approx(0.5 * np.mean((fake - 1) ** 2))
    hinge = quick_gan("sngan").loss
    assert float(hinge.discriminator(real, fake)) == pytest.approx(np.mean(np.maximum(0, 1 - real)) + np.mean(np.maximum(0, 1 + fake)))
    assert float(hinge.generator(fake)) == pytest.approx(-np.mean(fake))
    wgan = quick_gan("wgan").loss
    assert float(wgan.critic(real, fake)) == pytest.approx(np.mean(fake) - np.mean(real))
    assert float(wgan.critic_logs(real, fake)["wasserstein"]) == pytest.approx(np.mean(real) - np.mean(fake))
    norms = np.array([0.5, 1.0, 2.0], np.float32)
    gp = quick_gan("wgan_gp", penalty_weight=10.0).loss
    assert float(gp.critic(real, fake, norms)) == pytest.approx(np.mean(fake) - np.mean(real) + 10 * np.mean((norms - 1) ** 2))


def test_wgan_gp_penalises_the_critics_gradient_at_uniform_interpolates(quick_gan):
    gan = quick_gan("wgan_gp")
    inputs, out = forward(gan, "critic", n=64)
    mix = inputs["mix"]
    assert mix.shape == (64, 1, 1, 1) and 0 <= mix.min() and mix.max() <= 1 and 0.3 < mix.mean() < 0.7  # U[0, 1], not a normal draw
    # the norm of the critic's gradient at the interpolate, by central differences along a random direction bounds it from below
    fake = np.asarray(gan.generator(inputs["z"]))
    between = mix * inputs["x"] + (1 - mix) * fake
    direction = np.random.default_rng(1).standard_normal(between.shape).astype(np.float32)
    direction /= np.linalg.norm(direction.reshape(64, -1), axis=1)[:, None, None, None]
    h = 1e-2
    slope = (np.asarray(gan.critic(between + h * direction)) - np.asarray(gan.critic(between - h * direction)))[:, 0] / (2 * h)
    assert np.all(np.abs(slope) <= out["gradient_norm"] * 1.01 + 1e-4) and out["gradient_norm"].shape == (64,)
    assert np.all(np.isfinite(out["gradient_norm"]))


def test_wgan_clips_every_critic_weight_in_the_critics_phase(quick_gan):
    gan = quick_gan("wgan", clip=0.01)
    gan.train_step(BatchSampler(np.zeros((32, 28, 28, 1), np.float32), 8, 0), np.random.default_rng(0))
    assert all(np.abs(w.numpy()).max() <= 0.01 + 1e-7 for w in gan.critic.trainable_weights)
    assert max(np.abs(w.numpy()).max() for w in gan.generator.trainable_weights) > 0.01  # G is not clipped


def test_spectral_norm_keeps_the_discriminators_layers_near_one(quick_gan):
    gan = quick_gan("sngan")
    x = np.random.default_rng(0).uniform(-1, 1, (8, 28, 28, 1)).astype(np.float32)
    for _ in range(30):
        gan.discriminator(x, training=True)  # power iterations
    for layer in [layer for layer in gan.discriminator.layers if hasattr(layer, "u")]:
        matrix = np.asarray(layer.normalized_kernel(False)).reshape(-1, layer.u.shape[-1])
        assert np.linalg.svd(matrix, compute_uv=False)[0] == pytest.approx(1.0, abs=0.02), layer.name


def test_weight_norm_layers_start_normalised_on_data_and_keep_hidden_lengths_fixed():
    from gan_cookbook.common.layers import WeightNormDense, data_dependent_init

    _, discriminator = build("sgan", discriminator_units=(32, 16))
    x = np.random.default_rng(0).uniform(-1, 1, (200, 28, 28, 1)).astype(np.float32)
    data_dependent_init(discriminator, x)
    for layer in [layer for layer in discriminator.layers if isinstance(layer, WeightNormDense)]:
        y = np.asarray(layer.pre_activation(keras.Model(discriminator.input, layer.input)(x, training=False)))
        assert np.allclose(y.mean(axis=0), 0, atol=1e-4) and np.allclose(y.std(axis=0), 1, atol=1e-3), layer.name
        trained = {w.path.split("/")[-1] for w in layer.trainable_weights}
        assert trained == ({"v", "g", "bias"} if layer.name == "class" else {"v", "bias"}), layer.name  # the paper's train_scale


def test_every_saved_network_loads_with_plain_keras_after_importing_the_package(tmp_path, quick_gan):
    files = []
    for name in registry.names():
        gan = quick_gan(name)
        for network, model in gan.networks.items():
            files.append(str(tmp_path / f"{name}_{network}.keras"))
            model.save(files[-1])
    script = "import sys, keras, gan_cookbook.common\nfor f in sys.argv[1:]: keras.saving.load_model(f)\nprint('loaded', len(sys.argv) - 1)"
    result = subprocess.run([sys.executable, "-c", script, *files], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"loaded {len(files)}" in result.stdout
