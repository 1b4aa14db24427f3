"""The DCGAN discriminator: strided convolutions down, LeakyReLU, BatchNorm after all but the first.

With ``hidden_units`` > 0, one fully connected layer of that width (BN, LeakyReLU) sits between
the convolutions and the logit, mirroring the generator's.
"""

import keras
from keras import layers

from common.layers import dense_block, downsampling_stack, init
from common.template import Discriminator


class DCGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        h = downsampling_stack(x, c.discriminator_filters, c.kernel_size, c.discriminator_batchnorm)
        if c.hidden_units:
            h = dense_block(h, c.hidden_units, "leaky_relu", c.discriminator_batchnorm)
        logit = layers.Dense(1, kernel_initializer=init(), name="logit")(h)
        return keras.Model(x, logit, name="discriminator")
