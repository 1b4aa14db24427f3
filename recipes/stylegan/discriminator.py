"""StyleGAN2's residual discriminator, scaled by the config's widths."""

import keras
import numpy as np
from keras import layers

from gan_cookbook.common.layers import EqualizedConv2D, EqualizedDense, MinibatchStddev, channels, resolutions
from gan_cookbook.common.template import Discriminator


def conv(filters: int, size: int = 3, activation: str | None = "leaky_relu", **kwargs) -> layers.Layer:
    return EqualizedConv2D(filters, size, padding="same", activation=activation, **kwargs)


class StyleGANDiscriminator(Discriminator):
    """image -> fromRGB (1x1) -> per resolution down to 8x8 a residual block [conv 3x3, conv 3x3, average pool 2]
    + [average pool 2, conv 1x1 linear], summed and scaled by 1/sqrt(2) -> minibatch stddev -> conv 3x3 -> dense
    -> dense to one logit (the paper's residual D; average pooling where the paper's code blurs and strides).
    LeakyReLU(0.2), equalized learning rate, no normalisation (R1 is per image)."""

    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        h = conv(channels(c, c.image_shape[0]), 1, name="from_rgb")(x)
        for r in reversed(resolutions(c)[1:]):
            skip = conv(channels(c, r // 2), 1, activation=None, use_bias=False, gain=1.0, name=f"skip_{r}")(layers.AveragePooling2D(2)(h))
            h = conv(channels(c, r), name=f"conv_{r}_a")(h)
            h = layers.AveragePooling2D(2)(conv(channels(c, r // 2), name=f"conv_{r}_b")(h))
            h = layers.Rescaling(float(1 / np.sqrt(2)), name=f"residual_{r}")(layers.Add()([h, skip]))
        h = conv(channels(c, 4), name="conv_4")(MinibatchStddev()(h))
        h = EqualizedDense(channels(c, 4), activation="leaky_relu", name="dense")(layers.Flatten()(h))
        return keras.Model(x, EqualizedDense(1, gain=1.0, name="logit")(h), name="discriminator")
