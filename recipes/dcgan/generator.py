"""The DCGAN generator: project z to a small feature map, then transposed convolutions up.

28x28 starts from 7x7 (two upsamplings), 64x64 from 4x4 (four); filters halve at each step.
With ``hidden_units`` > 0, z first goes through one fully connected layer of that width (BN,
ReLU), as in the MNIST networks of InfoGAN and of the DCGAN authors' code lineage.
The network lives in ``common/layers.py`` (``dcgan_generator``) because LSGAN, WGAN, WGAN-GP and
SNGAN train it too, and CGAN and ACGAN build on its stack.
"""

import keras

from gan_cookbook.common.layers import dcgan_generator
from gan_cookbook.common.template import Generator


class DCGANGenerator(Generator):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config)
