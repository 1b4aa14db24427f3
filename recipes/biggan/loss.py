"""BigGAN keeps the hinge objective of SAGAN and SNGAN, ``HingeLoss`` in the template, on D(x, y)'s projection scores."""

from gan_cookbook.common.template import HingeLoss


class BigGANLoss(HingeLoss):
    """discriminator:  E_x,y[max(0, 1 - D(x, y))] + E_z,y[max(0, 1 + D(G(z, y), y))]
    generator:      -E_z,y[D(G(z, y), y)]

    The class enters through the networks (conditional BatchNorm in G, the projection in D), not the loss.
    """
