"""The 3D-GAN generator: z -> a 4^3 feature grid -> transposed 3-D convolutions (kernel 4, stride 2) -> occupancies.

Paper, 64^3: z (200) -> 4^3 x 512 -> 8^3 x 256 -> 16^3 x 128 -> 32^3 x 64 -> 64^3 x 1. At 32^3 the
first, widest layer goes; each layer is BatchNorm and ReLU, the last a sigmoid: the probability that
a voxel is filled.
"""

import keras
from keras import layers

from gan_cookbook.common.layers import init
from gan_cookbook.common.template import Generator


def upsamplings(size: int) -> int:
    """How many stride-2 layers take a 4^3 grid to ``size``^3 (a power of two, at least 8)."""
    stages = size.bit_length() - 3
    if size < 8 or size != 4 << stages:
        raise ValueError(f"3D-GAN grids are 4 x 2^k voxels a side (8, 16, 32, 64, ...), got {size}")
    return stages


class VoxelGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        stages = upsamplings(c.image_shape[0])
        z = keras.Input((c.latent_dim,), name="z")
        h = layers.Reshape((1, 1, 1, c.latent_dim))(z)
        h = layers.Conv3DTranspose(c.generator_filters << (stages - 1), 4, padding="valid", use_bias=False, kernel_initializer=init())(h)
        for i in range(stages):
            h = layers.ReLU()(layers.BatchNormalization()(h))
            last = i == stages - 1
            h = layers.Conv3DTranspose(
                c.image_shape[-1] if last else c.generator_filters << (stages - 2 - i),
                4,
                strides=2,
                padding="same",
                use_bias=last,
                activation="sigmoid" if last else None,
                kernel_initializer=init(),
            )(h)
        return keras.Model(z, h, name="generator")
