"""The loop: outputs, checkpoints, and a resumed run that continues exactly."""

import json

import keras
import numpy as np
import pytest

from gan_cookbook.common import registry
from gan_cookbook.common.training import Trainer, latest_checkpoint, save_checkpoint


def make_trainer(out, images, **overrides):
    recipe = registry.get("dcgan")
    config = recipe.make_config("quick", sample_every=2, checkpoint_every=2, **overrides)
    keras.utils.set_random_seed(config.seed)
    gan = recipe.build(config)
    return gan, Trainer(gan, images, out, verbose=0)


def weights(gan) -> list[np.ndarray]:
    return [w.numpy() for w in gan.generator.weights + gan.discriminator.weights + gan.sampler.weights]


def optimizer_state(gan) -> list[np.ndarray]:
    return [v.numpy() for o in gan.optimizers.values() for v in o.variables]


@pytest.mark.parametrize("precision", ["none", "fp16"])  # fp16: the loss scale is optimizer state too
def test_a_resumed_run_equals_an_uninterrupted_one(precision, tmp_path, mnist_train):
    images, settings = mnist_train[:256], {"generator_average": 0.9, "mixed_precision": precision}
    whole, trainer = make_trainer(tmp_path / "whole", images, **settings)
    trainer.fit(6)

    _, first = make_trainer(tmp_path / "split", images, **settings)
    first.fit(4)  # stopped after the checkpoint at step 4
    resumed, second = make_trainer(tmp_path / "split", images, **settings)
    assert second.resume() == 4
    history = second.fit(6)

    assert len(history["d_loss"]) == 6
    assert np.allclose(history["g_loss"], trainer.history["g_loss"], atol=1e-6)
    for a, b in zip(weights(whole), weights(resumed)):
        np.testing.assert_allclose(a, b, atol=1e-6)
    for a, b in zip(optimizer_state(whole), optimizer_state(resumed)):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_a_run_writes_the_documented_layout(tmp_path, mnist_train):
    _, trainer = make_trainer(tmp_path, mnist_train[:128])
    trainer.fit(4)
    for name in ["curves.png", "history.csv", "samples.png", "progress.gif", "samples/step_0000002.png", "samples/step_0000004.png"]:
        assert (tmp_path / name).is_file(), name
    assert list((tmp_path / "tensorboard").glob("events.out.tfevents.*"))
    checkpoint = latest_checkpoint(tmp_path / "checkpoints")
    assert checkpoint.name == "step_0000004"
    assert json.loads((checkpoint / "state.json").read_text())["step"] == 4
    assert trainer.timing["steps"] == 4 and trainer.timing["ms_per_step"] > 0


def test_checkpoints_keep_the_newest_three_and_leave_no_temp_folders(tmp_path, quick_gan):
    gan = quick_gan("vanilla_gan")
    for step in range(1, 6):
        save_checkpoint(gan, tmp_path, step, {"d_loss": [0.0] * step})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "step_0000003", "step_0000004", "step_0000005"]
    assert latest_checkpoint(tmp_path).name == "step_0000005"


def test_samples_come_from_the_moving_average_of_the_generator(tmp_path, mnist_train):
    gan, trainer = make_trainer(tmp_path, mnist_train[:256], generator_average=0.5)
    start = [w.numpy() for w in gan.generator.trainable_weights]
    trainer.fit(3)
    assert gan.sampler is gan.averaged_generator
    # with momentum 0.5 the average after three updates is (start + w1) / 4 + w2 / 4 + w3 / 2,
    # so it lies strictly between the start and the trained weights
    average = [w.numpy() for w in gan.sampler.trainable_weights]
    trained = [w.numpy() for w in gan.generator.trainable_weights]
    assert not any(np.array_equal(a, t) for a, t in zip(average, trained))
    assert not any(np.array_equal(a, s) for a, s in zip(average, start))
    assert gan.optimizers["discriminator"].use_ema is False


def test_the_evaluated_discriminator_is_the_moving_average_of_d(tmp_path, mnist_train):
    gan, trainer = make_trainer(tmp_path, mnist_train[:256], discriminator_average=0.5)
    assert gan.evaluated_discriminator is gan.averaged_discriminator
    start = [w.numpy() for w in gan.discriminator.trainable_weights]
    trainer.fit(3)
    average = [w.numpy() for w in gan.evaluated_discriminator.trainable_weights]
    trained = [w.numpy() for w in gan.discriminator.trainable_weights]
    assert not any(np.array_equal(a, t) for a, t in zip(average, trained))
    assert not any(np.array_equal(a, s) for a, s in zip(average, start))
    assert gan.optimizers["generator"].use_ema is False and gan.sampler is gan.generator
    plain = make_trainer(tmp_path / "plain", mnist_train[:256])[0]
    assert plain.evaluated_discriminator is plain.discriminator


def test_linear_decay_reaches_zero_at_the_last_step(tmp_path, mnist_train):
    gan, trainer = make_trainer(tmp_path, mnist_train[:128], learning_rate_decay=True, steps=4)
    trainer.fit()
    for optimizer in gan.optimizers.values():
        assert int(optimizer.iterations) == 4 and float(optimizer.learning_rate) == 0.0


def test_log_lines_for_files(tmp_path, mnist_train, capsys):
    _, trainer = make_trainer(tmp_path, mnist_train[:128])
    trainer.verbose = 2
    trainer.fit(4)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("step ")]
    assert lines[-1].startswith("step 4/4  d_loss ") and lines[-1].endswith("ms/step")
