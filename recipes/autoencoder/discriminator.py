"""The encoder: an image -> DCGAN's discriminator features -> a code, whose statistics it keeps for sampling."""

import keras
from keras import layers

from gan_cookbook.common.autoencoding import Encoder, encoder_features
from gan_cookbook.common.layers import MovingMoments


class AutoencoderEncoder(Encoder):
    def build(self) -> keras.Model:
        c = self.config
        x, features = encoder_features(c)
        code = layers.Dense(c.latent_dim, name="code")(features)
        return keras.Model(x, MovingMoments(c.momentum, name="code_statistics")(code), name=self.network)
