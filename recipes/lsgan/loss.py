"""The least-squares objective of Mao et al. (2017), eq. 2, with the 0-1 coding."""

from keras import ops

from gan_cookbook.common.template import Loss, mean


class LeastSquaresLoss(Loss):
    """min_D  1/2 E_x[(D(x) - b)^2] + 1/2 E_z[(D(G(z)) - a)^2],   min_G  1/2 E_z[(D(G(z)) - c)^2].

    a, b, c are ``fake_target``, ``real_target``, ``generator_target`` (the paper's 0-1 coding:
    0, 1, 1). A score above (a + b) / 2 counts as "real" in the accuracies.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.a, self.b, self.c = config.fake_target, config.real_target, config.generator_target
        self.threshold = (self.a + self.b) / 2

    def discriminator(self, real, fake):
        return 0.5 * mean(ops.square(real - self.b)) + 0.5 * mean(ops.square(fake - self.a))

    def generator(self, fake):
        return 0.5 * mean(ops.square(fake - self.c))
