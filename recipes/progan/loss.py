"""ProGAN's objective: WGAN-GP with a drift term (Karras et al. 2018, sec. A.1)."""

from gan_cookbook.common.template import GradientPenaltyLoss, mean


class ProGANLoss(GradientPenaltyLoss):
    """critic:     E_z[C(G(z))] - E_x[C(x)] + lambda E[(||grad C(x^)|| - 1)^2] + epsilon_drift E_x[C(x)^2]
    generator:  -E_z[C(G(z))]

    The drift term (epsilon_drift = 0.001) keeps the critic's scores near zero, where WGAN-GP alone lets them wander.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.drift = config.drift

    def critic(self, real, fake, gradient_norm):
        return super().critic(real, fake, gradient_norm) + self.drift * mean(real**2)
