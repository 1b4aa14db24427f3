"""ProGAN's critic at its final size: every fromRGB head, block and fade."""

import keras

from gan_cookbook.common.template import Discriminator

from .networks import critic_blocks, criticise


class ProGANCritic(Discriminator):
    """image -> fromRGB (1x1) -> [conv 3x3, conv 3x3, average pool 2] per resolution -> minibatch stddev -> conv 3x3 ->
    dense -> dense to one linear score, each block's features faded over those of the image downscaled straight into
    the next block; LeakyReLU(0.2), equalized learning rate, no normalisation (the penalty is per image).
    Training runs :func:`criticise` on these layers at the stage's size."""

    network = "critic"

    def build(self) -> keras.Model:
        x = keras.Input(self.config.image_shape, name="image")
        return keras.Model(x, criticise(critic_blocks(self.config).__getitem__, x), name="critic")
