"""LSGAN: the template's two phases, unchanged."""

from gan_cookbook.common.template import GAN


class LSGAN(GAN):
    """discriminator: D(x) and D(G(z)), G frozen; generator: D(G(z)), D frozen. Only the objective differs."""
