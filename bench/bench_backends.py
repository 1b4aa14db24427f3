"""The template's loop on Keras's TensorFlow and JAX backends, in full and mixed precision: ms per step of
the same GAN on the same machine.

    python bench/bench_backends.py [--recipe dcgan] [--preset reference] [--precision none bf16] [--turns 3] [--steps 40]

A process can hold one Keras backend, so each turn starts one process per backend and precision, in
alternation (TensorFlow, JAX, TensorFlow bf16, JAX bf16, then again): each builds the recipe from the
same seed, runs 5 untimed steps (tracing and compilation), then times ``--steps`` steps of
``GAN.train_step`` on MNIST batches. Prints each turn's ms/step, the median of each setting, and
each setting's time relative to TensorFlow in full precision.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

TURN = """
import json, sys, time

import numpy as np

import gan_cookbook.common  # noqa: F401  (quiet start-up)
import keras
from gan_cookbook.common import registry
from gan_cookbook.common.data import BatchSampler, load_mnist

recipe_name, preset, steps, precision = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
recipe = registry.get(recipe_name)
config = recipe.make_config(preset, mixed_precision=precision)
keras.utils.set_random_seed(config.seed)
gan = recipe.build(config)
images, labels = load_mnist()
batches = BatchSampler(gan.training_data((images, labels) if config.labelled else images), config.batch_size, config.seed)
for step in range(5):
    gan.train_step(batches, np.random.default_rng(step), step)
tic = time.perf_counter()
for step in range(5, 5 + steps):
    gan.train_step(batches, np.random.default_rng(step), step)
print(json.dumps({"backend": keras.backend.backend(), "ms_per_step": 1000 * (time.perf_counter() - tic) / steps}))
"""


def turn(backend: str, precision: str, recipe: str, preset: str, steps: int) -> float:
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", TURN, recipe, preset, str(steps), precision], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the {backend} {precision} turn failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["backend"] != backend:
        raise SystemExit(f"asked for Keras's {backend} backend, got {result['backend']}")
    return result["ms_per_step"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="dcgan")
    parser.add_argument("--preset", default="reference")
    parser.add_argument("--precision", nargs="+", default=["none"], choices=["none", "bf16", "fp16"])
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--steps", type=int, default=40, help="timed steps per turn")
    args = parser.parse_args()
    print(f"{args.recipe} ({args.preset}), {args.turns} turns x {args.steps} steps; {platform.machine()}, {os.cpu_count()} CPUs")
    settings = [(backend, precision) for precision in args.precision for backend in ("tensorflow", "jax")]
    times: dict[tuple[str, str], list[float]] = {setting: [] for setting in settings}
    for i in range(args.turns):
        for backend, precision in settings:
            times[backend, precision].append(turn(backend, precision, args.recipe, args.preset, args.steps))
            print(f"  turn {i + 1} {backend:>10} {precision:>4}: {times[backend, precision][-1]:6.1f} ms/step", flush=True)
    medians = {setting: statistics.median(values) for setting, values in times.items()}
    base = medians[settings[0]]
    for (backend, precision), median in medians.items():
        print(
            f"  {backend:>10} {precision:>4}: median {median:6.1f} ms/step, {median / base:.2f}x {settings[0][0]} {settings[0][1]}'s time"
        )


if __name__ == "__main__":
    main()
