"""Blocks that more than one recipe builds on: DCGAN's convolution stacks (DCGAN, CGAN, ACGAN), dense blocks, label joins.

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


def dense_block(h: keras.KerasTensor, units: int, activation: str, batchnorm: bool = True) -> keras.KerasTensor:
    """Dense (no bias when BatchNorm follows), BatchNorm, then ``relu`` (G) or ``leaky_relu`` (D, slope 0.2)."""
    h = layers.Dense(units, use_bias=not batchnorm, kernel_initializer=init())(h)
    if batchnorm:
        h = layers.BatchNormalization()(h)
    return layers.ReLU()(h) if activation == "relu" else layers.LeakyReLU(0.2)(h)


def join_label(z: keras.KerasTensor, label: keras.KerasTensor, width: int) -> keras.KerasTensor:
    """G's conditioning: a learned ``width``-d embedding of the one-hot ``label``, concatenated to ``z``."""
    embedded = layers.Dense(width, use_bias=False, name="label_embedding")(label)  # row k of the kernel embeds class k
    return layers.Concatenate()([z, embedded])


@keras.saving.register_keras_serializable(package="gan_cookbook")
class WeightNormDense(layers.Layer):
    """A dense layer with weight normalisation (Salimans and Kingma, 2016), as in Improved GAN.

    Each output unit's weight vector is w = g v / ||v||: direction v, length g. With
    ``train_scale=False`` (Improved GAN's hidden layers) g is not trained: once
    :func:`data_dependent_init` has set it from a batch of data, every unit's weights keep that
    length, which bounds how far the layer can scale its input.
    """

    def __init__(self, units: int, activation: str | None = None, train_scale: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.units, self.activation, self.train_scale = units, keras.activations.get(activation), train_scale

    def build(self, input_shape: tuple) -> None:
        self.v = self.add_weight((input_shape[-1], self.units), keras.initializers.RandomNormal(stddev=0.1), name="v")
        self.g = self.add_weight((self.units,), "ones", name="g", trainable=self.train_scale)
        self.bias = self.add_weight((self.units,), "zeros", name="bias")

    def call(self, x):
        return self.activation(self.pre_activation(x))

    def pre_activation(self, x):
        scale = self.g / keras.ops.sqrt(keras.ops.sum(keras.ops.square(self.v), axis=0) + 1e-8)
        return keras.ops.matmul(x, self.v) * scale + self.bias

    def get_config(self) -> dict:
        activation = keras.activations.serialize(self.activation)
        return {**super().get_config(), "units": self.units, "activation": activation, "train_scale": self.train_scale}


def data_dependent_init(model: keras.Model, batch) -> None:
    """Set each :class:`WeightNormDense` layer's g and bias so that, on ``batch``, its
    pre-activations have zero mean and unit variance per unit (Salimans and Kingma, 2016).

    Layers are initialised in order, each on the outputs of the ones already initialised.
    """
    for layer in model.layers:
        if isinstance(layer, WeightNormDense):
            x = keras.Model(model.input, layer.input)(batch, training=False)
            layer.g.assign(keras.ops.ones_like(layer.g))
            layer.bias.assign(keras.ops.zeros_like(layer.bias))
            y = layer.pre_activation(x)
            mean, std = keras.ops.mean(y, axis=0), keras.ops.std(y, axis=0) + 1e-8
            layer.g.assign(1.0 / std)
            layer.bias.assign(-mean / std)
