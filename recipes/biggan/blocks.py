"""The blocks BigGAN's two networks share: class-conditional BatchNorm and the residual blocks that go up (G) and
down (D), every convolution and dense layer spectrally normalised. Self-attention, the z chunks and the sum pooling
are Keras layers in ``common/layers.py``, so that a saved BigGAN loads wherever the package is imported."""

import keras
from keras import layers

from gan_cookbook.common.layers import SpectralConv2D, SpectralDense


def orthogonal() -> keras.initializers.Initializer:
    """BigGAN initialises every layer orthogonally (Saxe et al. 2014); a fresh instance per layer (seeded runs)."""
    return keras.initializers.Orthogonal()


def conv(filters: int, kernel_size: int = 3, name: str | None = None) -> layers.Layer:
    return SpectralConv2D(filters, kernel_size, padding="same", kernel_initializer=orthogonal(), name=name)


def dense(units: int, use_bias: bool = True, name: str | None = None) -> layers.Layer:
    return SpectralDense(units, use_bias=use_bias, kernel_initializer=orthogonal(), name=name)


def conditional_batchnorm(x: keras.KerasTensor, condition: keras.KerasTensor) -> keras.KerasTensor:
    """BigGAN's class-conditional BatchNorm: normalise without a learned scale or shift, then scale by 1 + gain(c)
    and shift by bias(c), both linear in the conditioning vector c (the shared class embedding and this block's
    chunk of z)."""
    channels = x.shape[-1]
    h = layers.BatchNormalization(center=False, scale=False, momentum=0.9, epsilon=1e-4)(x)
    gain = layers.Reshape((1, 1, channels))(dense(channels, use_bias=False)(condition))
    bias = layers.Reshape((1, 1, channels))(dense(channels, use_bias=False)(condition))
    return layers.Add()([h, layers.Multiply()([h, gain]), bias])


def up_block(x: keras.KerasTensor, condition: keras.KerasTensor, filters: int) -> keras.KerasTensor:
    """x -> CBN, ReLU, 2x nearest upsampling, 3x3 conv, CBN, ReLU, 3x3 conv; plus the upsampled x through a 1x1 conv."""
    h = layers.ReLU()(conditional_batchnorm(x, condition))
    h = conv(filters)(layers.UpSampling2D(2)(h))
    h = conv(filters)(layers.ReLU()(conditional_batchnorm(h, condition)))
    return layers.Add()([h, conv(filters, 1)(layers.UpSampling2D(2)(x))])


def down_block(x: keras.KerasTensor, filters: int, downsample: bool = True, first: bool = False) -> keras.KerasTensor:
    """x -> (ReLU), 3x3 conv, ReLU, 3x3 conv, (2x2 average pooling); plus x through a 1x1 conv (and the pooling).
    The first block reads the image itself: no ReLU before its first convolution, and its shortcut pools first."""
    h = conv(filters)(x if first else layers.ReLU()(x))
    h = conv(filters)(layers.ReLU()(h))
    pool = layers.AveragePooling2D(2) if downsample else None
    if pool is not None:
        h = pool(h)
    if first:
        shortcut = conv(filters, 1)(layers.AveragePooling2D(2)(x))
    else:
        shortcut = conv(filters, 1)(x)
        shortcut = layers.AveragePooling2D(2)(shortcut) if downsample else shortcut
    return layers.Add()([h, shortcut])
