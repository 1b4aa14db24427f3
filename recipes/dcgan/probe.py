"""Short DCGAN probes behind the "what was tried" table in recipes/dcgan/README.md.

Trains the all-convolutional configuration that was the reference preset before the FC layers
(the paper's networks with a half-width D, batch 64, decay and weight average squeezed into
``--steps`` steps) with either the recipe's generator or a variant with one more convolution at
full resolution, then scores 10,000 samples four ways: raw or averaged weights, BatchNorm on
moving averages (inference) or on the batch's statistics.

    python recipes/dcgan/probe.py --generator base --steps 3000
    python recipes/dcgan/probe.py --generator refine --steps 3000 --generator-filters 64
"""

import argparse

import keras
import numpy as np
from keras import layers

from gan_cookbook.common import registry
from gan_cookbook.common.data import load_mnist
from gan_cookbook.common.layers import init, upsamplings
from gan_cookbook.common.metrics import MNISTReference, class_fractions, frechet_distance, gaussian, inception_score
from gan_cookbook.common.template import Generator, Stream, random_stream
from gan_cookbook.common.training import Trainer

# The reference preset up to commit 2c3a14f (README: "the previous reference").
ALL_CONVOLUTIONAL = {"batch_size": 64, "discriminator_filters": 64, "generator_average": 0.999, "learning_rate_decay": True}


class RefineGenerator(Generator):
    """DCGAN's generator with every transposed convolution kept hidden, then a 3x3 convolution to the image."""

    def build(self) -> keras.Model:
        c = self.config
        height, width, channels = c.image_shape
        stages = upsamplings(height)
        top = c.generator_filters * 2 ** (stages - 1)
        z = keras.Input((c.latent_dim,))
        h = layers.Dense((height >> stages) * (width >> stages) * top, use_bias=False, kernel_initializer=init())(z)
        h = layers.Reshape((height >> stages, width >> stages, top))(h)
        for i in range(stages):
            h = layers.ReLU()(layers.BatchNormalization()(h))
            h = layers.Conv2DTranspose(
                top // 2 ** (i + 1), c.kernel_size, strides=2, padding="same", use_bias=False, kernel_initializer=init()
            )(h)
        h = layers.ReLU()(layers.BatchNormalization()(h))
        h = layers.Conv2D(channels, 3, padding="same", activation="tanh", kernel_initializer=init())(h)
        return keras.Model(z, h, name="generator")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generator", choices=("base", "refine"), default="base")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--generator-filters", type=int)
    parser.add_argument("--out", default="out/dcgan_probe")
    args = parser.parse_args()

    recipe = registry.get("dcgan")
    config = recipe.make_config(None, **ALL_CONVOLUTIONAL, steps=args.steps, generator_filters=args.generator_filters)
    make_generator = {"base": recipe.generator, "refine": RefineGenerator}[args.generator]
    keras.utils.set_random_seed(config.seed)
    gan = recipe.gan(config, make_generator(config), recipe.discriminator(config), recipe.loss(config))
    trainer = Trainer(gan, load_mnist()[0], f"{args.out}_{args.generator}", callbacks=[], verbose=2)
    trainer.fit()
    print(f"{args.generator}: {gan.generator.count_params():,} generator weights, {trainer.timing['ms_per_step']:.1f} ms/step")

    reference = MNISTReference()
    z = gan.sample_latent(10_000, random_stream(0, Stream.FID))
    probe = make_generator(config).build()
    for name, source in [("raw", gan.generator), ("averaged", gan.sampler)]:
        for training in (False, True):
            probe.set_weights(source.get_weights())
            x = np.concatenate([keras.ops.convert_to_numpy(probe(z[i : i + 500], training=training)) for i in range(0, len(z), 500)])
            features, probs = reference.evaluator(x)
            shares = class_fractions(probs)
            print(
                f"{name:9s} BatchNorm on {'batch statistics' if training else 'moving averages '}: "
                f"FID {frechet_distance(gaussian(features), reference.test_gaussian):6.2f}  IS {inception_score(probs):.2f}  "
                f"digits {100 * shares.min():.1f}-{100 * shares.max():.1f}%"
            )


if __name__ == "__main__":
    main()
