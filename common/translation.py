"""Image-to-image translation on the template: the GAN whose generator reads an image, and the blocks
Pix2Pix, CycleGAN and SimGAN share (U-Net, ResNet generator, PatchGAN, instance norm, history pool).

This file imports only keras, numpy and ``common/template.py``: copy the three beside a recipe.

Data. A translation run trains on a pair of aligned arrays ``(sources, targets)``. For a paired
task (Pix2Pix) row i of each is the same scene in two styles; for an unpaired task (CycleGAN,
SimGAN) the two domains are simply laid side by side and the pairing means nothing: a phase
then draws its ``source`` batch and its ``target`` batch from two different draws of the loop's
stream, so no pair is ever seen together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import keras
import numpy as np
from keras import layers, ops

from gan_cookbook.common.template import GAN, GANConfig, generate


@dataclass
class TranslationConfig(GANConfig):
    """A translation run: images of ``image_shape`` in both domains, no latent vector."""

    image_shape: tuple[int, int, int] = (64, 64, 3)
    latent_dim: int = 0  # the generator reads an image; its noise is dropout (Pix2Pix) or none
    batch_size: int = 1
    dataset: str = "emoji"  # "emoji", "mnist_edges", "fonts_mnist" or "folder" (pix2pix A|B images, or A/ and B/ folders);
    # super-resolution: "mnist", "photos" (bundled with scikit-image) or "folder" (the user's photos)
    paired: bool = True  # False: source and target batches come from different draws (no pair is ever seen together)
    scale: int = 1  # > 1: super-resolution, the sources ``scale`` times smaller than ``image_shape`` (the targets)
    sample_every: int = 250
    checkpoint_every: int = 500
    at_least_one: ClassVar[tuple[str, ...]] = ("steps", "batch_size", "discriminator_steps", "scale")

    @property
    def source_shape(self) -> tuple[int, int, int]:
        """The shape of a source image: ``image_shape``, or its height and width divided by ``scale``."""
        height, width, channels = self.image_shape
        return (height // self.scale, width // self.scale, channels)


# -- the GAN ---------------------------------------------------------------------------------
class TranslationGAN(GAN):
    """G maps a source image to a target-style image; D judges images (or, conditionally, pairs).

    ``translators`` names, per direction, the network that translates: ``{"ab": "generator"}`` for
    one direction, CycleGAN adds ``"ba"``. The preview grid shows held-out sources, their
    translations and, for paired data, the true targets, one row each.
    """

    translators: ClassVar[dict[str, str]] = {"ab": "generator"}
    preview_size: ClassVar[int] = 8

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.preview_pairs: tuple[np.ndarray, np.ndarray] | None = None  # held-out (sources, targets); set before training

    def training_data(self, data: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        if not (isinstance(data, tuple) and len(data) == 2):
            raise ValueError(f"{type(self).__name__} trains on (sources, targets), two aligned arrays")
        sources, targets = data
        if self.preview_pairs is None:
            self.preview_pairs = (sources[: self.preview_size], targets[: self.preview_size])
        if len(sources) != len(targets):  # unpaired domains of different sizes: the smaller one repeats
            if self.config.paired:
                raise ValueError(f"paired data needs as many sources as targets, got {len(sources)} and {len(targets)}")
            n = max(len(sources), len(targets))
            sources, targets = sources[np.arange(n) % len(sources)], targets[np.arange(n) % len(targets)]
        return sources, targets

    def draw_pair(self, draw: Callable) -> tuple[np.ndarray, np.ndarray]:
        """A source batch and a target batch: one draw's pairs, or, unpaired, the sources of one draw
        and the targets of the next."""
        sources, targets = draw()
        if not self.config.paired:
            targets = draw()[1]
        return sources, targets

    def discriminator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        sources, targets = self.draw_pair(draw)
        return {"source": sources, "target": targets}

    def discriminator_outputs(self, source, target) -> dict:
        d, g = self.networks[self.discriminator_name], self.networks[self.generator_name]
        return {"real": d(target), "fake": d(g(source))}

    def generator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        sources, targets = self.draw_pair(draw)
        return {"source": sources, "target": targets}

    def generator_outputs(self, source, target) -> dict:
        translated = self.networks[self.generator_name](source)
        return {"translated": translated, "fake": self.networks[self.discriminator_name](translated)}

    # -- using the networks -------------------------------------------------------------------
    def translator(self, direction: str = "ab") -> keras.Model:
        if direction not in self.translators:
            raise ValueError(f"{type(self).__name__} translates {sorted(self.translators)}, not {direction!r}")
        return self.averaged(self.translators[direction])

    def translate(self, images: np.ndarray, direction: str = "ab", batch_size: int = 100) -> np.ndarray:
        """Translations of ``images`` in [-1, 1], in inference mode."""
        return generate(self.translator(direction), images, batch_size)

    def preview_inputs(self, rng: np.random.Generator) -> tuple[tuple[np.ndarray, np.ndarray], int]:
        sources, targets = self.preview_pairs
        return (sources, targets), 3 if self.config.paired else 2

    def preview(self, inputs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Rows: the sources (each pixel repeated to the targets' size when they are smaller), their translations,
        and (paired) the true targets."""
        sources, targets = inputs
        scale = self.config.scale
        rows = [sources.repeat(scale, axis=1).repeat(scale, axis=2), self.translate(sources)]
        return np.concatenate(rows + ([targets] if self.config.paired else []))

    def sample_inputs(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` source images to translate (random ones: for tests of shapes; runs translate held-out images)."""
        return rng.uniform(-1, 1, (n, *self.config.source_shape)).astype(np.float32)


# -- super-resolution of whole images ----------------------------------------------------------------
def upscale(generator: keras.Model, image: np.ndarray, scale: int, tile: int = 128, margin: int = 48) -> np.ndarray:
    """``image`` (H, W, C) in [-1, 1] super-resolved by a fully convolutional ``generator`` to (scale H, scale W, C),
    tile by tile, so that memory stays bounded however large the image.

    Each ``tile`` x ``tile`` piece is read with up to ``margin`` pixels of its neighbours (none beyond the image's
    own border) and only its middle is kept: where the generator's receptive field reaches less than ``margin``
    pixels (SRResNet with 16 blocks: 40), the result is the whole image's, seams and borders included.
    """
    if tile < 1 or margin < 0:
        raise ValueError(f"tile must be at least 1 and margin at least 0, got {tile} and {margin}")
    height, width, _ = image.shape
    out = np.empty((height * scale, width * scale, generator.output_shape[-1]), np.float32)
    for top in range(0, height, tile):
        for left in range(0, width, tile):
            bottom, right = min(top + tile, height), min(left + tile, width)
            y0, x0 = max(top - margin, 0), max(left - margin, 0)
            piece = image[None, y0 : min(bottom + margin, height), x0 : min(right + margin, width)]
            upscaled = ops.convert_to_numpy(generator(piece, training=False))[0]
            out[top * scale : bottom * scale, left * scale : right * scale] = upscaled[
                (top - y0) * scale : (bottom - y0) * scale, (left - x0) * scale : (right - x0) * scale
            ]
    return out


# -- networks -----------------------------------------------------------------------------------
def init() -> keras.initializers.Initializer:
    """N(0, 0.02), the initialisation of Pix2Pix and CycleGAN; a fresh instance per layer (seeded runs)."""
    return keras.initializers.RandomNormal(stddev=0.02)


def instance_norm(name: str | None = None) -> layers.Layer:
    """Instance normalisation (Ulyanov et al. 2016): each channel of each image normalised on its own.

    Keras 3 has no InstanceNormalization layer; GroupNormalization with one group per channel is it.
    """
    return layers.GroupNormalization(groups=-1, epsilon=1e-5, name=name)


def normalization(kind: str) -> layers.Layer:
    if kind == "batch":
        return layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
    if kind == "instance":
        return instance_norm()
    raise ValueError(f"normalization must be 'batch' or 'instance', got {kind!r}")


@keras.saving.register_keras_serializable(package="gan_cookbook")
class ReflectionPad(layers.Layer):
    """Pads height and width by mirroring the image (CycleGAN's generator), so borders see no zeros."""

    def __init__(self, pad: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pad = pad

    def call(self, x):
        p = self.pad
        return ops.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], mode="reflect")

    def compute_output_shape(self, shape):
        grow = lambda n: None if n is None else n + 2 * self.pad  # noqa: E731
        return (shape[0], grow(shape[1]), grow(shape[2]), shape[3])

    def get_config(self) -> dict:
        return {**super().get_config(), "pad": self.pad}


def unet_levels(size: int) -> int:
    """Stride-2 levels from ``size`` down to 1x1 (8 at the paper's 256x256, 6 at 64x64, 5 at 32x32)."""
    levels = int(np.log2(size))
    if 2**levels != size:
        raise ValueError(f"a U-Net needs a power-of-two image size (32, 64, 128, 256), got {size}")
    return levels


def unet_generator(
    image_shape: tuple[int, int, int], filters: int = 64, dropout: float = 0.5, norm: str = "batch", name: str = "generator"
) -> keras.Model:
    """Pix2Pix's U-Net (Isola et al. 2017, appendix 6.1.1): an encoder down to 1x1 and a mirrored
    decoder, each decoder level joined to the encoder level of the same size (the skips).

    Encoder C64-C128-C256-C512-C512-...: 4x4 convolutions of stride 2, norm, LeakyReLU 0.2 (no norm
    on the first). Decoder: 4x4 transposed convolutions of stride 2, norm, dropout 0.5 on the three
    innermost levels (the only noise: the paper found a z input ignored), ReLU. Widths are
    ``filters`` times 1, 2, 4, 8, 8, ...
    """
    size, _, channels = image_shape
    levels = unet_levels(size)
    widths = [filters * min(2**i, 8) for i in range(levels)]
    x = source = keras.Input(image_shape, name="source")
    skips = []
    for i, width in enumerate(widths):
        x = layers.Conv2D(width, 4, strides=2, padding="same", kernel_initializer=init(), use_bias=i == 0)(x)
        if 0 < i < levels - 1:
            x = normalization(norm)(x)
        x = layers.LeakyReLU(0.2)(x)
        skips.append(x)
    for i, (width, skip) in enumerate(zip(reversed(widths[:-1]), reversed(skips[:-1]))):
        x = layers.Conv2DTranspose(width, 4, strides=2, padding="same", kernel_initializer=init(), use_bias=False)(x)
        x = normalization(norm)(x)
        if i < 3 and dropout:
            x = layers.Dropout(dropout)(x)
        x = layers.ReLU()(x)
        x = layers.Concatenate()([x, skip])
    image = layers.Conv2DTranspose(channels, 4, strides=2, padding="same", kernel_initializer=init(), activation="tanh")(x)
    return keras.Model(source, image, name=name)


def resnet_block(x: keras.KerasTensor, width: int, kernel_size: int = 3, norm: str = "instance") -> keras.KerasTensor:
    """x + conv-norm-ReLU-conv-norm (x), with reflection padding (He et al. 2016, as CycleGAN uses it)."""
    y = x
    for last in (False, True):
        y = ReflectionPad(kernel_size // 2)(y)
        y = layers.Conv2D(width, kernel_size, kernel_initializer=init(), use_bias=False)(y)
        y = normalization(norm)(y)
        if not last:
            y = layers.ReLU()(y)
    return layers.Add()([x, y])


def resnet_generator(
    image_shape: tuple[int, int, int], filters: int = 64, blocks: int = 6, downsamplings: int = 2, name: str = "generator"
) -> keras.Model:
    """CycleGAN's generator (Zhu et al. 2017, appendix 7.2, after Johnson et al. 2016):
    c7s1-64, d128, d256, ``blocks`` x R256, u128, u64, c7s1-C, tanh; instance norm throughout.

    6 blocks for 128x128 images, 9 for 256x256; downsamplings shrink the map by 2 each.
    """
    channels = image_shape[-1]
    x = source = keras.Input(image_shape, name="source")
    x = ReflectionPad(3)(x)
    x = layers.ReLU()(instance_norm()(layers.Conv2D(filters, 7, kernel_initializer=init(), use_bias=False)(x)))
    for i in range(1, downsamplings + 1):
        x = layers.Conv2D(filters * 2**i, 3, strides=2, padding="same", kernel_initializer=init(), use_bias=False)(x)
        x = layers.ReLU()(instance_norm()(x))
    for _ in range(blocks):
        x = resnet_block(x, filters * 2**downsamplings)
    for i in reversed(range(downsamplings)):
        x = layers.Conv2DTranspose(filters * 2**i, 3, strides=2, padding="same", kernel_initializer=init(), use_bias=False)(x)
        x = layers.ReLU()(instance_norm()(x))
    x = ReflectionPad(3)(x)
    image = layers.Conv2D(channels, 7, kernel_initializer=init(), activation="tanh")(x)
    return keras.Model(source, image, name=name)


def patch_discriminator(
    image_shape: tuple[int, int, int],
    filters: int = 64,
    downsamplings: int = 3,
    norm: str = "batch",
    conditional: bool = False,
    name: str = "discriminator",
) -> keras.Model:
    """PatchGAN (Isola et al. 2017): a fully convolutional D whose every output scores one patch as real.

    C64-C128-...: 4x4 convolutions, ``downsamplings`` of stride 2 then one of stride 1 (widths
    doubling, capped at 8x), norm (none on the first), LeakyReLU 0.2, then a 4x4 convolution to
    one logit per patch. With 3 downsamplings this is the paper's 70x70 PatchGAN; see
    :func:`receptive_field`. ``conditional``: D reads the source image beside the image it judges
    (Pix2Pix: D(source, image)), as two inputs concatenated on channels.
    """
    image = keras.Input(image_shape, name="image")
    inputs = [keras.Input(image_shape, name="source"), image] if conditional else [image]
    x = layers.Concatenate()(inputs) if conditional else image
    for i in range(downsamplings + 1):
        stride = 2 if i < downsamplings else 1
        x = layers.Conv2D(filters * min(2**i, 8), 4, strides=stride, padding="same", kernel_initializer=init(), use_bias=i == 0)(x)
        if i:
            x = normalization(norm)(x)
        x = layers.LeakyReLU(0.2)(x)
    logits = layers.Conv2D(1, 4, padding="same", kernel_initializer=init())(x)
    return keras.Model(inputs if conditional else image, logits, name=name)


def receptive_field(model: keras.Model) -> int:
    """How many input pixels (per side) one output of a chain of convolutions and poolings sees."""
    field, jump = 1, 1
    for layer in model.layers:
        if isinstance(layer, (layers.Conv2D, layers.MaxPooling2D)):
            kernel = layer.kernel_size[0] if isinstance(layer, layers.Conv2D) else layer.pool_size[0]
            stride = layer.strides[0]
            field += (kernel - 1) * jump
            jump *= stride
    return field


# -- history of generated images (Shrivastava et al. 2017; Zhu et al. 2017) --------------------------
class ImagePool:
    """A history of up to ``size`` generated images that a discriminator is shown instead of only the newest.

    ``mix="swap"`` (CycleGAN): each new image, once the pool is full, is returned as it is or, with
    probability 1/2, swapped for a stored one, which it replaces. ``mix="half"`` (SimGAN): half of
    the returned batch is drawn from the history and half is the newest images, which then take
    random slots of the history. Draws come from the ``rng`` given, and the pool's
    contents are part of a checkpoint (:meth:`state`), so a resumed run continues exactly.
    """

    def __init__(self, size: int, mix: str = "swap") -> None:
        if mix not in ("swap", "half"):
            raise ValueError(f"mix must be 'swap' or 'half', got {mix!r}")
        self.size, self.mix = size, mix
        self.images: np.ndarray | None = None

    def __len__(self) -> int:
        return 0 if self.images is None else len(self.images)

    def __call__(self, images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if self.size == 0:
            return images
        out = images.copy()
        if self.mix == "half":
            if len(self):
                half = len(images) // 2
                slots = rng.integers(0, len(self), half)
                out[:half] = self.images[slots]
            self._store(images, rng)
            return out
        for i, image in enumerate(images):
            if len(self) < self.size:
                self._store(image[None], rng)
            elif rng.random() < 0.5:
                slot = rng.integers(0, self.size)
                out[i], self.images[slot] = self.images[slot].copy(), image
        return out

    def _store(self, images: np.ndarray, rng: np.random.Generator) -> None:
        room = self.size - len(self)
        if room > 0:
            kept = images[:room]
            self.images = kept.copy() if self.images is None else np.concatenate([self.images, kept])
            images = images[room:]
        if len(images):
            self.images[rng.integers(0, self.size, len(images))] = images

    def state(self) -> np.ndarray:
        return np.zeros((0,)) if self.images is None else self.images

    def load_state(self, images: np.ndarray) -> None:
        self.images = images.astype(np.float32) if images.size else None
