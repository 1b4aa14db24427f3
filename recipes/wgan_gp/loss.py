"""The WGAN-GP objective (Gulrajani et al. 2017, eq. 3)."""

from keras import ops

from gan_cookbook.common.template import Loss, mean


class GradientPenaltyLoss(Loss):
    """critic:    E_z[C(G(z))] - E_x[C(x)] + lambda E[(||grad C(x^)|| - 1)^2]
    generator:  -E_z[C(G(z))]

    ``gradient_norm`` is ||grad C(x^)||_2 per interpolate, from the critic phase's forward pass;
    lambda is ``penalty_weight``. The logs add the critic's Wasserstein estimate and the penalty.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.penalty_weight = config.penalty_weight

    def critic(self, real, fake, gradient_norm):
        return mean(fake) - mean(real) + self.penalty_weight * mean(ops.square(gradient_norm - 1.0))

    def generator(self, fake):
        return -mean(fake)

    def critic_logs(self, real, fake, gradient_norm) -> dict:
        return {"wasserstein": mean(real) - mean(fake), "penalty": mean(ops.square(gradient_norm - 1.0))}
