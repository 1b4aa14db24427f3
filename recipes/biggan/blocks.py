"""The blocks BigGAN's two networks share: self-attention (SAGAN), class-conditional BatchNorm, and the residual
blocks that go up (G) and down (D), every convolution and dense layer spectrally normalised."""

import keras
from keras import layers, ops

from gan_cookbook.common.layers import SpectralConv2D, SpectralDense


def orthogonal() -> keras.initializers.Initializer:
    """BigGAN initialises every layer orthogonally (Saxe et al. 2014); a fresh instance per layer (seeded runs)."""
    return keras.initializers.Orthogonal()


def conv(filters: int, kernel_size: int = 3, name: str | None = None) -> layers.Layer:
    return SpectralConv2D(filters, kernel_size, padding="same", kernel_initializer=orthogonal(), name=name)


def dense(units: int, use_bias: bool = True, name: str | None = None) -> layers.Layer:
    return SpectralDense(units, use_bias=use_bias, kernel_initializer=orthogonal(), name=name)


@keras.saving.register_keras_serializable(package="gan_cookbook")
class SelfAttention(layers.Layer):
    """SAGAN's self-attention (Zhang et al. 2019), as BigGAN writes it: every position of the feature map x (C
    channels) reads every other through

        o = conv_v( softmax(f(x) g(x)^T) h(x) ),    out = x + gamma * o,

    f, g: 1x1 convolutions to C/8 channels (queries, keys), h: to C/2 (values), keys and values max-pooled 2x2
    (BigGAN's saving), conv_v back to C; gamma starts at 0, so the block begins as the identity and learns how much
    to attend. All four convolutions are spectrally normalised.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)

    def build(self, input_shape) -> None:
        channels = input_shape[-1]
        self.query, self.key = SpectralConv2D(channels // 8, 1, use_bias=False), SpectralConv2D(channels // 8, 1, use_bias=False)
        self.value, self.out = SpectralConv2D(channels // 2, 1, use_bias=False), SpectralConv2D(channels, 1, use_bias=False)
        for sub, shape in ((self.query, input_shape), (self.key, input_shape), (self.value, input_shape)):
            sub.build(shape)
        self.out.build((*input_shape[:-1], channels // 2))
        self.gamma = self.add_weight((), keras.initializers.Zeros(), name="gamma")

    def call(self, x, training=False):
        height, width, channels = x.shape[1:]
        pool = lambda t: ops.max_pool(t, 2, 2)  # noqa: E731
        queries = ops.reshape(self.query(x, training=training), (-1, height * width, channels // 8))
        keys = ops.reshape(pool(self.key(x, training=training)), (-1, height * width // 4, channels // 8))
        values = ops.reshape(pool(self.value(x, training=training)), (-1, height * width // 4, channels // 2))
        attention = ops.softmax(ops.matmul(queries, ops.transpose(keys, (0, 2, 1))), axis=-1)  # (batch, positions, positions / 4)
        read = ops.reshape(ops.matmul(attention, values), (-1, height, width, channels // 2))
        return x + self.gamma * self.out(read, training=training)

    def compute_output_shape(self, shape):
        return shape


@keras.saving.register_keras_serializable(package="gan_cookbook")
class Chunks(layers.Layer):
    """Splits a vector into ``pieces`` equal chunks (BigGAN's hierarchical z: one chunk per stage)."""

    def __init__(self, pieces: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pieces = pieces

    def call(self, x):
        return ops.split(x, self.pieces, axis=-1)

    def compute_output_shape(self, shape):
        return [(shape[0], shape[-1] // self.pieces)] * self.pieces

    def get_config(self) -> dict:
        return {**super().get_config(), "pieces": self.pieces}


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
