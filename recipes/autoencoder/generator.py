"""The decoder: a code -> DCGAN's generator -> an image in [-1, 1]."""

import keras

from gan_cookbook.common.autoencoding import Decoder
from gan_cookbook.common.layers import dcgan_generator


class AutoencoderDecoder(Decoder):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config, name=self.network)
