"""ProGAN's two networks as named blocks, one per resolution, and the functions that run them at any stage of growth.

Each network is built once at its final size (Karras et al. 2018, Table 2, narrowed by ``max_filters``); a Keras
model of it holds every block, every resolution's toRGB / fromRGB head and a :class:`Fade` between each resolution
and the next. :func:`grow` and :func:`criticise` run the same layers as far as a stage of training needs: at 8x8
only the blocks up to 8x8 are computed, and the newest block is blended in by ``alpha``. The full network is the
last stage with its fade complete (alpha = 1).
"""

from collections.abc import Callable

import keras
import numpy as np
from keras import layers

from gan_cookbook.common.layers import EqualizedConv2D, EqualizedDense, Fade, MinibatchStddev, PixelNorm, channels, resolutions

Layer = Callable[[str], layers.Layer]  # a network's layer by name: ``model.get_layer``, or a dict's ``__getitem__``


def conv(filters: int, size: int = 3, activation: str | None = "leaky_relu", gain: float = float(np.sqrt(2.0)), name=None) -> layers.Layer:
    """An equalized-rate convolution, LeakyReLU(0.2) unless ``activation`` is None (linear)."""
    return EqualizedConv2D(filters, size, padding="same", activation=activation, gain=gain, name=name)


# -- the generator ------------------------------------------------------------------------------------
def generator_blocks(config) -> dict[str, layers.Layer]:
    """G's layers by name: ``block_r`` (r x r features), ``to_rgb_r`` (features -> image, linear), ``up_r`` and ``fade_r``."""
    first = channels(config, 4)
    blocks = {
        # z normalised, then a dense layer to 4x4 maps (gain sqrt(2)/4, as the paper's code), then one 3x3 convolution
        "block_4": keras.Sequential([
            PixelNorm(), EqualizedDense(16 * first, activation="leaky_relu", gain=float(np.sqrt(2.0) / 4)),
            layers.Reshape((4, 4, first)), PixelNorm(), conv(first), PixelNorm(),
        ], name="block_4"),
        "to_rgb_4": conv(config.image_shape[-1], 1, activation=None, gain=1.0, name="to_rgb_4"),
    }  # fmt: skip
    for r in resolutions(config)[1:]:
        width = channels(config, r)
        blocks[f"block_{r}"] = keras.Sequential(
            [layers.UpSampling2D(2), conv(width), PixelNorm(), conv(width), PixelNorm()], name=f"block_{r}"
        )
        blocks[f"to_rgb_{r}"] = conv(config.image_shape[-1], 1, activation=None, gain=1.0, name=f"to_rgb_{r}")
        blocks[f"up_{r}"], blocks[f"fade_{r}"] = layers.UpSampling2D(2, name=f"up_{r}"), Fade(name=f"fade_{r}")
    return blocks


def grow(layer: Layer, z, resolution: int, alpha=None):
    """G at a stage of its growth: latent vectors -> images of ``resolution`` (linear, not clipped).

    Each block doubles the size; each stage's image is the previous one's, upsampled, faded into the new block's
    toRGB: by ``alpha`` at the newest block (a float or a step's scheduled tensor; None: the fade layer's 1.0),
    completely at every older one."""
    h = layer("block_4")(z)
    image = layer("to_rgb_4")(h)
    r = 8
    while r <= resolution:
        h = layer(f"block_{r}")(h)
        image = layer(f"fade_{r}")([layer(f"up_{r}")(image), layer(f"to_rgb_{r}")(h)], alpha=alpha if r == resolution else None)
        r *= 2
    return image


# -- the critic ---------------------------------------------------------------------------------------
def critic_blocks(config) -> dict[str, layers.Layer]:
    """D's layers by name: ``from_rgb_r`` (image -> features), ``block_r`` (r x r -> r/2 x r/2; ``block_4`` is the
    head: minibatch standard deviation, a convolution, two dense layers to one linear score), ``down_r``, ``fade_r``."""
    last = channels(config, 4)
    blocks = {
        "block_4": keras.Sequential([
            MinibatchStddev(), conv(last), layers.Flatten(), EqualizedDense(last, activation="leaky_relu"), EqualizedDense(1, gain=1.0),
        ], name="block_4"),
    }  # fmt: skip
    for r in resolutions(config):
        blocks[f"from_rgb_{r}"] = conv(channels(config, r), 1, name=f"from_rgb_{r}")
        if r > 4:
            blocks[f"block_{r}"] = keras.Sequential(
                [conv(channels(config, r)), conv(channels(config, r // 2)), layers.AveragePooling2D(2)], name=f"block_{r}"
            )
            blocks[f"down_{r}"], blocks[f"fade_{r}"] = layers.AveragePooling2D(2, name=f"down_{r}"), Fade(name=f"fade_{r}")
    return blocks


def criticise(layer: Layer, x, alpha=None):
    """D at a stage of its growth: images of the stage's size -> one score each.

    The newest block's features are faded in by ``alpha`` over those of the image downscaled straight into the
    next block's fromRGB (as in :func:`grow`, every older fade is complete)."""
    r = x.shape[1]
    h = layer(f"from_rgb_{r}")(x)
    newest = r
    while r > 4:
        h, x = layer(f"block_{r}")(h), layer(f"down_{r}")(x)
        h = layer(f"fade_{r}")([layer(f"from_rgb_{r // 2}")(x), h], alpha=alpha if r == newest else None)
        r //= 2
    return layer("block_4")(h)
