"""Blocks that more than one recipe builds on: DCGAN's convolution stacks (DCGAN, CGAN, ACGAN), label joins.

This file imports only keras: copy it beside ``common/template.py`` with a recipe that uses it.
The shapes follow Radford et al. (2016): strided convolutions down, transposed convolutions up,
filters doubling at each coarser scale, weights drawn from N(0, 0.02).
"""

import keras
from keras import layers


def init() -> keras.initializers.Initializer:
    """N(0, 0.02), a fresh instance per layer.

    One module-level instance would draw its seed when this file is imported, before
    ``keras.utils.set_random_seed`` runs, and no two runs would start from the same weights.
    """
    return keras.initializers.RandomNormal(stddev=0.02)


def upsamplings(size: int) -> int:
    """How many 2x upsamplings reach ``size`` from a 4x4 to 7x7 start."""
    stages = 0
    while size > 7:
        if size % 2:
            raise ValueError(f"DCGAN needs an image size of 4-7 times a power of two (28, 32, 64, ...), got {size}")
        size, stages = size // 2, stages + 1
    return stages


def upsampling_stack(h: keras.KerasTensor, image_shape: tuple[int, int, int], filters: int, kernel_size: int) -> keras.KerasTensor:
    """Vector -> image in [-1, 1]: Dense to the smallest map, then [BN, ReLU, ConvT 2x] per scale, tanh out.

    ``filters`` is the width of the last hidden map (28x28 output: 7x7x2F -> 14x14xF -> 28x28).
    """
    height, width, channels = image_shape
    stages = upsamplings(height)
    top = filters * 2 ** (stages - 1)
    h = layers.Dense((height >> stages) * (width >> stages) * top, use_bias=False, kernel_initializer=init())(h)
    h = layers.Reshape((height >> stages, width >> stages, top))(h)
    for i in range(stages):
        h = layers.BatchNormalization()(h)
        h = layers.ReLU()(h)
        last = i == stages - 1
        h = layers.Conv2DTranspose(
            channels if last else top // 2 ** (i + 1), kernel_size, strides=2, padding="same",
            use_bias=last, kernel_initializer=init(), activation="tanh" if last else None,
        )(h)  # fmt: skip
    return h


def downsampling_stack(h: keras.KerasTensor, filters: int, kernel_size: int, batchnorm: bool) -> keras.KerasTensor:
    """Image -> flat features: [Conv 2x down, (BN), LeakyReLU(0.2)] per scale, no BN after the first."""
    for i in range(upsamplings(h.shape[1])):
        h = layers.Conv2D(filters * 2**i, kernel_size, strides=2, padding="same", use_bias=i == 0, kernel_initializer=init())(h)
        if i > 0 and batchnorm:
            h = layers.BatchNormalization()(h)
        h = layers.LeakyReLU(0.2)(h)
    return layers.Flatten()(h)


def join_label(z: keras.KerasTensor, label: keras.KerasTensor, width: int) -> keras.KerasTensor:
    """G's conditioning: a learned ``width``-d embedding of the one-hot ``label``, concatenated to ``z``."""
    embedded = layers.Dense(width, use_bias=False, name="label_embedding")(label)  # row k of the kernel embeds class k
    return layers.Concatenate()([z, embedded])
