"""SRGAN's discriminator: eight 3x3 convolutions, filters doubling every two and every second one of stride 2,
LeakyReLU(0.2), BatchNorm after all but the first; a dense layer of 1,024 and one logit."""

import keras
from keras import layers

from gan_cookbook.common.template import Discriminator


class SRDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        image = keras.Input(c.image_shape, name="high_resolution")
        h = layers.LeakyReLU(0.2)(layers.Conv2D(c.discriminator_filters, 3, padding="same")(image))
        for i in range(1, 8):
            filters, stride = c.discriminator_filters << (i // 2), 1 + i % 2
            h = layers.LeakyReLU(0.2)(layers.BatchNormalization()(layers.Conv2D(filters, 3, strides=stride, padding="same")(h)))
        h = layers.LeakyReLU(0.2)(layers.Dense(1024)(layers.Flatten()(h)))
        return keras.Model(image, layers.Dense(1)(h), name="discriminator")
