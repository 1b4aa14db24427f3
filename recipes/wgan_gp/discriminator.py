"""The WGAN-GP critic: DCGAN's discriminator without BatchNorm and with a linear score.

BatchNorm would make each image's score depend on the rest of its batch, and the penalty is on
each image's own gradient (paper, sec. 4: "No critic batch normalization").
"""

import keras

from gan_cookbook.common.layers import dcgan_discriminator
from gan_cookbook.common.template import Discriminator


class WGANGPCritic(Discriminator):
    network = "critic"

    def build(self) -> keras.Model:
        return dcgan_discriminator(self.config, name="critic", batchnorm=False)
