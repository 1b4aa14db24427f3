"""Crash safety: a run killed with SIGKILL at any moment resumes to exactly the run it would have been;
damaged checkpoints are set aside for intact older ones; a diverging run stops and keeps its last good
checkpoint; the same seed gives the same weights; TensorBoard logs no step twice."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import keras
import numpy as np
import pytest

from gan_cookbook.common.cli import main
from gan_cookbook.common.training import checkpoints, verify_checkpoint

STEPS = 300
# Every step checkpointed and every 20th a sample grid: most of a step's time is spent writing files.
RUN = ["vanilla_gan", "--preset", "quick", "--steps", str(STEPS), "--checkpoint-every", "1", "--sample-every", "20"]


def train_command(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "gan_cookbook.common.cli", "train", *RUN, "--out", str(out), "--verbose", "0", "--no-eval", *extra]


def saved_weights(out: Path) -> list[np.ndarray]:
    return [w for name in ("generator", "discriminator") for w in keras.saving.load_model(out / f"{name}.keras").get_weights()]


def newest_step(out: Path) -> int:
    found = checkpoints(out / "checkpoints")
    return int(found[0].name.split("_")[1]) if found else 0


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "run"
    subprocess.run(train_command(out), check=True, capture_output=True, timeout=600)
    return out


def test_ten_sigkills_at_random_moments_resume_to_the_uninterrupted_run(uninterrupted, tmp_path):
    out, rng = tmp_path / "run", random.Random(0)
    kills, during_writes, last = 0, 0, 0
    while kills < 10:
        process = subprocess.Popen(train_command(out, *(["--resume"] if kills else [])), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while newest_step(out) <= last and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # wait until this session has trained and saved at least one step
        time.sleep(rng.uniform(0.0, 0.3))
        assert process.poll() is None, f"the run ended before kill {kills + 1}: {process.stderr.read().decode()[-2000:]}"
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
        during_writes += any((out / "checkpoints").glob(".tmp_step_*"))  # killed while writing a checkpoint
        for checkpoint in checkpoints(out / "checkpoints"):
            verify_checkpoint(checkpoint)  # never a half-written or damaged one among them
        last = newest_step(out)
        assert 0 < last < STEPS
    done = subprocess.run(train_command(out, "--resume"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert during_writes >= 1, "no kill landed in a checkpoint write"
    for a, b in zip(saved_weights(uninterrupted), saved_weights(out)):
        np.testing.assert_array_equal(a, b)
    assert (out / "history.csv").read_text() == (uninterrupted / "history.csv").read_text()
    for grid in ("samples.png", "samples/step_0000300.png"):
        assert (out / grid).read_bytes() == (uninterrupted / grid).read_bytes()


def test_a_kill_during_the_final_save_is_finished_by_resume(uninterrupted, tmp_path):
    out = tmp_path / "run"
    process = subprocess.Popen(train_command(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not (out / ".tmp_generator.keras").exists() and not (out / "generator.keras").exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not all((out / f"{name}.keras").exists() for name in ("generator", "discriminator")), "the kill came after the final save"
    done = subprocess.run(train_command(out, "--resume"), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for a, b in zip(saved_weights(uninterrupted), saved_weights(out)):
        np.testing.assert_array_equal(a, b)


def test_a_damaged_newest_checkpoint_is_set_aside_for_an_older_one(uninterrupted, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(uninterrupted, out)
    for name in ("generator.keras", "discriminator.keras"):
        (out / name).unlink()
    newest, older, oldest = checkpoints(out / "checkpoints")
    weights = newest / "generator.weights.h5"
    weights.write_bytes(weights.read_bytes()[:100])  # truncated
    shutil.rmtree(older)  # deleted
    with pytest.warns(UserWarning, match=f"checkpoint {newest.name} cannot be restored .*truncated"):
        assert main(["train", *RUN, "--out", str(out), "--verbose", "0", "--no-eval", "--resume"]) == 0
    assert (out / "checkpoints" / f".damaged_{newest.name}").is_dir()
    for a, b in zip(saved_weights(uninterrupted), saved_weights(out)):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_a_diverging_run_stops_with_one_line_and_exits_non_zero(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["train", "vanilla_gan", "--preset", "quick", "--steps", "50", "--out", str(out), "--verbose", "0", "--lr", "1e30"]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("gan-cookbook: error: training diverged at step 1, phase 'generator': g_loss = nan") and "\n" not in err, err
    assert "Lower the learning rate" in err and not (out / "generator.keras").exists()


def test_divergence_keeps_the_last_good_checkpoint_as_latest(tmp_path):
    from gan_cookbook.common import registry
    from gan_cookbook.common.data import load_mnist
    from gan_cookbook.common.training import DivergenceError, Trainer

    images = load_mnist(split="test")[0][:256]
    recipe = registry.get("vanilla_gan")
    config = recipe.make_config("quick", steps=20, checkpoint_every=2, sample_every=2)
    trainer = Trainer(recipe.build(config), images, tmp_path, verbose=0)
    trainer.fit(6)
    for optimizer in trainer.gan.optimizers.values():
        optimizer.learning_rate.assign(1e30)
    with pytest.raises(DivergenceError, match=r"training diverged at step 7, .*the last good checkpoint \(step_0000006\) stays 'latest'"):
        trainer.fit()
    assert [c.name for c in checkpoints(tmp_path / "checkpoints")][0] == "step_0000006"
    resumed = Trainer(recipe.build(config), images, tmp_path, verbose=0)
    assert resumed.resume() == 6
    assert all(np.isfinite(w).all() for w in resumed.gan.generator.get_weights())


def test_the_same_seed_gives_the_same_weights(tmp_path):
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert main(["train", "dcgan", "--preset", "quick", "--steps", "6", "--out", str(out), "--verbose", "0", "--no-eval"]) == 0
    for a, b in zip(saved_weights(outs[0]), saved_weights(outs[1])):
        np.testing.assert_array_equal(a, b)


def test_tensorboard_logs_each_step_once_after_a_resume(tmp_path):
    import tensorflow as tf

    out = tmp_path / "run"
    quick = ["train", "vanilla_gan", "--preset", "quick", "--out", str(out), "--verbose", "0", "--no-eval", "--checkpoint-every", "10"]
    assert main([*quick, "--steps", "35"]) == 0  # logs to step 30, checkpoint at 35
    shutil.rmtree(out / "checkpoints" / "step_0000035")  # as if killed after step 35 was logged but before its checkpoint
    (out / "generator.keras").unlink()
    os.remove(out / "discriminator.keras")
    assert main([*quick, "--steps", "50", "--resume"]) == 0
    seen = []
    for events in (out / "tensorboard").glob("events.out.tfevents.*"):
        for event in tf.compat.v1.train.summary_iterator(str(events)):
            seen += [(value.tag, event.step) for value in event.summary.value]
    scalar_steps = sorted(step for tag, step in seen if tag == "d_loss")
    assert scalar_steps == list(range(10, 51, 10)), scalar_steps
    assert len(seen) == len(set(seen))


def test_a_resumed_run_counts_the_time_of_every_session(tmp_path):
    import json

    quick = ["train", "vanilla_gan", "--preset", "quick", "--out", str(tmp_path), "--verbose", "0", "--no-eval", "--checkpoint-every", "5"]
    assert main([*quick, "--steps", "10"]) == 0
    first = json.loads((tmp_path / "checkpoints" / "step_0000010" / "state.json").read_text())
    assert main([*quick, "--steps", "20", "--resume"]) == 0
    both = json.loads((tmp_path / "checkpoints" / "step_0000020" / "state.json").read_text())
    assert both["train_seconds"] > first["train_seconds"] > 0 and both["wall_seconds"] > first["wall_seconds"]


def test_a_checkpoint_of_another_seed_is_refused_not_set_aside(tmp_path):
    from gan_cookbook.common import registry
    from gan_cookbook.common.data import load_mnist
    from gan_cookbook.common.training import ResumeError, Trainer

    images = load_mnist(split="test")[0][:256]
    recipe = registry.get("vanilla_gan")
    Trainer(recipe.build(recipe.make_config("quick", steps=4, checkpoint_every=2)), images, tmp_path, verbose=0).fit()
    other = Trainer(recipe.build(recipe.make_config("quick", steps=4, checkpoint_every=2, seed=1)), images, tmp_path, verbose=0)
    with pytest.raises(ResumeError, match="written with seed 0, this run has seed 1"):
        other.resume()
    assert [c.name for c in checkpoints(tmp_path / "checkpoints")] == ["step_0000004", "step_0000002"]
