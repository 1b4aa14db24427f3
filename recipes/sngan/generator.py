"""The SNGAN generator: DCGAN's (``common/layers.py``), with BatchNorm; only D is normalised."""

import keras

from gan_cookbook.common.layers import dcgan_generator
from gan_cookbook.common.template import Generator


class SNGANGenerator(Generator):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config)
