"""The Wasserstein objective (Arjovsky et al. 2017, Algorithm 1)."""

from gan_cookbook.common.template import Loss, mean


class WassersteinLoss(Loss):
    """critic:  min_f  E_z[f(G(z))] - E_x[f(x)]      (maximises the dual estimate of W)
    generator:  min_G  -E_z[f(G(z))]

    ``wasserstein`` in the logs is the critic's estimate E_x[f(x)] - E_z[f(G(z))].
    """

    def critic(self, real, fake):
        return mean(fake) - mean(real)

    def generator(self, fake):
        return -mean(fake)

    def critic_logs(self, real, fake) -> dict:
        return {"wasserstein": mean(real) - mean(fake)}
