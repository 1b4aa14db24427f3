"""The VAE's objective: the negative ELBO, a reconstruction term and a KL term."""

from gan_cookbook.common.autoencoding import bernoulli_reconstruction, gaussian_kl
from gan_cookbook.common.template import Loss


class VAELoss(Loss):
    def autoencoder(self, x, reconstruction, mean, log_variance):
        """-ELBO = E_q[-log p(x|z)] + beta KL(q(z|x) || N(0, I)), nats per image (beta = 1: the paper's)."""
        return bernoulli_reconstruction(x, reconstruction) + self.config.kl_weight * gaussian_kl(mean, log_variance)

    def autoencoder_logs(self, x, reconstruction, mean, log_variance) -> dict:
        return {"reconstruction": bernoulli_reconstruction(x, reconstruction), "kl": gaussian_kl(mean, log_variance)}
