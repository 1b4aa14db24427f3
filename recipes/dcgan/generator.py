"""The DCGAN generator: project z to a small feature map, then transposed convolutions up.

28x28 starts from 7x7 (two upsamplings), 64x64 from 4x4 (four); filters halve at each step.
With ``hidden_units`` > 0, z first goes through one fully connected layer of that width (BN,
ReLU), as in the MNIST networks of InfoGAN and of the DCGAN authors' code lineage.
The stack lives in ``common/layers.py`` because CGAN builds on it too.
"""

import keras

from common.layers import dense_block, upsampling_stack
from common.template import Generator


class DCGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z = keras.Input((c.latent_dim,), name="z")
        h = dense_block(z, c.hidden_units, "relu") if c.hidden_units else z
        image = upsampling_stack(h, c.image_shape, c.generator_filters, c.kernel_size)
        return keras.Model(z, image, name="generator")
