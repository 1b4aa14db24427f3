"""The InfoGAN objective: the GAN's, minus lambda times a lower bound on I(c; G(z, c))."""

from keras import ops

from common.template import Loss


class InfoGANLoss(Loss):
    """min_{G,Q} max_D  V(D, G) - lambda L_I(G, Q),   L_I = E_{c, x~G(z,c)}[log Q(c | x)] + H(c).

    H(c) is a constant, so maximising L_I is minimising Q's negative log-likelihood of the code
    that made each fake: cross-entropy for the categorical code (the template's ``classification``)
    and, for the continuous codes, a unit-variance Gaussian's NLL, 0.5 (c - mu)^2 up to a
    constant. The paper sets lambda = 1 for discrete codes and smaller for continuous ones:
    ``info_weight`` and ``continuous_weight``.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.info_weight, self.continuous_weight = config.info_weight, config.continuous_weight

    def continuous(self, y_true, y_pred):
        return 0.5 * ops.mean(ops.square(y_true - y_pred), axis=-1)
