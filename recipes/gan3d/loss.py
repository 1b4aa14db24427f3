"""3D-GAN keeps the GAN objective; its generator's phase also reports D's accuracy, which decides D's next step."""

from gan_cookbook.common.template import Loss, mean


class ThreeDGANLoss(Loss):
    """Binary cross-entropy on D's logits (the template's), and D's accuracy on the step's real and fake batch:

    accuracy = (share of real grids with D(x) > 0 + share of fakes with D(G(z)) <= 0) / 2
    """

    def generator_logs(self, real, fake) -> dict:
        return {"d_accuracy": 0.5 * (mean(real > self.threshold) + mean(fake <= self.threshold))}
