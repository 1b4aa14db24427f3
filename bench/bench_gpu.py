"""Images per second of DCGAN's reference networks on an accelerator (or the CPU): this template's loop, a
fused step, and the same networks in PyTorch, at batch 64, 256 and 1,024, in float32 and bfloat16.

    python bench/bench_gpu.py [--batches 64 256 1024] [--precision fp32 bf16] [--steps 50] [--turns 2]
                              [--implementations template fused torch] [--peak-tflops 989 495] [--out bench.json]

Implementations, each in its own process, one after the other, turn after turn:

- ``template``: ``GAN.train_step`` as the loop runs it: the discriminator's phase, then the generator's, each
  one ``train_on_batch`` on its composite, fed from the host (batches and latent vectors in numpy), on the
  Keras backend of the environment (``KERAS_BACKEND``; JAX where TensorFlow is absent).
- ``fused``: both phases in one ``jax.jit``-compiled function over the same Keras networks
  (``stateless_call``, ``Optimizer.stateless_apply``), latent vectors drawn on the device; the frozen
  network's BatchNorm statistics are left as they were, as in the template. Keras's JAX backend only.
- ``torch``: the same networks, initialisation aside, and the same objective written in PyTorch, eager, as
  in PyTorch's DCGAN example; bf16 through ``torch.autocast``, float32 matrix products as TF32 (as XLA
  does on GPUs that have it).

Every implementation does the same work per step: D's phase draws fresh z and runs G forward, D forward and
backward on the real and the fake batch; G's phase draws fresh z and runs G and D forward and backward
(no weight gradients for D). The networks are the reference preset's (FC 1,024 in both networks, 64 filters),
trained with plain Adam at its rates (D 2e-4, G 1e-3, beta_1 0.5), without its learning-rate decay and
weight average, on random images in [-1, 1] sent from the host every step.

Throughput is ``batch x steps / seconds`` after ``--warmup`` untimed steps (tracing, compilation). The FLOPs
of a step are counted from the networks' layers (2 x multiply-adds of Dense and convolution layers; a
backward pass as twice the forward): per image, D's phase is G + 2 x 3 D, G's phase 3 G + 3 D. The share of
the accelerator's peak is the best configuration's FLOP rate over ``--peak-tflops`` (bf16, then fp32 as
TF32; defaults known for H100/H200: 989 and 495 dense TFLOPS).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

PEAK_TFLOPS = {"H100": {"bf16": 989.0, "fp32": 495.0}, "H200": {"bf16": 989.0, "fp32": 495.0}}  # dense tensor-core peaks (SXM)
RECIPE, PRESET, LATENT = "dcgan", "reference", 100


# -- what is measured ---------------------------------------------------------------------------------
def bench_config(batch: int, precision: str):
    """The reference preset's networks and rates at ``batch``, in ``precision``, with plain Adam."""
    from gan_cookbook.common import registry

    recipe = registry.get(RECIPE)
    mixed = {"fp32": "none", "bf16": "bf16"}[precision]
    return recipe, recipe.make_config(PRESET, batch_size=batch, mixed_precision=mixed, learning_rate_decay=False, generator_average=0.0)


def forward_flops(model) -> int:
    """FLOPs of one image's forward pass through ``model``: 2 x the multiply-adds of its Dense, Conv2D and
    Conv2DTranspose layers (normalisation and activations are left out)."""
    import keras

    macs = 0
    for layer in model._flatten_layers(include_self=False, recursive=True):
        if isinstance(layer, keras.layers.Dense):
            macs += layer.kernel.shape[0] * layer.kernel.shape[1]
        elif isinstance(layer, keras.layers.Conv2DTranspose):  # every input pixel scatters a k x k x out patch
            height, width, channels = layer.input.shape[1:]
            macs += height * width * channels * layer.kernel.shape[0] * layer.kernel.shape[1] * layer.filters
        elif isinstance(layer, keras.layers.Conv2D):  # every output pixel gathers a k x k x in patch
            kh, kw, channels, filters = layer.kernel.shape
            macs += layer.output.shape[1] * layer.output.shape[2] * filters * kh * kw * channels
    return 2 * macs


def step_flops(generator, discriminator) -> int:
    """FLOPs per image of one training step (see the module's docstring): 4 G + 9 D forward passes' worth."""
    return 4 * forward_flops(generator) + 9 * forward_flops(discriminator)


def timed(step, steps: int, warmup: int, sync=lambda: None) -> float:
    """Seconds for ``steps`` calls of ``step(i)`` after ``warmup`` untimed ones; ``sync`` waits for the device."""
    for i in range(warmup):
        step(i)
    sync()
    tic = time.perf_counter()
    for i in range(warmup, warmup + steps):
        step(i)
    sync()
    return time.perf_counter() - tic


def host_batches(batch: int, channels_first: bool = False):
    """Four batches of random images in [-1, 1] on the host, handed out in turn (MNIST's shape)."""
    import numpy as np

    images = np.random.default_rng(0).uniform(-1, 1, (4, batch, 28, 28, 1)).astype(np.float32)
    images = images.reshape(4, batch, 1, 28, 28) if channels_first else images  # one channel: a reshape is the transpose
    return lambda i: images[i % 4]


def run_template(batch: int, precision: str, steps: int, warmup: int) -> float:
    import keras
    import numpy as np

    recipe, config = bench_config(batch, precision)
    keras.utils.set_random_seed(0)
    gan = recipe.build(config)
    real = host_batches(batch)
    return timed(lambda i: gan.train_step(real(i), np.random.default_rng(i), i), steps, warmup)


def run_fused(batch: int, precision: str, steps: int, warmup: int) -> float:
    import jax
    import keras

    if keras.backend.backend() != "jax":
        raise SystemExit("the fused step is written for Keras's JAX backend (KERAS_BACKEND=jax)")
    recipe, config = bench_config(batch, precision)
    keras.utils.set_random_seed(0)
    gan = recipe.build(config)
    generator, discriminator, loss = gan.generator, gan.discriminator, gan.loss
    g_optimizer = keras.optimizers.Adam(config.generator_learning_rate, beta_1=config.beta_1, beta_2=config.beta_2)
    d_optimizer = keras.optimizers.Adam(config.learning_rate, beta_1=config.beta_1, beta_2=config.beta_2)
    g_optimizer.build(generator.trainable_variables)
    d_optimizer.build(discriminator.trainable_variables)

    def values(variables) -> list:
        return [v.value for v in variables]

    def d_objective(d_train, d_state, g_train, g_state, real, z):
        fake, _ = generator.stateless_call(g_train, g_state, z, training=True)  # G frozen: its statistics stay
        real_score, d_state = discriminator.stateless_call(d_train, d_state, real, training=True)
        fake_score, d_state = discriminator.stateless_call(d_train, d_state, fake, training=True)
        return loss.discriminator(real_score, fake_score), d_state

    def g_objective(g_train, g_state, d_train, d_state, z):
        fake, g_state = generator.stateless_call(g_train, g_state, z, training=True)
        score, _ = discriminator.stateless_call(d_train, d_state, fake, training=True)  # D frozen
        return loss.generator(score), g_state

    def step(state, real, key):
        g_train, g_state, d_train, d_state, g_slots, d_slots = state
        d_key, g_key = jax.random.split(key)
        z = jax.random.normal(d_key, (real.shape[0], config.latent_dim))
        (d_loss, d_state), grads = jax.value_and_grad(d_objective, has_aux=True)(d_train, d_state, g_train, g_state, real, z)
        d_train, d_slots = d_optimizer.stateless_apply(d_slots, grads, d_train)
        z = jax.random.normal(g_key, (real.shape[0], config.latent_dim))
        (g_loss, g_state), grads = jax.value_and_grad(g_objective, has_aux=True)(g_train, g_state, d_train, d_state, z)
        g_train, g_slots = g_optimizer.stateless_apply(g_slots, grads, g_train)
        return (g_train, g_state, d_train, d_state, g_slots, d_slots), (d_loss, g_loss)

    fused = jax.jit(step, donate_argnums=0)
    state = [
        (values(generator.trainable_variables), values(generator.non_trainable_variables)),
        (values(discriminator.trainable_variables), values(discriminator.non_trainable_variables)),
    ]
    box = {"state": (*state[0], *state[1], values(g_optimizer.variables), values(d_optimizer.variables)), "losses": None}
    real, keys = host_batches(batch), jax.random.split(jax.random.key(0), warmup + steps)

    def one(i: int) -> None:
        box["state"], box["losses"] = fused(box["state"], jax.device_put(real(i)), keys[i])

    return timed(one, steps, warmup, sync=lambda: jax.block_until_ready(box["losses"]))


def torch_networks(hidden: int = 1024, filters: int = 64):
    """The reference DCGAN networks in PyTorch (NCHW; Keras's BatchNorm epsilon and momentum)."""
    from torch import nn

    def norm(n: int, dims: int) -> nn.Module:
        return (nn.BatchNorm1d if dims == 1 else nn.BatchNorm2d)(n, eps=1e-3, momentum=0.01)

    top = 2 * filters
    generator = nn.Sequential(
        nn.Linear(LATENT, hidden, bias=False), norm(hidden, 1), nn.ReLU(),
        nn.Linear(hidden, 7 * 7 * top, bias=False), nn.Unflatten(1, (top, 7, 7)), norm(top, 2), nn.ReLU(),
        nn.ConvTranspose2d(top, filters, 4, 2, 1, bias=False), norm(filters, 2), nn.ReLU(),
        nn.ConvTranspose2d(filters, 1, 4, 2, 1), nn.Tanh(),
    )  # fmt: skip
    discriminator = nn.Sequential(
        nn.Conv2d(1, filters, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(filters, top, 4, 2, 1, bias=False), norm(top, 2), nn.LeakyReLU(0.2), nn.Flatten(),
        nn.Linear(7 * 7 * top, hidden, bias=False), norm(hidden, 1), nn.LeakyReLU(0.2), nn.Linear(hidden, 1),
    )  # fmt: skip
    return generator, discriminator


def run_torch(batch: int, precision: str, steps: int, warmup: int) -> float:
    import torch
    from torch.nn.functional import binary_cross_entropy_with_logits as bce

    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(0)
    generator, discriminator = (net.to(device) for net in torch_networks())
    g_optimizer = torch.optim.Adam(generator.parameters(), 1e-3, betas=(0.5, 0.999))
    d_optimizer = torch.optim.Adam(discriminator.parameters(), 2e-4, betas=(0.5, 0.999))
    ones, zeros = torch.ones(batch, 1, device=device), torch.zeros(batch, 1, device=device)
    real = host_batches(batch, channels_first=True)

    def autocast():
        return torch.autocast(device, dtype=torch.bfloat16, enabled=precision == "bf16")

    def step(i: int) -> None:
        x = torch.from_numpy(real(i)).to(device, non_blocking=True)
        with autocast():
            fake = generator(torch.randn(batch, LATENT, device=device)).detach()
            d_loss = 0.5 * (bce(discriminator(x), ones) + bce(discriminator(fake), zeros))
        d_optimizer.zero_grad(set_to_none=True)
        d_loss.backward()
        d_optimizer.step()
        discriminator.requires_grad_(False)
        with autocast():
            g_loss = bce(discriminator(generator(torch.randn(batch, LATENT, device=device))), ones)
        g_optimizer.zero_grad(set_to_none=True)
        g_loss.backward()
        g_optimizer.step()
        discriminator.requires_grad_(True)

    return timed(step, steps, warmup, sync=torch.cuda.synchronize if device == "cuda" else lambda: None)


IMPLEMENTATIONS = {"template": run_template, "fused": run_fused, "torch": run_torch}


def device_name(implementation: str) -> str:
    """What the implementation's process computes on, in words."""
    if implementation == "torch":
        import torch

        return torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    import keras

    if keras.backend.backend() == "jax":
        import jax

        return f"{jax.devices()[0].device_kind} (jax)"
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    return f"{tf.config.experimental.get_device_details(gpus[0]).get('device_name', 'GPU')} (tensorflow)" if gpus else "cpu (tensorflow)"


def worker(implementation: str, batches: list[int], precisions: list[str], steps: int, warmup: int) -> None:
    """One process: every batch and precision of one implementation; prints one JSON line per configuration."""
    import keras

    if implementation != "torch":
        import gan_cookbook.common  # noqa: F401  (quiet start-up)
    print(json.dumps({"device": device_name(implementation), "backend": keras.backend.backend()}), flush=True)
    for precision in precisions:
        for batch in batches:
            seconds = IMPLEMENTATIONS[implementation](batch, precision, steps, warmup)
            print(json.dumps({"precision": precision, "batch": batch, "images_per_s": batch * steps / seconds}), flush=True)


# -- the run --------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, nargs="+", default=[64, 256, 1024])
    parser.add_argument("--precision", nargs="+", default=["fp32", "bf16"], choices=["fp32", "bf16"])
    parser.add_argument("--implementations", nargs="+", default=list(IMPLEMENTATIONS), choices=list(IMPLEMENTATIONS))
    parser.add_argument("--steps", type=int, default=50, help="timed steps per configuration")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first (tracing, compilation)")
    parser.add_argument("--turns", type=int, default=2, help="each implementation's process runs this many times, in alternation")
    parser.add_argument("--peak-tflops", type=float, nargs=2, metavar=("BF16", "FP32"), help="the accelerator's dense peaks")
    parser.add_argument("--out", help="also write the measurements here (JSON)")
    parser.add_argument("--worker", choices=list(IMPLEMENTATIONS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.batches, args.precision, args.steps, args.warmup)
        return

    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "XLA_PYTHON_CLIENT_PREALLOCATE": "false"}
    if args.implementations != ["template"]:
        env.setdefault("KERAS_BACKEND", "jax")  # the fused step is JAX's; the template runs on the same backend beside it
    print(f"{RECIPE} {PRESET} networks; {platform.machine()}, {os.cpu_count()} CPUs; Keras backend {env.get('KERAS_BACKEND', 'default')}")
    options = ["--batches", *map(str, args.batches), "--precision", *args.precision]
    options += ["--steps", str(args.steps), "--warmup", str(args.warmup)]
    measured: dict[tuple[str, str, int], list[float]] = {}
    devices: dict[str, str] = {}
    for turn in range(args.turns):
        for implementation in args.implementations:
            command = [sys.executable, __file__, "--worker", implementation, *options]
            done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
            if done.returncode:
                raise SystemExit(f"the {implementation} process failed:\n{done.stderr[-3000:]}")
            lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
            devices[implementation] = lines[0]["device"]
            for line in lines[1:]:
                measured.setdefault((implementation, line["precision"], line["batch"]), []).append(line["images_per_s"])
                setting = f"{implementation:>8} {line['precision']} batch {line['batch']:>5}"
                print(f"  turn {turn + 1} {setting}: {line['images_per_s']:10.0f} images/s", flush=True)

    import keras

    from gan_cookbook.common import registry

    recipe = registry.get(RECIPE)
    gan = recipe.build(recipe.make_config(PRESET))
    flops = step_flops(gan.generator, gan.discriminator)
    device = next(iter(devices.values()))
    peaks = dict(zip(("bf16", "fp32"), args.peak_tflops)) if args.peak_tflops else next(
        (peak for name, peak in PEAK_TFLOPS.items() if name in device), None
    )  # fmt: skip
    print(f"\ndevice: {devices}; {flops / 1e6:.1f} MFLOPs per image per step (Keras {keras.__version__})")
    print("| implementation | precision | batch | images/s (median) | TFLOPS | share of peak |\n| --- | --- | --- | --- | --- | --- |")
    rows = []
    for (implementation, precision, batch), rates in sorted(measured.items(), key=lambda item: (item[0][1], item[0][2], item[0][0])):
        rate = statistics.median(rates)
        tflops = rate * flops / 1e12
        share = f"{tflops / peaks[precision]:.2%}" if peaks else "peak unknown"
        rows.append({"implementation": implementation, "precision": precision, "batch": batch, "images_per_s": rate, "tflops": tflops})
        print(f"| {implementation} | {precision} | {batch} | {rate:,.0f} | {tflops:.3f} | {share} |")
    for batch in args.batches:
        for precision in args.precision:
            template, torch = measured.get(("template", precision, batch)), measured.get(("torch", precision, batch))
            if template and torch:
                print(f"template / torch at batch {batch}, {precision}: {statistics.median(template) / statistics.median(torch):.2f}x")
    if args.out:
        Path(args.out).write_text(json.dumps({"devices": devices, "flops_per_image": flops, "peaks": peaks, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
