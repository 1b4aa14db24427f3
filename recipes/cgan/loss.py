"""CGAN keeps the GAN objective; only its two distributions are conditioned on y."""

from gan_cookbook.common.template import Loss


class CGANLoss(Loss):
    """Binary cross-entropy on D(x, y)'s logits: D fits (real, its label) -> 1 and (G(z, y), y) -> 0,
    G fits (G(z, y), y) -> 1. The labels enter through the networks' inputs, not the loss.
    """
