"""SNGAN keeps the hinge objective (Lim and Ye 2017; Miyato et al. 2018, eq. 16-17), ``HingeLoss`` in the template."""

from gan_cookbook.common.template import HingeLoss


class SNGANLoss(HingeLoss):
    """discriminator:  E_x[max(0, 1 - D(x))] + E_z[max(0, 1 + D(G(z)))]
    generator:      -E_z[D(G(z))]

    Miyato et al. change D's layers, not this objective, so the template's ``HingeLoss`` is used as it is.
    """
