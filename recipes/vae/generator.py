"""The decoder p(x|z): a code -> DCGAN's generator -> Bernoulli pixel probabilities (image + 1) / 2."""

import keras

from gan_cookbook.common.autoencoding import Decoder
from gan_cookbook.common.layers import dcgan_generator


class VAEDecoder(Decoder):
    def build(self) -> keras.Model:
        return dcgan_generator(self.config, name=self.network)
