"""The WGAN critic: DCGAN's discriminator with a linear score, every weight clipped to [-c, c].

The clip is a constraint on each weight, applied by the critic's optimizer after each of its
updates, so it happens in the critic's phase and nowhere else.
"""

import keras

from gan_cookbook.common.layers import clip_weights, dcgan_discriminator
from gan_cookbook.common.template import Discriminator


class WGANCritic(Discriminator):
    network = "critic"

    def build(self) -> keras.Model:
        c = self.config
        return clip_weights(dcgan_discriminator(c, name="critic", batchnorm=c.critic_batchnorm), c.clip)
