"""The vanilla GAN discriminator: flattened image -> Dense blocks (LeakyReLU) -> one logit."""

import keras
from keras import layers

from gan_cookbook.common.template import Discriminator


class MLPDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        h = layers.Flatten()(x)
        for units in c.discriminator_units:
            h = layers.Dense(units)(h)
            h = layers.LeakyReLU(0.2)(h)
        return keras.Model(x, layers.Dense(1, name="logit")(h), name="discriminator")
