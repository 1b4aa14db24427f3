"""The InfoGAN objective: the GAN's, minus lambda times a lower bound on I(c; G(z, c))."""

from keras import ops

from gan_cookbook.common.template import Loss, class_accuracy, cross_entropy, mean


class InfoGANLoss(Loss):
    """min_{G,Q} max_D  V(D, G) - lambda L_I(G, Q),   L_I = E_{c, x~G(z,c)}[log Q(c | x)] + H(c).

    H(c) is a constant, so maximising L_I is minimising Q's negative log-likelihood of the code
    that made each fake: cross-entropy for the categorical code and, for the continuous codes
    (the last entries of z), a unit-variance Gaussian's NLL, 0.5 (c - mu)^2 up to a constant.
    The paper sets lambda = 1 for discrete codes and smaller for continuous ones:
    ``info_weight`` and ``continuous_weight``. Both D's phase (through Q) and G's minimise it.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.info_weight, self.continuous_weight, self.codes = config.info_weight, config.continuous_weight, config.continuous_codes

    def information(self, z, code, categorical, continuous):
        """-L_I up to H(c), weighted: Q's negative log-likelihood of the codes that made the fakes."""
        gaussian = 0.5 * mean(ops.sum(ops.square(z[:, -self.codes :] - continuous), axis=-1))
        return self.info_weight * cross_entropy(code, categorical) + self.continuous_weight * gaussian

    def discriminator(self, real, fake, z, code, categorical, continuous):
        return super().discriminator(real, fake) + self.information(z, code, categorical, continuous)

    def generator(self, fake, z, code, categorical, continuous):
        return super().generator(fake) + self.information(z, code, categorical, continuous)

    def discriminator_logs(self, real, fake, code, categorical) -> dict:
        """The template's accuracies, and how often Q reads back the categorical code of a fake."""
        return {**super().discriminator_logs(real, fake), "q_acc_code": class_accuracy(code, categorical)}
