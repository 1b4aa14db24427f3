"""The 3D-GAN discriminator: G mirrored, strided 3-D convolutions (kernel 4, stride 2) down to 4^3, then one logit.

LeakyReLU(0.2) after every layer, BatchNorm after all but the first (the paper's; the input is the
occupancy grid itself). The last 4^3 convolution without padding gives one score per grid.
"""

import keras
from keras import layers

from gan_cookbook.common.layers import init
from gan_cookbook.common.template import Discriminator

from .generator import upsamplings


class VoxelDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="voxels")
        h = x
        for i in range(upsamplings(c.image_shape[0])):
            h = layers.Conv3D(c.discriminator_filters << i, 4, strides=2, padding="same", use_bias=i == 0, kernel_initializer=init())(h)
            h = layers.LeakyReLU(0.2)(h if i == 0 else layers.BatchNormalization()(h))
        h = layers.Conv3D(1, 4, padding="valid", kernel_initializer=init())(h)
        return keras.Model(x, layers.Flatten()(h), name="discriminator")
