"""The vanilla GAN: the template's two composites and step, unchanged."""

from gan_cookbook.common.template import GAN


class VanillaGAN(GAN):
    """One step: D on a real and a fake batch (G frozen), then G through D (D frozen)."""
