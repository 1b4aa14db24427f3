"""The DCGAN discriminator: strided convolutions down, LeakyReLU, BatchNorm after all but the first.

With ``hidden_units`` > 0, one fully connected layer of that width (BN, LeakyReLU) sits between
the convolutions and the logit, mirroring the generator's. The network lives in
``common/layers.py`` (``dcgan_discriminator``), where the critics of WGAN, WGAN-GP and SNGAN are
built from it without BatchNorm.
"""

import keras

from gan_cookbook.common.layers import dcgan_discriminator
from gan_cookbook.common.template import Discriminator


class DCGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        return dcgan_discriminator(self.config, batchnorm=self.config.discriminator_batchnorm)
