"""The DCGAN discriminator: strided convolutions down, LeakyReLU, BatchNorm after all but the first."""

import keras
from keras import layers

from common.template import Discriminator
from recipes.dcgan.generator import INIT, upsamplings


class DCGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        h = x
        for i in range(upsamplings(c.image_shape[0])):
            h = layers.Conv2D(c.discriminator_filters * 2**i, c.kernel_size, strides=2, padding="same",
                              use_bias=i == 0, kernel_initializer=INIT)(h)  # fmt: skip
            if i > 0 and c.discriminator_batchnorm:
                h = layers.BatchNormalization()(h)
            h = layers.LeakyReLU(0.2)(h)
        logit = layers.Dense(1, kernel_initializer=INIT, name="logit")(layers.Flatten()(h))
        return keras.Model(x, logit, name="discriminator")
