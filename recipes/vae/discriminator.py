"""The encoder q(z|x): an image -> DCGAN's discriminator features -> the mean and log-variance of a diagonal Gaussian."""

import keras
from keras import layers

from gan_cookbook.common.autoencoding import Encoder, encoder_features


class VAEEncoder(Encoder):
    def build(self) -> keras.Model:
        c = self.config
        x, features = encoder_features(c)
        mean = layers.Dense(c.latent_dim, name="mean")(features)
        log_variance = layers.Dense(c.latent_dim, name="log_variance")(features)
        return keras.Model(x, [mean, log_variance], name=self.network)
