"""SRResNet, SRGAN's generator: residual blocks at the low resolution, then sub-pixel upsamplings.

The input may be of any height and width (fully convolutional): a network trained on patches
upscales whole images.
"""

import math

import keras
from keras import layers

from gan_cookbook.common.layers import ICNR, SubPixel
from gan_cookbook.common.template import Generator


def prelu() -> layers.Layer:
    """PReLU with one slope per channel (shared over height and width), as the paper's."""
    return layers.PReLU(shared_axes=[1, 2])


def residual_block(x, filters: int):
    h = prelu()(layers.BatchNormalization()(layers.Conv2D(filters, 3, padding="same")(x)))
    h = layers.BatchNormalization()(layers.Conv2D(filters, 3, padding="same")(h))
    return layers.Add()([x, h])


class SRResNetGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        source = keras.Input((None, None, c.image_shape[-1]), name="low_resolution")
        first = prelu()(layers.Conv2D(c.generator_filters, 9, padding="same")(source))
        h = first
        for _ in range(c.residual_blocks):
            h = residual_block(h, c.generator_filters)
        h = layers.Add()([first, layers.BatchNormalization()(layers.Conv2D(c.generator_filters, 3, padding="same")(h))])
        for _ in range(int(math.log2(c.scale))):
            upsample = layers.Conv2D(4 * c.generator_filters, 3, padding="same", kernel_initializer=ICNR(2) if c.icnr else "glorot_uniform")
            h = prelu()(SubPixel(2)(upsample(h)))
        image = layers.Conv2D(c.image_shape[-1], 9, padding="same", activation="tanh")(h)
        return keras.Model(source, image, name="generator")
