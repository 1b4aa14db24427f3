"""SimGAN's refiner: a ResNet at full resolution (no downsampling), so it can only make local edits."""

import keras
from keras import layers

from gan_cookbook.common.template import Generator
from gan_cookbook.common.translation import init


class Refiner(Generator):
    """synthetic image -> refined image in [-1, 1]: conv 3x3 (64), ``residual_blocks`` ResNet blocks of two
    3x3 convolutions (64), a 1x1 convolution to the image's channels, tanh (the paper's eye-gaze refiner)."""

    network = "refiner"

    def build(self) -> keras.Model:
        c = self.config
        x = synthetic = keras.Input(c.image_shape, name="synthetic")
        x = layers.Conv2D(c.refiner_filters, 3, padding="same", activation="relu", kernel_initializer=init())(x)
        for _ in range(c.residual_blocks):
            y = layers.Conv2D(c.refiner_filters, 3, padding="same", activation="relu", kernel_initializer=init())(x)
            y = layers.Conv2D(c.refiner_filters, 3, padding="same", kernel_initializer=init())(y)
            x = layers.ReLU()(layers.Add()([x, y]))
        refined = layers.Conv2D(c.image_shape[-1], 1, activation="tanh", kernel_initializer=init())(x)
        return keras.Model(synthetic, refined, name=self.network)
