"""DCGAN: the template's two composites and step, unchanged."""

from gan_cookbook.common.template import GAN


class DCGAN(GAN):
    """One step: D on a real and a fake batch (G frozen), then G through D (D frozen).

    Both of D's BatchNorm layers run on batch statistics in both steps; see
    ``common/template.py`` for why the frozen discriminator must not switch to its moving
    averages inside the combined model.
    """
