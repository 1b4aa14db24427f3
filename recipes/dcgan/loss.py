"""DCGAN keeps the GAN objective of Goodfellow et al. (2014)."""

from gan_cookbook.common.template import Loss


class DCGANLoss(Loss):
    """Binary cross-entropy on D's logits: D fits real -> 1 and fake -> 0, G fits fake -> 1.

    Radford et al. change the networks, not the objective, so the template's base ``Loss``
    is used as it is.
    """
