"""The SGAN generator of Salimans et al. (2016) for MNIST: z -> Dense blocks (softplus, BatchNorm) -> tanh pixels."""

import math

import keras
from keras import layers

from gan_cookbook.common.layers import WeightNormDense
from gan_cookbook.common.template import Generator


class SGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z = keras.Input((c.latent_dim,), name="z")
        h = z
        for units in c.generator_units:
            h = layers.Dense(units, activation="softplus")(h)
            h = layers.BatchNormalization()(h)
        pixels = math.prod(c.image_shape)
        pixels = (WeightNormDense(pixels, "tanh", train_scale=True) if c.weight_norm else layers.Dense(pixels, activation="tanh"))(h)
        return keras.Model(z, layers.Reshape(c.image_shape)(pixels), name="generator")
