"""The DCGAN generator: project z to a small feature map, then transposed convolutions up.

28x28 starts from 7x7 (two upsamplings), 64x64 from 4x4 (four); filters halve at each step.
"""

import keras
from keras import layers

from common.template import Generator

INIT = keras.initializers.RandomNormal(stddev=0.02)


def upsamplings(size: int) -> int:
    """How many 2x upsamplings reach ``size`` from a 4x4 to 7x7 start."""
    stages = 0
    while size > 7:
        if size % 2:
            raise ValueError(f"DCGAN needs an image size of 4-7 times a power of two (28, 32, 64, ...), got {size}")
        size, stages = size // 2, stages + 1
    return stages


class DCGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        height, width, channels = c.image_shape
        stages = upsamplings(height)
        filters = c.generator_filters * 2 ** (stages - 1)
        z = keras.Input((c.latent_dim,), name="z")
        h = layers.Dense((height >> stages) * (width >> stages) * filters, use_bias=False, kernel_initializer=INIT)(z)
        h = layers.Reshape((height >> stages, width >> stages, filters))(h)
        for i in range(stages):
            h = layers.BatchNormalization()(h)
            h = layers.ReLU()(h)
            last = i == stages - 1
            h = layers.Conv2DTranspose(
                channels if last else filters // 2 ** (i + 1), c.kernel_size, strides=2, padding="same",
                use_bias=last, kernel_initializer=INIT, activation="tanh" if last else None,
            )(h)  # fmt: skip
        return keras.Model(z, h, name="generator")
