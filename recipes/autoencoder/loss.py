"""The autoencoder's objective: the reconstruction error and nothing else."""

from gan_cookbook.common.autoencoding import bernoulli_reconstruction
from gan_cookbook.common.template import Loss


class AutoencoderLoss(Loss):
    def autoencoder(self, x, reconstruction):
        """E_x[-log p(x | D(E(x)))], Bernoulli pixels, nats per image."""
        return bernoulli_reconstruction(x, reconstruction)
