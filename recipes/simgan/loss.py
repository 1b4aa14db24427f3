"""SimGAN's objectives: cross-entropy per patch, and the refiner's self-regularisation."""

from keras import ops

from gan_cookbook.common.template import Loss, binary_crossentropy, mean


class SimGANLoss(Loss):
    """discriminator (and its pre-training): -log D(y) - log(1 - D(R(x))), per patch (half the fakes from the history)
    refiner:                 -log D(R(x)) + lambda |R(x) - x|_1
    refiner_pretraining:     lambda |R(x) - x|_1"""

    def __init__(self, config) -> None:
        super().__init__(config)
        self.weight = config.self_regularization

    def discriminator(self, real, fake):
        return binary_crossentropy(1.0, real) + binary_crossentropy(0.0, fake)

    discriminator_pretraining = discriminator
    discriminator_pretraining_logs = Loss.discriminator_logs

    def refiner(self, fake, refined, synthetic):
        return binary_crossentropy(1.0, fake) + self.refiner_pretraining(refined, synthetic)

    def refiner_pretraining(self, refined, synthetic):
        return self.weight * mean(ops.abs(refined - synthetic))

    def refiner_logs(self, refined, synthetic) -> dict:
        return {"self_l1": mean(ops.abs(refined - synthetic))}
