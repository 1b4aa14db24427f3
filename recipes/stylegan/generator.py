"""StyleGAN's generator: a mapping network z -> w, w's truncation, and a synthesis network from a learned constant."""

import keras
from keras import layers

from gan_cookbook.common.layers import EqualizedDense, LearnedConstant, ModulatedConv2D, PixelNorm, TruncatedW, channels, resolutions
from gan_cookbook.common.template import Generator


def num_styles(config) -> int:
    """How many w the synthesis network reads: one per convolution, and the last block's toRGB its own
    (each other block's toRGB shares the next block's first w, as in the paper's code): 2 log2(size) - 2."""
    return 2 * len(resolutions(config))


def mapping_network(config) -> keras.Model:
    """z -> pixel norm -> ``mapping_layers`` x dense(w_dim, LeakyReLU), learning rate x0.01 (the paper's code) -> w."""
    z = keras.Input((config.latent_dim,), name="z")
    w = PixelNorm()(z)
    for i in range(config.mapping_layers):
        w = EqualizedDense(config.w_dim, activation="leaky_relu", lr_multiplier=config.mapping_lr_multiplier, name=f"dense_{i}")(w)
    return keras.Model(z, w, name="mapping")


def synthesis_network(config) -> keras.Model:
    """styles (n, :func:`num_styles`, w_dim) -> the learned 4x4 constant -> styled 3x3 convolution -> per resolution
    [upsample + styled 3x3 convolution, styled 3x3 convolution] with per-pixel noise in each, and a toRGB at every
    resolution whose images are summed up the resolutions, each upsampled bilinearly (StyleGAN2's skip generator) -> image, linear."""
    ws = keras.Input((num_styles(config), config.w_dim), name="styles")
    colours = config.image_shape[-1]
    h = LearnedConstant((4, 4, channels(config, 4)), name="constant")(ws)
    h = ModulatedConv2D(channels(config, 4), style=0, name="conv_4")([h, ws])
    image = ModulatedConv2D(colours, 1, style=1, to_rgb=True, name="to_rgb_4")([h, ws])
    for k, r in enumerate(resolutions(config)[1:], start=1):
        h = ModulatedConv2D(channels(config, r), style=2 * k - 1, upsample=True, name=f"conv_{r}_up")([h, ws])
        h = ModulatedConv2D(channels(config, r), style=2 * k, name=f"conv_{r}")([h, ws])
        rgb = ModulatedConv2D(colours, 1, style=2 * k + 1, to_rgb=True, name=f"to_rgb_{r}")([h, ws])
        image = layers.Add(name=f"image_{r}")([layers.UpSampling2D(2, interpolation="bilinear", name=f"up_{r}")(image), rgb])
    return keras.Model(ws, image, name="synthesis")


class StyleGANGenerator(Generator):
    """[z, psi] -> mapping -> w pulled toward its average by psi (1: not at all) -> the same w for every layer ->
    synthesis -> image clipped to [-1, 1] for sampling. Training calls the three parts itself (``get_layer``):
    two w per image for style mixing, the synthesis output unclipped."""

    def build(self) -> keras.Model:
        z = keras.Input((self.config.latent_dim,), name="z")
        psi = keras.Input((1,), name="psi")
        w = TruncatedW(self.config.w_average, name="truncation")([mapping_network(self.config)(z), psi])
        ws = layers.RepeatVector(num_styles(self.config), name="broadcast")(w)
        image = synthesis_network(self.config)(ws)
        return keras.Model([z, psi], layers.Activation("hard_tanh", name="clip")(image), name="generator")
