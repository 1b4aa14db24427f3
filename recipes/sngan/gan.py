"""SNGAN: the template's two phases, unchanged."""

from common.template import GAN


class SNGAN(GAN):
    """discriminator: D(x), D(G(z)), G frozen; generator: D(G(z)), D frozen (its power iteration held still)."""
