"""Images per second of ways to train the same GAN, timed in turns in one process (TensorFlow backend).

    python bench/bench_loops.py [--rounds 5] [--steps 40] [--batch-size 64] [--preset reference]
    python bench/bench_loops.py --recipe wgan_gp [--preset ...]

For DCGAN-shaped recipes:

* cookbook - ``GAN.train_step``: one ``train_on_batch`` per phase on the template's composites;
* classic  - ``G.predict`` + ``D.train_on_batch`` on real + on fake + ``combined.train_on_batch``,
             the Keras 2 recipe with ``D.trainable`` toggled before every call (so it trains);
* fused    - one ``keras.Model`` whose custom ``train_step`` does both updates in one graph.

For ``wgan_gp``: the cookbook's n_critic critic phases and generator phase against a fused step
that makes the same n_critic + 1 updates (penalty included) in one graph.

All use the recipe's own network classes, batch size and optimizer settings. Prints the median
images/s of each and the ratios between them.
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

from gan_cookbook.common import registry  # noqa: E402
from gan_cookbook.common.data import load_mnist  # noqa: E402


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


class FusedWGANGP(keras.Model):
    """n_critic critic updates with the gradient penalty, then one generator update, in one graph."""

    def __init__(self, generator: keras.Model, critic: keras.Model, config) -> None:
        super().__init__()
        self.generator, self.critic, self.config = generator, critic, config
        self.seed = keras.random.SeedGenerator(0)

    def compile(self, c_optimizer, g_optimizer) -> None:
        super().compile(jit_compile=False)
        self.c_optimizer, self.g_optimizer = c_optimizer, g_optimizer

    def train_step(self, data):
        reals, _, _ = keras.utils.unpack_x_y_sample_weight(data)  # n_critic batches, stacked
        c = self.config
        for real in tf.unstack(reals):
            n = tf.shape(real)[0]
            z = keras.random.normal((n, c.latent_dim), seed=self.seed)
            mix = keras.random.uniform((n, 1, 1, 1), seed=self.seed)
            with tf.GradientTape() as tape:
                fake = self.generator(z, training=True)
                between = mix * real + (1 - mix) * fake
                with tf.GradientTape() as inner:
                    inner.watch(between)
                    score = self.critic(between, training=True)
                norm = tf.sqrt(tf.reduce_sum(tf.square(inner.gradient(score, between)), axis=[1, 2, 3]) + 1e-12)
                c_loss = (
                    tf.reduce_mean(self.critic(fake, training=True))
                    - tf.reduce_mean(self.critic(real, training=True))
                    + c.penalty_weight * tf.reduce_mean(tf.square(norm - 1))
                )
            grads = tape.gradient(c_loss, self.critic.trainable_weights)
            self.c_optimizer.apply_gradients(zip(grads, self.critic.trainable_weights))
        z = keras.random.normal((tf.shape(reals)[1], c.latent_dim), seed=self.seed)
        with tf.GradientTape() as tape:
            g_loss = -tf.reduce_mean(self.critic(self.generator(z, training=True), training=True))
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
        return {"c_loss": c_loss, "g_loss": g_loss}


def adam_of(config) -> keras.optimizers.Optimizer:
    return keras.optimizers.Adam(config.learning_rate, beta_1=config.beta_1, beta_2=config.beta_2)


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
    draw = lambda: batch()  # noqa: E731
    draw.batch_size = config.batch_size
    if args.recipe == "wgan_gp":
        fused = FusedWGANGP(recipe.generator(config).build(), recipe.discriminator(config).build(), config)
        fused.compile(adam_of(config), adam_of(config))
        loops = {
            "cookbook": lambda: cookbook.train_step(draw, rng),
            "fused": lambda: fused.train_on_batch(np.stack([batch() for _ in range(config.discriminator_steps)])),
        }
    else:
        classic = ClassicLoop(recipe, config)
        fused = FusedGAN(recipe.generator(config).build(), recipe.discriminator(config).build(), config.latent_dim)
        fused.compile(adam(config), adam(config))
        loops = {
            "cookbook": lambda: cookbook.train_step(draw, rng),
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
    if "classic" in median:
        print(f"  cookbook / classic = {median['cookbook'] / median['classic']:.2f}x (bar >= 1.3x)")
    print(f"  cookbook / fused   = {median['cookbook'] / median['fused']:.2f}x (bar >= 0.9x)")


if __name__ == "__main__":
    main()
