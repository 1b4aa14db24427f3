"""The DCGAN discriminator: strided convolutions down, LeakyReLU, BatchNorm after all but the first."""

import keras
from keras import layers

from common.layers import downsampling_stack, init
from common.template import Discriminator


class DCGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        features = downsampling_stack(x, c.discriminator_filters, c.kernel_size, c.discriminator_batchnorm)
        logit = layers.Dense(1, kernel_initializer=init(), name="logit")(features)
        return keras.Model(x, logit, name="discriminator")
