"""CycleGAN's objective: least squares for both games, plus the cycle and identity L1 terms."""

from keras import ops

from gan_cookbook.common.template import Loss, mean


def least_squares(target: float, scores):
    return mean(ops.square(scores - target))


def l1(a, b):
    return mean(ops.abs(a - b))


class CycleGANLoss(Loss):
    """discriminators: 1/2 [(D_B(b) - 1)^2 + D_B(pooled G(a))^2] + 1/2 [(D_A(a) - 1)^2 + D_A(pooled F(b))^2]
    generators:       (D_B(G(a)) - 1)^2 + (D_A(F(b)) - 1)^2 + lambda (cycle_a + cycle_b) + w lambda (identity_a + identity_b)"""

    def __init__(self, config) -> None:
        super().__init__(config)
        self.cycle_weight = config.cycle_weight
        self.identity_weight = config.identity_weight * config.cycle_weight

    def discriminators(self, real_a, fake_a, real_b, fake_b):
        return 0.5 * (least_squares(1.0, real_b) + least_squares(0.0, fake_b)) + 0.5 * (
            least_squares(1.0, real_a) + least_squares(0.0, fake_a)
        )

    def generators(self, a, b, fake_a, fake_b, cycled_a, cycled_b, same_a, same_b):
        adversarial = least_squares(1.0, fake_b) + least_squares(1.0, fake_a)
        cycle = l1(cycled_a, a) + l1(cycled_b, b)
        identity = l1(same_b, b) + l1(same_a, a)
        return adversarial + self.cycle_weight * cycle + self.identity_weight * identity

    def generators_logs(self, a, b, cycled_a, cycled_b, same_a, same_b) -> dict:
        return {"cycle": l1(cycled_a, a) + l1(cycled_b, b), "identity": l1(same_b, b) + l1(same_a, a)}
