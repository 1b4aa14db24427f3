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
    checkpoints/step_*/   each network's weights, each phase's optimizer state, step, batches drawn, time
                          spent, history, the GAN's own state (a pool of fakes) and a manifest of the
                          files' sizes and CRC-32s; ``latest`` names the newest
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
import warnings
import zlib
from collections.abc import Sequence
from pathlib import Path

import keras
import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.data import BatchSampler, DataError
from gan_cookbook.common.template import GAN, Stream, random_stream

KEEP_CHECKPOINTS = 3


def step_rng(seed: int, step: int) -> np.random.Generator:
    """The random stream of one training step (latent vectors), from (seed, step) alone."""
    return random_stream(seed, Stream.STEP, step)


# -- checkpoints ---------------------------------------------------------------------------------
class CheckpointError(ValueError):
    """A checkpoint that cannot be restored (missing, truncated or altered files)."""


class ResumeError(ValueError):
    """A checkpoint of another run (another seed) than the one resuming."""


class DivergenceError(ValueError):
    """A training step gave a non-finite loss, or a network's weights are no longer finite."""


def save_checkpoint(
    gan: GAN, folder: str | os.PathLike, step: int, history: dict[str, list[float]], draws: int = 0, clock: dict | None = None
) -> Path:
    """Write ``folder/step_<step>`` atomically (temp folder, then rename) and point ``latest`` at it.

    ``draws``: how many real batches the run has drawn so far; ``clock``: its training and wall seconds.
    ``manifest.json``, written last, holds every file's size and CRC-32, so a damaged checkpoint is told
    from a good one (:func:`verify_checkpoint`).
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
    (tmp / "state.json").write_text(json.dumps({"step": step, "seed": gan.config.seed, "draws": draws, **(clock or {})}))
    manifest = {f.name: {"bytes": f.stat().st_size, "crc32": _crc32(f)} for f in sorted(tmp.iterdir())}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
    if final.exists():  # the same step saved again by a resumed run: move the old one aside first, in one rename
        _discard(final)
    os.replace(tmp, final)
    atomic_write(folder / "latest", final.name)
    for old in sorted(folder.glob("step_*"))[:-KEEP_CHECKPOINTS]:
        _discard(old)
    return final


def _discard(checkpoint: Path) -> None:
    """Delete a checkpoint folder so that no kill leaves a half-deleted ``step_*``: rename it (atomic), then delete."""
    trash = checkpoint.with_name(f".old_{checkpoint.name}")
    shutil.rmtree(trash, ignore_errors=True)
    os.replace(checkpoint, trash)
    shutil.rmtree(trash)


def _crc32(path: Path) -> int:
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def verify_checkpoint(checkpoint: str | os.PathLike) -> None:
    """Raise :class:`CheckpointError` unless every file of ``checkpoint`` is there with its recorded size and CRC-32."""
    checkpoint = Path(checkpoint)
    if not (checkpoint / "manifest.json").exists() and (checkpoint / "state.json").is_file():
        return  # written before checkpoints had manifests: a damaged file shows when it is loaded
    try:
        manifest = json.loads((checkpoint / "manifest.json").read_text())
    except (OSError, ValueError) as err:
        raise CheckpointError(f"{checkpoint.name} has no readable manifest.json ({err})") from None
    for name, expected in manifest.items():
        file = checkpoint / name
        if not file.is_file():
            raise CheckpointError(f"{checkpoint.name}/{name} is missing")
        if file.stat().st_size != expected["bytes"] or _crc32(file) != expected["crc32"]:
            raise CheckpointError(f"{checkpoint.name}/{name} was altered or truncated (size or CRC-32 differ from the manifest)")


def checkpoints(folder: str | os.PathLike) -> list[Path]:
    """The checkpoints under ``folder``, newest first: the one ``latest`` names, then the others by step.

    Half-written or half-deleted ones (``.tmp_step_*``, ``.old_step_*``, left by a process killed while writing
    or deleting) are never among them.
    """
    folder = Path(folder)
    found = sorted(folder.glob("step_*"), reverse=True)
    latest = folder / "latest"
    named = folder / latest.read_text().strip() if latest.is_file() else None
    return ([named] if named in found else []) + [c for c in found if c != named]


def latest_checkpoint(folder: str | os.PathLike) -> Path | None:
    """The newest checkpoint under ``folder`` (see :func:`checkpoints`), or None."""
    return next(iter(checkpoints(folder)), None)


def restore_checkpoint(gan: GAN, checkpoint: str | os.PathLike) -> tuple[int, int, dict[str, list[float]], dict]:
    """Load weights and optimizer states into ``gan``; return the step, the batches drawn, the history so far
    and the clock (training and wall seconds so far)."""
    checkpoint = Path(checkpoint)
    verify_checkpoint(checkpoint)
    state = json.loads((checkpoint / "state.json").read_text())
    if state["seed"] != gan.config.seed:  # another run's checkpoint: not damaged, never set aside
        raise ResumeError(f"{checkpoint} was written with seed {state['seed']}, this run has seed {gan.config.seed}")
    for name, network in gan.networks.items():
        network.load_weights(checkpoint / f"{name}.weights.h5")
    for name, composite in gan.composites.items():
        if not composite.optimizer.built:
            with gan.scope():
                composite.optimizer.build(composite.trainable_variables)
        with np.load(checkpoint / f"{name}_optimizer.npz") as store:
            composite.optimizer.load_own_variables(dict(store))
    if (checkpoint / "gan_state.npz").is_file():
        with np.load(checkpoint / "gan_state.npz") as store:
            gan.load_state(dict(store))
    clock = {k: state[k] for k in ("train_seconds", "wall_seconds") if k in state}
    return state["step"], state.get("draws", 0), _read_history(checkpoint / "history.csv"), clock


def atomic_write(path: Path, text: str) -> None:
    """``path`` replaced by ``text`` through a temporary file: it holds the old text or the whole new one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _mean_of_run(values: list[float]) -> float:
    """The mean of the steps at which a value was logged (a phase that sat a step out logged NaN); NaN if none."""
    finite = [v for v in values if np.isfinite(v)]
    return float(np.mean(finite)) if finite else float("nan")


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
    """Step logs as scalars every ``scalar_every`` steps, and every ``image_every`` the grid that
    :class:`SampleGrid` has just saved at that step (it comes first in :func:`default_callbacks`). A resumed
    run rewrites the logs up to its checkpoint from the history and the saved grids, so no step appears
    twice (a killed run may have logged steps past its checkpoint)."""

    def __init__(self, scalar_every: int = 10, image_every: int = 500) -> None:
        super().__init__()
        self.scalar_every, self.image_every = scalar_every, image_every

    def on_train_begin(self, logs=None) -> None:
        try:
            import tensorflow as tf
        except ImportError:  # TensorBoard's writer is TensorFlow's: without it, history.csv and curves.png are the logs
            warnings.warn("TensorFlow is not installed: no TensorBoard logs (history.csv and curves.png are written)", stacklevel=2)
            self.writer = None
            return
        self.tf = tf
        self.out, history = Path(self.params["out"]), self.params["history"]
        done = len(next(iter(history.values()), []))
        if done:
            shutil.rmtree(self.out / "tensorboard", ignore_errors=True)
        self.writer = tf.summary.create_file_writer(str(self.out / "tensorboard"))
        with self.writer.as_default():
            for step in range(self.scalar_every, done + 1, self.scalar_every):
                for key, values in history.items():
                    if np.isfinite(values[step - 1]):
                        tf.summary.scalar(key, values[step - 1], step=step)
            for step in range(self.image_every, done + 1, self.image_every) if self.image_every else ():
                self.log_grid(step)

    def log_grid(self, step: int) -> None:
        """The sample grid saved at ``step``, if there is one, as TensorBoard's image for that step."""
        if (grid := self.out / "samples" / f"step_{step:07d}.png").is_file():
            image = plots.imageio.imread(grid).astype(np.float32) / 255.0
            self.tf.summary.image("samples", image.reshape(1, *image.shape[:2], -1), step=step)

    def on_train_batch_end(self, step: int, logs=None) -> None:
        if self.writer is None:
            return
        with self.writer.as_default(step=step):
            if step % self.scalar_every == 0:
                for key, value in (logs or {}).items():
                    self.tf.summary.scalar(key, value)
            if self.image_every and step % self.image_every == 0:
                self.log_grid(step)

    def on_train_end(self, logs=None) -> None:
        if self.writer is not None:
            self.writer.flush()


def check_finite_weights(gan: GAN, step: int) -> None:
    """Raise :class:`DivergenceError` if any network's weights hold a NaN or an infinity."""
    for name, network in gan.networks.items():
        if not all(np.isfinite(w).all() for w in network.get_weights()):
            raise DivergenceError(
                f"training diverged by step {step}: {name}'s weights are no longer finite; nothing was saved at that step."
                " Lower the learning rate, then --resume (same settings) or start again"
            )


class Checkpoint(keras.callbacks.Callback):
    """An atomic checkpoint every ``every`` steps and at the end, of finite weights only."""

    def __init__(self, every: int) -> None:
        super().__init__()
        self.every = every
        self.step = 0

    def save(self) -> None:
        check_finite_weights(self.model, self.step)
        p = self.params
        save_checkpoint(self.model, Path(p["out"]) / "checkpoints", self.step, p["history"], p["batches"].draws, p["clock"]())

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
    A :class:`~gan_cookbook.common.data.BatchSampler` (a :class:`~gan_cookbook.common.data.FolderStream`)
    is used as it is.
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
        if isinstance(data, BatchSampler):  # a stream of batches (FolderStream), decoded as they are drawn
            self.batches = data
        else:
            arrays = data if isinstance(data, tuple) else (data,)
            if any(np.issubdtype(a.dtype, np.floating) and not np.isfinite(a).all() for a in arrays):
                raise DataError("the training data hold NaN or infinite values; clean them before training")
            self.batches = BatchSampler(gan.training_data(data), gan.config.batch_size, gan.config.seed)
        self.callbacks = list(default_callbacks(gan) if callbacks is None else callbacks)
        self.history: dict[str, list[float]] = {}
        self.step = 0
        self.train_seconds = self.wall_seconds = 0.0  # over every session of the run (restored by resume)
        self._fit_started = time.perf_counter()
        self.timing: dict[str, float] = {}

    def resume(self, writes: bool = True) -> int:
        """Load the newest checkpoint under ``out/checkpoints`` that is complete and intact; return its step (0 if none).

        A damaged checkpoint (a file deleted, truncated or altered since it was written) is set aside as
        ``.damaged_step_*`` with a warning, and the next older one is tried; ``latest`` then names the one used.
        Without ``writes`` (a worker that is not the chief) the folder is only read: the same checkpoint is
        chosen, and the chief sets aside what it skips.
        """
        folder = self.out / "checkpoints"
        for leftover in [*folder.glob(".tmp_step_*"), *folder.glob(".old_step_*")] if writes else []:  # killed while writing
            shutil.rmtree(leftover)
        found = checkpoints(folder)
        for checkpoint in found:
            try:
                self.step, self.batches.draws, self.history, clock = restore_checkpoint(self.gan, checkpoint)
            except ResumeError:
                raise
            except (CheckpointError, OSError, ValueError, KeyError) as err:
                warnings.warn(f"checkpoint {checkpoint.name} cannot be restored ({err}); set aside, trying an older one", stacklevel=2)
                if writes:
                    damaged = checkpoint.with_name(".damaged_" + checkpoint.name)
                    shutil.rmtree(damaged, ignore_errors=True)  # set aside by an earlier resume already
                    os.replace(checkpoint, damaged)
                continue
            self.train_seconds, self.wall_seconds = clock.get("train_seconds", 0.0), clock.get("wall_seconds", 0.0)
            # the last step's logs, which phase conditions read (a phase that sat it out logged NaN)
            self.gan.last_logs = {key: values[-1] for key, values in self.history.items() if values and np.isfinite(values[-1])}
            if writes:
                atomic_write(folder / "latest", checkpoint.name)
            return self.step
        if found:
            raise CheckpointError(f"none of the {len(found)} checkpoints in {folder} can be restored; start the run again")
        return 0

    def clock(self) -> dict[str, float]:
        """Seconds spent so far, across every session of the run: in training steps, and in :meth:`fit` in all."""
        return {"train_seconds": self.train_seconds, "wall_seconds": self.wall_seconds + time.perf_counter() - self._fit_started}

    def fit(self, steps: int | None = None) -> dict[str, list[float]]:
        """Train until ``steps`` steps in all (default ``config.steps``) and return the history.

        A non-finite loss stops the run with :class:`DivergenceError` before that step is saved anywhere.
        """
        steps = self.gan.config.steps if steps is None else steps
        self.out.mkdir(parents=True, exist_ok=True)
        self._fit_started = time.perf_counter()
        params = {"steps": steps, "out": str(self.out), "history": self.history, "batches": self.batches, "clock": self.clock}
        for callback in self.callbacks:
            callback.set_model(self.gan)
            callback.set_params(params)
            callback.on_train_begin()
        # verbose 1: a live progress bar of the latest values; 2: a line of means every 2% (for log files).
        progbar = None
        line_every = max(1, steps // 50)
        start, seconds_before = self.step, self.train_seconds
        while self.step < steps:
            tic = time.perf_counter()
            logs = self.gan.train_step(self.batches, step_rng(self.gan.config.seed, self.step), self.step)
            self.train_seconds += time.perf_counter() - tic
            self._check_finite(logs)
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
                means = "  ".join(f"{k} {_mean_of_run(v[-line_every:]):.4f}" for k, v in self.history.items())
                ms = 1000 * (self.train_seconds - seconds_before) / (self.step - start)
                print(f"step {self.step}/{steps}  {means}  {ms:.1f} ms/step", flush=True)
        for callback in self.callbacks:
            callback.on_train_end()
        if self.step:
            clock = self.clock()
            self.timing = {"steps": self.step, **clock, "ms_per_step": 1000 * clock["train_seconds"] / self.step}
        return self.history

    def _check_finite(self, logs: dict[str, float]) -> None:
        bad = {key: value for key, value in logs.items() if not np.isfinite(value)}
        if bad:
            key, value = next(iter(bad.items()))
            phase = next((p.name for p in self.gan.phase_list if key.startswith(p.prefix + "_")), "?")
            saved = latest_checkpoint(self.out / "checkpoints")
            kept = f"the last good checkpoint ({saved.name}) stays 'latest'" if saved else "no checkpoint had been written yet"
            raise DivergenceError(
                f"training diverged at step {self.step + 1}, phase {phase!r}: {key} = {value}; nothing of that step was saved and"
                f" {kept}. Lower the learning rate or check the data for NaN/inf values, then --resume (same settings) or start again"
            )
