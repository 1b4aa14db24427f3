"""The WGAN-GP generator: DCGAN's (``common/layers.py``), with BatchNorm, as in the paper's DCGAN experiments."""

import keras

from gan_cookbook.common.layers import dcgan_generator
from gan_cookbook.common.template import Generator


class WGANGPGenerator(Generator):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config)
