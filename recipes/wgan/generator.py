"""The WGAN generator: DCGAN's (``common/layers.py``), as in the paper's experiments."""

import keras

from gan_cookbook.common.layers import dcgan_generator
from gan_cookbook.common.template import Generator


class WGANGenerator(Generator):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config)
