"""The training loop every recipe shares, its callbacks, and checkpoints.

``Trainer(gan, data, out).fit()`` calls ``gan.train_step(batches, rng, step)`` for
``config.steps`` steps; the GAN's phases draw as many real batches from ``batches`` as they
need. Each step returns a dict of floats; Keras callbacks read that dict (``logs``) and the
GAN's preview, never the other way round. Everything lands under ``out``::

    config.json           the recipe and every hyper-parameter of the run
    history.csv           one row of step logs per step
    curves.png            losses and discriminator accuracies (raw and smoothed)
    samples/step_*.png    grids from the GAN's fixed preview inputs, every ``sample_every`` steps
    progress.gif          those grids as an animation
    tensorboard/          scalars and sample images (``tensorboard --logdir out``)
    checkpoints/step_*/   each network's weights, each phase's optimizer state, step, batches drawn,
                          history and the GAN's own state (a pool of fakes); ``latest`` names the newest
    generator.keras       the generator to sample from (the weight average, if the run keeps one),
                          what ``sample``/``evaluate`` load

Randomness is counter-based (``Stream`` in ``common/template.py``): the batch order of epoch
``e`` comes from ``(seed, BATCH_ORDER, e)`` and the draws of step ``s`` from ``(seed, STEP, s)``,
so a checkpoint's step and its count of drawn batches are the whole RNG state, and a resumed run
continues exactly where an uninterrupted one would be.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import keras
import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.data import BatchSampler
from gan_cookbook.common.template import GAN, Stream, random_stream

KEEP_CHECKPOINTS = 3


def step_rng(seed: int, step: int) -> np.random.Generator:
    """The random stream of one training step (latent vectors), from (seed, step) alone."""
    return random_stream(seed, Stream.STEP, step)


# -- checkpoints ---------------------------------------------------------------------------------
def save_checkpoint(gan: GAN, folder: str | os.PathLike, step: int, history: dict[str, list[float]], draws: int = 0) -> Path:
    """Write ``folder/step_<step>`` atomically (temp folder, then rename) and point ``latest`` at it.

    ``draws``: how many real batches the run has drawn so far.
    """
    folder = Path(folder)
    final = folder / f"step_{step:07d}"
    tmp = folder / f".tmp_step_{step:07d}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, network in gan.networks.items():
        network.save_weights(tmp / f"{name}.weights.h5")
    for name, optimizer in gan.optimizers.items():
        store: dict[str, np.ndarray] = {}
        optimizer.save_own_variables(store)
        np.savez(tmp / f"{name}_optimizer.npz", **store)
    _write_history(tmp / "history.csv", history)
    if state := gan.state():
        np.savez(tmp / "gan_state.npz", **state)
    (tmp / "state.json").write_text(json.dumps({"step": step, "seed": gan.config.seed, "draws": draws}))
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    _atomic_write(folder / "latest", final.name)
    for old in sorted(folder.glob("step_*"))[:-KEEP_CHECKPOINTS]:
        shutil.rmtree(old)
    return final


def latest_checkpoint(folder: str | os.PathLike) -> Path | None:
    latest = Path(folder) / "latest"
    return Path(folder) / latest.read_text().strip() if latest.is_file() else None


def restore_checkpoint(gan: GAN, checkpoint: str | os.PathLike) -> tuple[int, int, dict[str, list[float]]]:
    """Load weights and optimizer states into ``gan``; return the step, the batches drawn and the history so far."""
    checkpoint = Path(checkpoint)
    state = json.loads((checkpoint / "state.json").read_text())
    if state["seed"] != gan.config.seed:
        raise ValueError(f"{checkpoint} was written with seed {state['seed']}, this run has seed {gan.config.seed}")
    for name, network in gan.networks.items():
        network.load_weights(checkpoint / f"{name}.weights.h5")
    for name, composite in gan.composites.items():
        if not composite.optimizer.built:
            composite.optimizer.build(composite.trainable_variables)
        with np.load(checkpoint / f"{name}_optimizer.npz") as store:
            composite.optimizer.load_own_variables(dict(store))
    if (checkpoint / "gan_state.npz").is_file():
        with np.load(checkpoint / "gan_state.npz") as store:
            gan.load_state(dict(store))
    return state["step"], state.get("draws", 0), _read_history(checkpoint / "history.csv")


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _write_history(path: Path, history: dict[str, list[float]]) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["step", *history])
        writer.writerows([i + 1, *row] for i, row in enumerate(zip(*history.values())))


def _read_history(path: Path) -> dict[str, list[float]]:
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    keys = [k for k in (rows[0] if rows else {}) if k != "step"]
    return {k: [float(r[k]) for r in rows] for k in keys}


# -- callbacks -------------------------------------------------------------------------------------
# Each reads ``logs`` and ``self.model`` (the GAN); ``self.params`` holds "steps", "out" and "history".
class SampleGrid(keras.callbacks.Callback):
    """A grid from the GAN's fixed preview inputs every ``every`` steps; at the end, the GIF of them all."""

    def __init__(self, every: int, seed: int = 0) -> None:
        super().__init__()
        self.every, self.seed = every, seed

    def on_train_begin(self, logs=None) -> None:
        self.inputs, self.rows = self.model.preview_inputs(random_stream(self.seed, Stream.GRID))
        self.folder = Path(self.params["out"]) / "samples"

    def save(self, path: Path) -> None:
        plots.save_grid(self.model.preview(self.inputs), path, rows=self.rows)

    def on_train_batch_end(self, step: int, logs=None) -> None:
        if self.every and step % self.every == 0:
            self.save(self.folder / f"step_{step:07d}.png")

    def on_train_end(self, logs=None) -> None:
        out = Path(self.params["out"])
        self.save(out / "samples.png")
        frames = [plots.imageio.imread(p) for p in sorted(self.folder.glob("step_*.png"))]
        if frames:
            plots.save_gif(frames, out / "progress.gif")


class Curves(keras.callbacks.Callback):
    """``curves.png`` and ``history.csv`` every ``every`` steps and at the end."""

    def __init__(self, every: int) -> None:
        super().__init__()
        self.every = every

    def on_train_batch_end(self, step: int, logs=None) -> None:
        if self.every and step % self.every == 0:
            self.on_train_end()

    def on_train_end(self, logs=None) -> None:
        history, out = self.params["history"], Path(self.params["out"])
        if history and next(iter(history.values())):
            plots.save_curves(history, out / "curves.png")
            _write_history(out / "history.csv", history)


class TensorBoard(keras.callbacks.Callback):
    """Step logs as scalars every ``scalar_every`` steps, sample grids every ``image_every``."""

    def __init__(self, scalar_every: int = 10, image_every: int = 500) -> None:
        super().__init__()
        self.scalar_every, self.image_every = scalar_every, image_every

    def on_train_begin(self, logs=None) -> None:
        import tensorflow as tf

        self.tf = tf
        self.writer = tf.summary.create_file_writer(str(Path(self.params["out"]) / "tensorboard"))
        self.inputs, self.rows = self.model.preview_inputs(random_stream(self.model.config.seed, Stream.TENSORBOARD))

    def on_train_batch_end(self, step: int, logs=None) -> None:
        with self.writer.as_default(step=step):
            if step % self.scalar_every == 0:
                for key, value in (logs or {}).items():
                    self.tf.summary.scalar(key, value)
            if self.image_every and step % self.image_every == 0:
                image = plots.grid(self.model.preview(self.inputs), rows=self.rows)[None].astype(np.float32) / 255.0
                self.tf.summary.image("samples", image)

    def on_train_end(self, logs=None) -> None:
        self.writer.flush()


class Checkpoint(keras.callbacks.Callback):
    """An atomic checkpoint every ``every`` steps and at the end."""

    def __init__(self, every: int) -> None:
        super().__init__()
        self.every = every
        self.step = 0

    def save(self) -> None:
        save_checkpoint(
            self.model, Path(self.params["out"]) / "checkpoints", self.step, self.params["history"], self.params["batches"].draws
        )

    def on_train_batch_end(self, step: int, logs=None) -> None:
        self.step = step
        if self.every and step % self.every == 0:
            self.save()

    def on_train_end(self, logs=None) -> None:
        if self.step and not (Path(self.params["out"]) / "checkpoints" / f"step_{self.step:07d}").exists():
            self.save()


def default_callbacks(gan: GAN) -> list[keras.callbacks.Callback]:
    c = gan.config
    samples = c.sample_every if gan.trains_generator else 0
    return [
        *([SampleGrid(samples, seed=c.seed)] if samples else []),
        Curves(c.sample_every),
        TensorBoard(image_every=samples),
        Checkpoint(c.checkpoint_every),
    ]


# -- the loop ----------------------------------------------------------------------------------
class Trainer:
    """Runs a GAN's steps over in-memory data, with callbacks, a progress bar and resume.

    ``data`` is the images, or (images, labels) for a conditional recipe; batches take the same form.
    """

    def __init__(
        self,
        gan: GAN,
        data: np.ndarray | tuple[np.ndarray, ...],
        out: str | os.PathLike,
        callbacks: Sequence[keras.callbacks.Callback] | None = None,
        verbose: int = 1,
    ) -> None:
        self.gan, self.out, self.verbose = gan, Path(out), verbose
        self.batches = BatchSampler(gan.training_data(data), gan.config.batch_size, gan.config.seed)
        self.callbacks = list(default_callbacks(gan) if callbacks is None else callbacks)
        self.history: dict[str, list[float]] = {}
        self.step = 0
        self.train_seconds = 0.0
        self.timing: dict[str, float] = {}

    def resume(self) -> int:
        """Load the newest checkpoint under ``out/checkpoints``; return its step (0 if none)."""
        checkpoint = latest_checkpoint(self.out / "checkpoints")
        if checkpoint is not None:
            self.step, self.batches.draws, self.history = restore_checkpoint(self.gan, checkpoint)
        return self.step

    def fit(self, steps: int | None = None) -> dict[str, list[float]]:
        """Train until ``steps`` steps in all (default ``config.steps``) and return the history."""
        steps = self.gan.config.steps if steps is None else steps
        self.out.mkdir(parents=True, exist_ok=True)
        for callback in self.callbacks:
            callback.set_model(self.gan)
            callback.set_params({"steps": steps, "out": str(self.out), "history": self.history, "batches": self.batches})
            callback.on_train_begin()
        # verbose 1: a live progress bar of the latest values; 2: a line of means every 2% (for log files).
        progbar = None
        line_every = max(1, steps // 50)
        start = self.step
        while self.step < steps:
            tic = time.perf_counter()
            logs = self.gan.train_step(self.batches, step_rng(self.gan.config.seed, self.step), self.step)
            self.train_seconds += time.perf_counter() - tic
            self.step += 1
            for key in logs:  # a phase that runs only every few steps logs NaN in between
                self.history.setdefault(key, [float("nan")] * (self.step - 1))
            for key, values in self.history.items():
                values.append(float(logs.get(key, float("nan"))))
            for callback in self.callbacks:
                callback.on_train_batch_end(self.step, logs)
            if self.verbose == 1:
                progbar = progbar or keras.utils.Progbar(steps, stateful_metrics=list(logs))
                progbar.update(self.step, list(logs.items()))
            elif self.verbose == 2 and (self.step % line_every == 0 or self.step == steps):
                means = "  ".join(f"{k} {np.mean(v[-line_every:]):.4f}" for k, v in self.history.items())
                print(f"step {self.step}/{steps}  {means}  {1000 * self.train_seconds / (self.step - start):.1f} ms/step", flush=True)
        for callback in self.callbacks:
            callback.on_train_end()
        done = self.step - start
        if done:
            self.timing = {"steps": done, "train_seconds": self.train_seconds, "ms_per_step": 1000 * self.train_seconds / done}
        return self.history
