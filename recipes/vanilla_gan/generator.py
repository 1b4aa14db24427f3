"""The vanilla GAN generator: z -> Dense blocks (LeakyReLU, BatchNorm) -> tanh pixels."""

import math

import keras
from keras import layers

from gan_cookbook.common.template import Generator


class MLPGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z = keras.Input((c.latent_dim,), name="z")
        h = z
        for units in c.generator_units:
            h = layers.Dense(units)(h)
            h = layers.LeakyReLU(0.2)(h)
            h = layers.BatchNormalization(momentum=0.8)(h)
        pixels = layers.Dense(math.prod(c.image_shape), activation="tanh")(h)
        return keras.Model(z, layers.Reshape(c.image_shape)(pixels), name="generator")
