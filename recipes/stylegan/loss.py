"""StyleGAN's objective: the non-saturating logistic loss, and the R1 penalty on real images as a lazy phase."""

from keras import ops

from gan_cookbook.common.template import Loss, mean


class StyleGANLoss(Loss):
    """discriminator:  E_z[softplus(D(G(z)))] + E_x[softplus(-D(x))]
    generator:      E_z[softplus(-D(G(z)))]
    r1:             k gamma/2 E_x[||grad_x D(x)||^2]     (Mescheder et al. 2018; every k = ``r1_every`` steps)

    R1 penalises D's gradient on real images only: it pushes D towards zero slope on the data, which is where the
    game's equilibrium has it. Lazy regularisation (StyleGAN2, sec. 3.1) computes it every k steps, times k.
    """

    def __init__(self, config) -> None:
        super().__init__(config)
        self.r1_weight = config.r1_every * config.r1_gamma / 2

    def discriminator(self, real, fake):
        return mean(ops.softplus(fake)) + mean(ops.softplus(-real))

    def generator(self, fake):
        return mean(ops.softplus(-fake))

    def r1(self, gradient_norm):
        return self.r1_weight * mean(ops.square(gradient_norm))

    def r1_logs(self, gradient_norm) -> dict:
        return {"gradient_norm": mean(gradient_norm)}
