"""The LSGAN discriminator: DCGAN's, with BatchNorm; its score is a linear output, regressed, not a logit."""

import keras

from gan_cookbook.common.layers import dcgan_discriminator
from gan_cookbook.common.template import Discriminator


class LSGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        return dcgan_discriminator(self.config)
