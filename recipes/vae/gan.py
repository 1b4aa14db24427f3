"""The VAE's one phase: encode, draw z by the reparameterisation trick, decode."""

import numpy as np
from keras import ops

from gan_cookbook.common.autoencoding import Autoencoder


class VAE(Autoencoder):
    """autoencoder: (x, eps) -> mean, log_variance = E(x); z = mean + exp(log_variance / 2) eps;
    reconstruction = D(z), training E and D. The noise eps is drawn with the step's other random numbers."""

    def autoencoder_inputs(self, draw, rng: np.random.Generator) -> dict:
        x = draw()
        return {"x": x, "noise": self.sample_latent(len(x), rng)}

    def autoencoder_outputs(self, x, noise) -> dict:
        mean, log_variance = self.encoder(x)
        z = mean + ops.exp(0.5 * log_variance) * noise
        return {"reconstruction": self.decoder(z), "mean": mean, "log_variance": log_variance}
