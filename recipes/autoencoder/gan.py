"""The autoencoder's one phase, and its sampler: the decoder behind the Gaussian of the training codes."""

import keras
import numpy as np

from gan_cookbook.common.autoencoding import Autoencoder, CodeDistribution


class AutoencoderGAN(Autoencoder):
    """autoencoder: x -> code = E(x) -> reconstruction = D(code), training E and D."""

    def autoencoder_outputs(self, x) -> dict:
        return {"reconstruction": self.decoder(self.encoder(x))}

    def finish(self, images: np.ndarray) -> None:
        """The code distribution, refitted exactly: the mean and covariance of the training images' codes in
        inference mode, the mode the sampler's decoder runs in (the moving averages lag and see BatchNorm's
        batch statistics)."""
        self.encoder.get_layer("code_statistics").fit(self.encode(images))

    @property
    def sampler(self) -> keras.Model:
        """z ~ N(0, I) -> mu + L z -> decoder, with the codes' mean mu and covariance L L^T as tracked so far."""
        if "code_distribution" not in self.__dict__:
            self.code_distribution = CodeDistribution(self.encoder, self.decoder)
        return self.code_distribution.fitted()
