"""SNGAN: the template's two phases, unchanged."""

from gan_cookbook.common.template import GAN


class SNGAN(GAN):
    """discriminator: D(x), D(G(z)), G frozen; generator: D(G(z)), D frozen (its power iteration held still)."""
