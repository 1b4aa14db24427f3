"""Blocks that more than one recipe builds on: DCGAN's convolution stacks and networks, dense blocks, label joins,
weight normalisation, spectral normalisation, weight clipping, SGAN's log-sum-exp logit, sub-pixel upsampling and its ICNR
initialisation, BigGAN's self-attention, z chunks and sum pooling, ProGAN's equalized learning rate, pixel norm, minibatch
standard deviation and fade-in, StyleGAN's modulated convolution, learned constant and truncation in W, and an
autoencoder's code statistics.

This file imports only keras and numpy: copy it beside ``common/template.py`` with a recipe that uses it.
The shapes follow Radford et al. (2016): strided convolutions down, transposed convolutions up,
filters doubling at each coarser scale, weights drawn from N(0, 0.02).
"""

from dataclasses import dataclass

import keras
import numpy as np
from keras import layers, ops


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


def downsampling_stack(
    h: keras.KerasTensor, filters: int, kernel_size: int, batchnorm: bool, spectral_norm: bool = False
) -> keras.KerasTensor:
    """Image -> flat features: [Conv 2x down, (BN), LeakyReLU(0.2)] per scale, no BN after the first.

    With ``spectral_norm``, every convolution is a :class:`SpectralConv2D` (SNGAN).
    """
    conv = SpectralConv2D if spectral_norm else layers.Conv2D
    for i in range(upsamplings(h.shape[1])):
        h = conv(filters * 2**i, kernel_size, strides=2, padding="same", use_bias=i == 0 or not batchnorm, kernel_initializer=init())(h)
        if i > 0 and batchnorm:
            h = layers.BatchNormalization()(h)
        h = layers.LeakyReLU(0.2)(h)
    return layers.Flatten()(h)


def dense_block(
    h: keras.KerasTensor, units: int, activation: str, batchnorm: bool = True, spectral_norm: bool = False
) -> keras.KerasTensor:
    """Dense (no bias when BatchNorm follows), BatchNorm, then ``relu`` (G) or ``leaky_relu`` (D, slope 0.2)."""
    h = (SpectralDense if spectral_norm else layers.Dense)(units, use_bias=not batchnorm, kernel_initializer=init())(h)
    if batchnorm:
        h = layers.BatchNormalization()(h)
    return layers.ReLU()(h) if activation == "relu" else layers.LeakyReLU(0.2)(h)


@dataclass
class ConvNetworks:
    """The hyper-parameters of :func:`dcgan_generator` and :func:`dcgan_discriminator`, mixed into a recipe's config."""

    generator_filters: int = 64  # filters of G's last hidden layer, doubled at each coarser scale
    discriminator_filters: int = 64  # filters of D's first layer, doubled at each coarser scale
    kernel_size: int = 4
    hidden_units: int = 0  # > 0: a fully connected layer of this width after z in G and before the score in D


# The loss study's shared settings (scripts/loss_study.py): every objective trains DCGAN's all-convolutional
# networks at 64 filters on batches of 64; each recipe's "study" preset adds its steps, sized to the same
# budget: about 3 minutes on a 2-core AMD EPYC whose DCGAN reference step takes 136 ms (45 ms a step for the
# BCE, least-squares and hinge objectives, 132 ms for WGAN's five critic steps, 225 ms for WGAN-GP's).
LOSS_STUDY = {"hidden_units": 0, "generator_filters": 64, "discriminator_filters": 64, "batch_size": 64,
              "eval_every": 500, "sample_every": 500, "checkpoint_every": 1_000}  # fmt: skip
# The same networks on Stacked MNIST (1,000 modes), scored on 26,000 samples as in PacGAN and VEEGAN.
STACKED_MNIST_STUDY = {**LOSS_STUDY, "dataset": "stacked_mnist", "image_shape": (28, 28, 3), "eval_samples": 26_000}


def dcgan_generator(config, name: str = "generator") -> keras.Model:
    """DCGAN's generator: z -> (FC ``hidden_units``, BN, ReLU) -> :func:`upsampling_stack` -> image.

    Reads ``latent_dim``, ``image_shape``, ``generator_filters``, ``kernel_size``, ``hidden_units``.
    """
    c = config
    z = keras.Input((c.latent_dim,), name="z")
    h = dense_block(z, c.hidden_units, "relu") if c.hidden_units else z
    return keras.Model(z, upsampling_stack(h, c.image_shape, c.generator_filters, c.kernel_size), name=name)


def dcgan_discriminator(config, name: str = "discriminator", batchnorm: bool = True, spectral_norm: bool = False) -> keras.Model:
    """DCGAN's discriminator: image -> :func:`downsampling_stack` -> (FC ``hidden_units``) -> one score.

    Reads ``image_shape``, ``discriminator_filters``, ``kernel_size``, ``hidden_units``. Critics
    leave out BatchNorm (WGAN-GP's penalty needs each score to depend on its own image alone);
    SNGAN's spectrally normalises every layer.
    """
    c = config
    x = keras.Input(c.image_shape, name="image")
    h = downsampling_stack(x, c.discriminator_filters, c.kernel_size, batchnorm, spectral_norm)
    if c.hidden_units:
        h = dense_block(h, c.hidden_units, "leaky_relu", batchnorm, spectral_norm)
    score = (SpectralDense if spectral_norm else layers.Dense)(1, kernel_initializer=init(), name="score")(h)
    return keras.Model(x, score, name=name)


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
            layer.g.assign(keras.ops.ones(layer.g.shape))
            layer.bias.assign(keras.ops.zeros(layer.bias.shape))
            y = layer.pre_activation(x)
            mean, std = keras.ops.mean(y, axis=0), keras.ops.std(y, axis=0) + 1e-8
            layer.g.assign(1.0 / std)
            layer.bias.assign(-mean / std)


# -- spectral normalisation (Miyato et al. 2018) and weight clipping (Arjovsky et al. 2017) ----------
def spectral_normalize(kernel, u):
    """W / sigma(W) and the next power-iteration vector, from ``u`` (1, out).

    The kernel is seen as a (fan_in, out) matrix W. One power iteration, v = norm(u W^T),
    u' = norm(v W), estimates the largest singular value sigma = v W u'^T; u and v are held
    constant in the gradient, as in the paper (its Algorithm 1).
    """
    matrix = ops.reshape(kernel, (-1, ops.shape(kernel)[-1]))
    u = ops.stop_gradient(u)
    v = _unit(ops.matmul(u, ops.transpose(matrix)))
    u_next = ops.stop_gradient(_unit(ops.matmul(v, matrix)))
    sigma = ops.sum(ops.matmul(ops.stop_gradient(v), matrix) * u_next)
    return kernel / sigma, u_next


def _unit(x):
    return x / ops.sqrt(ops.sum(ops.square(x)) + 1e-12)


class _SpectralNorm:
    """Computes the normalised kernel in the forward pass; the layer's own kernel is never written.

    ``u`` (a non-trainable weight) advances one power iteration per training-mode call. Inside a
    phase that does not train the network, the composite puts ``u`` back afterwards, so only the
    discriminator's own phase moves it.
    """

    def build(self, input_shape) -> None:
        super().build(input_shape)
        out = self._kernel.shape[-1]
        self.u = self.add_weight((1, out), keras.initializers.RandomNormal(stddev=1.0), name="u", trainable=False)

    def normalized_kernel(self, training):
        kernel, u = spectral_normalize(self._kernel, self.u)
        if training:
            self.u.assign(u)
        return kernel

    def save_own_variables(self, store) -> None:
        """Every variable, ``u`` included (Conv2D and Dense save only their kernel and bias)."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable

    def load_own_variables(self, store) -> None:
        saved = len(store.keys())
        if saved not in (len(self.variables), len(self.variables) - 1):  # - 1: files saved without u keep a fresh u
            raise ValueError(f"layer {self.name!r} has {len(self.variables)} variables, the file {saved}")
        for i, variable in enumerate(self.variables[:saved]):
            variable.assign(store[str(i)])


@keras.saving.register_keras_serializable(package="gan_cookbook")
class SpectralConv2D(_SpectralNorm, layers.Conv2D):
    """A Conv2D whose kernel is divided by its largest singular value at every call."""

    def call(self, inputs, training=False):
        outputs = self.convolution_op(inputs, self.normalized_kernel(training))
        if self.use_bias:
            outputs = outputs + self.bias
        return self.activation(outputs) if self.activation is not None else outputs


@keras.saving.register_keras_serializable(package="gan_cookbook")
class SpectralDense(_SpectralNorm, layers.Dense):
    """A Dense layer whose kernel is divided by its largest singular value at every call."""

    def call(self, inputs, training=False):
        outputs = ops.matmul(inputs, self.normalized_kernel(training))
        if self.bias is not None:
            outputs = outputs + self.bias
        return self.activation(outputs) if self.activation is not None else outputs


@keras.saving.register_keras_serializable(package="gan_cookbook")
class Clip(keras.constraints.Constraint):
    """Keeps every entry of a weight in [-c, c]; the optimizer applies it after each of its updates."""

    def __init__(self, c: float) -> None:
        self.c = c

    def __call__(self, w):
        return ops.clip(w, -self.c, self.c)

    def get_config(self) -> dict:
        return {"c": self.c}


def clip_weights(model: keras.Model, c: float) -> keras.Model:
    """Give every trainable weight of ``model`` the constraint :class:`Clip` ``(c)`` (WGAN's critic):
    the weights are clipped by the optimizer of the phase that trains the model, and only there."""
    for weight in model.trainable_weights:
        weight.constraint = Clip(c)
    return model


@keras.saving.register_keras_serializable(package="gan_cookbook")
class SubPixel(layers.Layer):
    """Sub-pixel upsampling (Shi et al. 2016): (H, W, r^2 C) -> (rH, rW, C), each pixel's channels laid out as an
    r x r block. After a convolution to r^2 C channels it is a learned upsampling without a transposed
    convolution's checkerboard (SRGAN's generator)."""

    def __init__(self, factor: int = 2, **kwargs) -> None:
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return ops.depth_to_space(x, self.factor)

    def compute_output_shape(self, shape):
        grow = lambda n: None if n is None else n * self.factor  # noqa: E731
        return (shape[0], grow(shape[1]), grow(shape[2]), shape[3] // self.factor**2)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor}


@keras.saving.register_keras_serializable(package="gan_cookbook")
class ICNR(keras.initializers.Initializer):
    """Initialises the convolution before a :class:`SubPixel` of ``factor`` so that the two start as a convolution
    followed by nearest-neighbour upsampling (Aitken et al. 2017, "Checkerboard artifact free sub-pixel
    convolution"): each output channel's factor^2 sub-kernels are one kernel drawn from ``base`` (default
    Glorot-uniform), so no checkerboard is there to be unlearned."""

    def __init__(self, factor: int = 2, base: keras.initializers.Initializer | dict | None = None) -> None:
        self.factor = factor
        self.base = keras.initializers.get(base or "glorot_uniform")

    def __call__(self, shape, dtype=None):
        *kernel, outputs = shape
        blocks = self.factor**2
        one = self.base((*kernel, outputs // blocks), dtype=dtype)
        return ops.tile(one, (1,) * len(kernel) + (blocks,))  # channel (i r + j) C + c reads sub-kernel c: SubPixel's layout

    def get_config(self) -> dict:
        return {"factor": self.factor, "base": keras.initializers.serialize(self.base)}


# -- BigGAN's layers (Zhang et al. 2019; Brock et al. 2019) ------------------------------------------
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


@keras.saving.register_keras_serializable(package="gan_cookbook")
class SumPool(layers.Layer):
    """The sum of a feature map over its positions (BigGAN's global sum pooling)."""

    def call(self, x):
        return ops.sum(x, axis=(1, 2))

    def compute_output_shape(self, shape):
        return (shape[0], shape[-1])


# -- ProGAN's layers (Karras et al. 2018) ---------------------------------------------------------
def resolutions(config) -> list[int]:
    """4, 8, ..., the config's image size: the resolutions of ProGAN's and StyleGAN's blocks, one per doubling."""
    return [4 * 2**i for i in range(int(np.log2(config.image_shape[0] // 4)) + 1)]


def channels(config, resolution: int) -> int:
    """Karras et al.'s feature maps at ``resolution``: ``filter_base / resolution``, at most ``max_filters``
    (ProGAN: 16384 / r, at most 512)."""
    return min(config.max_filters, config.filter_base // resolution)


class _Equalized:
    """Equalized learning rate (Karras et al. 2018, sec. 4.1): weights drawn from N(0, 1) and scaled at every call by
    He's constant gain / sqrt(fan_in), so that Adam's step, which is invariant to a weight's scale, moves every layer
    at the same speed whatever its fan-in. The stored kernel stays unscaled.

    ``lr_multiplier`` slows one layer down on top of that (StyleGAN's mapping network, 0.01): weights drawn from
    N(0, 1 / lr_multiplier^2) and the kernel and the bias scaled by it at every call, so that the same Adam step
    moves the layer's effective weights ``lr_multiplier`` times as far.
    """

    def __init__(self, *args, gain: float = float(np.sqrt(2.0)), lr_multiplier: float = 1.0, **kwargs) -> None:
        super().__init__(*args, kernel_initializer=keras.initializers.RandomNormal(stddev=1.0 / lr_multiplier), **kwargs)
        self.gain, self.lr_multiplier = gain, lr_multiplier

    def build(self, input_shape) -> None:
        super().build(input_shape)
        self.scale = self.gain * self.lr_multiplier / float(np.sqrt(np.prod(self.kernel.shape[:-1])))

    def biased(self, outputs):
        if self.use_bias:
            outputs = outputs + self.bias * self.lr_multiplier
        return self.activation(outputs) if self.activation is not None else outputs

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("kernel_initializer", None)
        return {**config, "gain": self.gain, "lr_multiplier": self.lr_multiplier}


@keras.saving.register_keras_serializable(package="gan_cookbook")
class EqualizedConv2D(_Equalized, layers.Conv2D):
    """A Conv2D with the equalized learning rate (its kernel times gain / sqrt(fan_in) at every call)."""

    def call(self, inputs):
        return self.biased(self.convolution_op(inputs, self.kernel * self.scale))


@keras.saving.register_keras_serializable(package="gan_cookbook")
class EqualizedDense(_Equalized, layers.Dense):
    """A Dense layer with the equalized learning rate."""

    def call(self, inputs):
        return self.biased(ops.matmul(inputs, self.kernel * self.scale))


@keras.saving.register_keras_serializable(package="gan_cookbook")
class PixelNorm(layers.Layer):
    """Each position's feature vector scaled to unit root-mean-square, x / sqrt(mean_c x^2 + 1e-8) (ProGAN, sec. 4.2):
    keeps G's signal from escalating, where BatchNorm would tie each image to its batch."""

    def call(self, x):
        return x * ops.rsqrt(ops.mean(ops.square(x), axis=-1, keepdims=True) + 1e-8)


@keras.saving.register_keras_serializable(package="gan_cookbook")
class MinibatchStddev(layers.Layer):
    """One more feature map, constant: the standard deviation of every feature at every position over the batch,
    averaged (ProGAN, sec. 3). A batch of near-identical fakes shows a small value that real batches do not, so D
    can penalise a collapse that no single image reveals. (The paper's code takes it over groups of four images;
    the paper's text, and this layer, over the whole batch.)"""

    def call(self, x):
        spread = ops.mean(ops.sqrt(ops.var(x, axis=0) + 1e-8))
        return ops.concatenate([x, ops.ones_like(x[..., :1]) * spread], axis=-1)

    def compute_output_shape(self, shape):
        return (*shape[:-1], shape[-1] + 1)


@keras.saving.register_keras_serializable(package="gan_cookbook")
class Fade(layers.Layer):
    """``low + alpha (high - low)`` of two tensors ``[low, high]``: a newly grown block faded in over its predecessor.

    ``alpha`` is the layer's own (1.0: the new block alone) unless a call passes one (a training step's scheduled value)."""

    def __init__(self, alpha: float = 1.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.alpha = alpha

    def call(self, inputs, alpha=None):
        low, high = inputs
        return low + (self.alpha if alpha is None else alpha) * (high - low)

    def compute_output_shape(self, shapes):
        return shapes[1]

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}


# -- StyleGAN's layers (Karras et al. 2019, 2020) --------------------------------------------------
@keras.saving.register_keras_serializable(package="gan_cookbook")
class ModulatedConv2D(layers.Layer):
    """StyleGAN2's styled convolution (Karras et al. 2020, sec. 2.2, eq. 1-3), called on ``[x, styles]``, the styles
    (n, layers, w_dim) of which it reads w = ``styles[:, style]``:

        s = A(w)                                   a per-image style, one scale per input channel (affine, bias 1)
        w'_ijk = s_i w_ijk                         modulation
        w''_ijk = w'_ijk / sqrt(sum_i,k w'_ijk^2 + eps)   demodulation: each output map back to unit variance

    then per-pixel noise times a learned per-channel strength (initially 0), a bias and LeakyReLU(0.2) x sqrt(2).
    Computed as the paper's code's non-fused form: a plain convolution of ``x * s``, its output times each image's
    demodulation factors (the same numbers, one kernel for the batch). ``upsample``: nearest-neighbour x2 before
    the convolution (the paper: a transposed convolution and a blur filter). ``to_rgb``: StyleGAN2's toRGB, a
    modulated 1x1 convolution without demodulation, noise or activation. Equalized learning rate throughout.

    The noise is drawn afresh at every training call; in inference it is the layer's fixed noise image
    (``noise_image``, drawn at build; the paper's code's ``noise_mode="const"``), so a w draws the same image
    every time; assign new values to it to see what the noise alone varies.
    """

    def __init__(
        self, filters: int, kernel_size: int = 3, style: int = 0, upsample: bool = False, to_rgb: bool = False, seed=None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.filters, self.kernel_size, self.style = filters, kernel_size, style
        self.upsample, self.to_rgb, self.seed = upsample, to_rgb, seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape) -> None:
        x_shape, w_shape = input_shape
        channels = x_shape[-1]
        self.affine = EqualizedDense(channels, gain=1.0, bias_initializer="ones", name="affine")
        self.affine.build((w_shape[0], w_shape[-1]))
        shape = (self.kernel_size, self.kernel_size, channels, self.filters)
        self.kernel = self.add_weight(shape=shape, initializer=keras.initializers.RandomNormal(stddev=1.0), name="kernel")
        self.scale = 1.0 / float(np.sqrt(self.kernel_size * self.kernel_size * channels))
        self.bias = self.add_weight(shape=(self.filters,), initializer="zeros", name="bias")
        if not self.to_rgb:
            size = (x_shape[1] * (2 if self.upsample else 1), x_shape[2] * (2 if self.upsample else 1), 1)
            self.noise_strength = self.add_weight(shape=(self.filters,), initializer="zeros", name="noise_strength")
            self.noise_image = self.add_weight(
                shape=size, initializer=keras.initializers.RandomNormal(seed=self.seed), trainable=False, name="noise_image"
            )

    def call(self, inputs, training: bool = False):
        x, styles = inputs
        style = self.affine(styles[:, self.style])  # (n, channels)
        if self.upsample:
            x = ops.repeat(ops.repeat(x, 2, axis=1), 2, axis=2)
        kernel = self.kernel * self.scale
        y = ops.conv(x * style[:, None, None, :], kernel, padding="same")
        if self.to_rgb:  # the style's scale stays in the image; no noise, linear
            return y + self.bias
        demodulation = ops.rsqrt(ops.matmul(ops.square(style), ops.sum(ops.square(kernel), axis=(0, 1))) + 1e-8)
        y = y * demodulation[:, None, None, :]
        if training:
            noise = keras.random.normal((ops.shape(y)[0], *self.noise_image.shape), dtype=y.dtype, seed=self.seed_generator)
        else:
            noise = ops.cast(self.noise_image[None], y.dtype)
        y = y + noise * self.noise_strength + self.bias
        return ops.leaky_relu(y, 0.2) * float(np.sqrt(2.0))

    def compute_output_shape(self, input_shape):
        n, height, width, _ = input_shape[0]
        grow = 2 if self.upsample else 1
        return (n, height and height * grow, width and width * grow, self.filters)

    def get_config(self) -> dict:
        names = ("filters", "kernel_size", "style", "upsample", "to_rgb", "seed")
        return {**super().get_config(), **{name: getattr(self, name) for name in names}}


@keras.saving.register_keras_serializable(package="gan_cookbook")
class LearnedConstant(layers.Layer):
    """StyleGAN's synthesis input: one learned ``shape`` tensor (4x4 maps, N(0, 1)), the same for every image,
    repeated to the batch of the tensor it is called on (the per-layer styles)."""

    def __init__(self, shape: tuple[int, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.shape = tuple(shape)

    def build(self, input_shape) -> None:
        self.constant = self.add_weight(shape=self.shape, initializer=keras.initializers.RandomNormal(stddev=1.0), name="constant")

    def call(self, like):
        return ops.repeat(self.constant[None], ops.shape(like)[0], axis=0)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self.shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "shape": self.shape}


@keras.saving.register_keras_serializable(package="gan_cookbook")
class TruncatedW(layers.Layer):
    """The truncation trick in W (Karras et al. 2019, sec. 3.1), called on ``[w, psi]``: w' = w_avg + psi (w - w_avg),
    psi per image ((n, 1); 1 = w itself, 0 = the average image). In training mode it also keeps w_avg, a moving
    average of the mapping network's outputs (momentum 0.995, the paper's code), in full precision."""

    def __init__(self, momentum: float = 0.995, **kwargs) -> None:
        super().__init__(**{"dtype": "float32", **kwargs})
        self.momentum = momentum

    def build(self, input_shape) -> None:
        self.average = self.add_weight(shape=(input_shape[0][-1],), initializer="zeros", trainable=False, name="w_average")

    def call(self, inputs, training: bool = False):
        w, psi = inputs
        if training:
            batch_mean = ops.stop_gradient(ops.mean(ops.cast(w, "float32"), axis=0))
            self.average.assign(self.momentum * self.average + (1.0 - self.momentum) * batch_mean)
        return self.average + ops.cast(psi, "float32") * (ops.cast(w, "float32") - self.average)

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum}


# -- the 2-D mixture networks (PacGAN's synthetic experiments) --------------------------------------
@keras.saving.register_keras_serializable(package="gan_cookbook")
class LogSumExp(layers.Layer):
    """log sum_k exp(l_k): the real/fake logit of a shared-softmax classifier (SGAN's discriminator)."""

    def call(self, logits):
        return ops.logsumexp(logits, axis=-1, keepdims=True)


keras.saving.get_custom_objects()["sgan>LogSumExp"] = LogSumExp  # the name SGAN runs saved before it moved here


@keras.saving.register_keras_serializable(package="gan_cookbook")
class Maxout(layers.Layer):
    """``units`` outputs, each the largest of ``pieces`` linear functions of the input (Goodfellow et al. 2013)."""

    def __init__(self, units: int, pieces: int, spectral_norm: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.units, self.pieces, self.spectral_norm = units, pieces, spectral_norm
        self.linear = (SpectralDense if spectral_norm else layers.Dense)(units * pieces, kernel_initializer=init())

    def call(self, x):
        h = self.linear(x)
        return ops.max(ops.reshape(h, (-1, self.units, self.pieces)), axis=-1)

    def get_config(self) -> dict:
        return {**super().get_config(), "units": self.units, "pieces": self.pieces, "spectral_norm": self.spectral_norm}


def mixture_generator(config, name: str = "generator") -> keras.Model:
    """z (``latent_dim``) -> 4 x [Dense 400 without bias, BN, ReLU] -> a 2-D point (PacGAN's synthetic-data G)."""
    z = keras.Input((config.latent_dim,), name="z")
    h = z
    for _ in range(4):
        h = layers.ReLU()(layers.BatchNormalization()(layers.Dense(400, use_bias=False, kernel_initializer=init())(h)))
    return keras.Model(z, layers.Dense(2, kernel_initializer=init())(h), name=name)


def mixture_discriminator(config, name: str = "discriminator", spectral_norm: bool = False) -> keras.Model:
    """A 2-D point -> 3 x Maxout(200 units, 5 pieces) -> one score (PacGAN's synthetic-data D)."""
    x = keras.Input((2,), name="point")
    h = x
    for _ in range(3):
        h = Maxout(200, 5, spectral_norm)(h)
    return keras.Model(x, (SpectralDense if spectral_norm else layers.Dense)(1, kernel_initializer=init(), name="score")(h), name=name)


# -- an autoencoder's code statistics ----------------------------------------------------------------
@keras.saving.register_keras_serializable(package="gan_cookbook")
class MovingMoments(layers.Layer):
    """The identity, which in training mode also keeps moving averages of its input's mean and second moment
    E[c c^T] (as BatchNormalization keeps its statistics): an autoencoder's code distribution, to sample from."""

    def __init__(self, momentum: float = 0.99, **kwargs) -> None:
        super().__init__(**{"dtype": "float32", **kwargs})  # statistics in full precision, whatever the mixed-precision policy
        self.momentum = momentum

    def build(self, input_shape) -> None:
        d = input_shape[-1]
        self.moving_mean = self.add_weight(shape=(d,), initializer="zeros", trainable=False, name="moving_mean")
        self.moving_second_moment = self.add_weight(shape=(d, d), initializer="identity", trainable=False, name="moving_second_moment")

    def call(self, codes, training: bool = False):
        if training:
            c = ops.stop_gradient(ops.cast(codes, "float32"))
            m = self.momentum
            self.moving_mean.assign(m * self.moving_mean + (1 - m) * ops.mean(c, axis=0))
            second = ops.matmul(ops.transpose(c), c) / ops.cast(ops.shape(c)[0], "float32")
            self.moving_second_moment.assign(m * self.moving_second_moment + (1 - m) * second)
        return codes

    def fit(self, codes: np.ndarray) -> None:
        """Set the statistics to those of ``codes`` exactly (the codes of training images in inference mode)."""
        codes = np.asarray(codes, dtype=np.float64)
        self.moving_mean.assign(codes.mean(axis=0).astype("float32"))
        self.moving_second_moment.assign((codes.T @ codes / len(codes)).astype("float32"))

    def covariance(self):
        """E[c c^T] - E[c] E[c]^T from the moving averages."""
        mean = ops.convert_to_tensor(self.moving_mean)
        return ops.convert_to_tensor(self.moving_second_moment) - ops.outer(mean, mean)

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum}
