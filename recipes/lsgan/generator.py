"""The LSGAN generator: DCGAN's (``common/layers.py``); the paper changes the objective, not G."""

import keras

from gan_cookbook.common.layers import dcgan_generator
from gan_cookbook.common.template import Generator


class LSGANGenerator(Generator):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config)
