"""Images per second of three ways to train the same DCGAN, timed in turns in one process.

    python bench/bench_loops.py [--rounds 5] [--steps 40] [--batch-size 64] [--preset reference]

* cookbook - ``GAN.train_step``: two ``train_on_batch`` calls on the template's composites;
* classic  - ``G.predict`` + ``D.train_on_batch`` on real + on fake + ``combined.train_on_batch``,
             the Keras 2 recipe with ``D.trainable`` toggled before every call (so it trains);
* fused    - one ``keras.Model`` whose custom ``train_step`` does both updates in one graph.

All three use the recipe's own generator and discriminator classes, batch size and
optimizer settings. Prints the median images/s of each and the ratios the issue asks for.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from common import registry  # noqa: E402
from common.data import load_mnist  # noqa: E402


def adam(config) -> keras.optimizers.Optimizer:
    return keras.optimizers.Adam(config.learning_rate, beta_1=config.beta_1)


class ClassicLoop:
    def __init__(self, recipe, config) -> None:
        self.config = config
        self.generator = recipe.generator(config).build()
        self.discriminator = recipe.discriminator(config).build()
        bce = keras.losses.BinaryCrossentropy(from_logits=True)
        self.discriminator.compile(adam(config), bce, jit_compile=False)
        z = keras.Input((config.latent_dim,))
        self.combined = keras.Model(z, self.discriminator(self.generator(z)))
        self.discriminator.trainable = False
        self.combined.compile(adam(config), bce, jit_compile=False)

    def step(self, real: np.ndarray, rng: np.random.Generator) -> None:
        n = len(real)
        ones, zeros = np.ones((n, 1), np.float32), np.zeros((n, 1), np.float32)
        fake = self.generator.predict(rng.standard_normal((n, self.config.latent_dim), dtype=np.float32), verbose=0)
        self.discriminator.trainable = True
        self.discriminator.train_on_batch(real, ones)
        self.discriminator.train_on_batch(fake, zeros)
        self.discriminator.trainable = False
        self.combined.train_on_batch(rng.standard_normal((n, self.config.latent_dim), dtype=np.float32), ones)


class FusedGAN(keras.Model):
    def __init__(self, generator: keras.Model, discriminator: keras.Model, latent_dim: int) -> None:
        super().__init__()
        self.generator, self.discriminator, self.latent_dim = generator, discriminator, latent_dim
        self.seed = keras.random.SeedGenerator(0)

    def compile(self, d_optimizer, g_optimizer) -> None:
        super().compile(jit_compile=False)
        self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)

    def train_step(self, data):
        real, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        n = tf.shape(real)[0]
        z = keras.random.normal((n, self.latent_dim), seed=self.seed)
        with tf.GradientTape() as tape:
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            d_loss = 0.5 * (self.bce(tf.ones_like(real_logits), real_logits) + self.bce(tf.zeros_like(fake_logits), fake_logits))
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))
        z = keras.random.normal((n, self.latent_dim), seed=self.seed)
        with tf.GradientTape() as tape:
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            g_loss = self.bce(tf.ones_like(fake_logits), fake_logits)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
        return {"d_loss": d_loss, "g_loss": g_loss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="dcgan")
    parser.add_argument("--preset", default="reference")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=40, help="timed steps per loop per round")
    args = parser.parse_args()

    recipe = registry.get(args.recipe)
    config = recipe.make_config(args.preset, batch_size=args.batch_size)
    keras.utils.set_random_seed(0)
    images = load_mnist()[0][: 100 * config.batch_size]
    rng = np.random.default_rng(0)
    batch = lambda: images[rng.integers(0, len(images) - config.batch_size) :][: config.batch_size]  # noqa: E731

    cookbook = recipe.build(config)
    classic = ClassicLoop(recipe, config)
    fused = FusedGAN(recipe.generator(config).build(), recipe.discriminator(config).build(), config.latent_dim)
    fused.compile(adam(config), adam(config))
    loops = {
        "cookbook": lambda: cookbook.train_step(batch(), rng),
        "classic": lambda: classic.step(batch(), rng),
        "fused": lambda: fused.train_on_batch(batch()),
    }
    for step in loops.values():  # trace and warm up
        for _ in range(3):
            step()
    rates: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(args.rounds):
        for name, step in loops.items():
            tic = time.perf_counter()
            for _ in range(args.steps):
                step()
            rates[name].append(args.steps * config.batch_size / (time.perf_counter() - tic))
    median = {name: float(np.median(r)) for name, r in rates.items()}
    devices = [d.device_type for d in tf.config.list_logical_devices()]
    print(f"{args.recipe} ({args.preset}), batch {config.batch_size}, {args.rounds} rounds x {args.steps} steps; "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, devices {devices}")  # fmt: skip
    for name, rate in median.items():
        print(f"  {name:<9} {rate:8.0f} images/s   {1000 * config.batch_size / rate:6.1f} ms/step")
    print(f"  cookbook / classic = {median['cookbook'] / median['classic']:.2f}x (bar >= 1.3x)")
    print(f"  cookbook / fused   = {median['cookbook'] / median['fused']:.2f}x (bar >= 0.9x)")


if __name__ == "__main__":
    main()
