"""The WGAN generator: DCGAN's (``common/layers.py``), as in the paper's experiments."""

import keras

from common.layers import dcgan_generator
from common.template import Generator


class WGANGenerator(Generator):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config)
