"""ProGAN's generator at its final size: every block, toRGB head and fade, the output clipped to [-1, 1] for sampling."""

import keras

from gan_cookbook.common.template import Generator

from .networks import generator_blocks, grow


class ProGANGenerator(Generator):
    """z -> pixel norm -> dense 4x4 -> conv 3x3 -> [upsample, conv 3x3, conv 3x3] per resolution -> toRGB (1x1, linear),
    each block's image faded over the upsampled previous one; LeakyReLU(0.2) and pixel norm after every convolution,
    equalized learning rate in every layer. Training runs :func:`grow` on these layers at the stage's size."""

    def build(self) -> keras.Model:
        blocks = generator_blocks(self.config)
        z = keras.Input((self.config.latent_dim,), name="z")
        image = grow(blocks.__getitem__, z, self.config.image_shape[0])
        return keras.Model(z, keras.layers.Activation("hard_tanh", name="clip")(image), name="generator")
