"""Pix2Pix's objective: the conditional GAN loss per patch, plus lambda times L1 to the true target."""

from keras import ops

from gan_cookbook.common.template import Loss, binary_crossentropy, mean


class Pix2PixLoss(Loss):
    """discriminator: 1/2 [-log D(s, t) - log(1 - D(s, G(s)))], averaged over patches
    generator:        -log D(s, G(s)) + lambda |t - G(s)|_1   (the L1 term alone when not adversarial)"""

    def __init__(self, config) -> None:
        super().__init__(config)
        self.l1_weight, self.adversarial = config.l1_weight, config.adversarial

    def generator(self, translated, target, fake=None):
        l1 = self.l1_weight * mean(ops.abs(target - translated))
        return binary_crossentropy(1.0, fake) + l1 if self.adversarial else l1

    def generator_logs(self, translated, target) -> dict:
        return {"l1": mean(ops.abs(target - translated))}
