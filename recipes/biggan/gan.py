"""BigGAN: the template's conditional composites and step, unchanged."""

from gan_cookbook.common.template import ConditionalGAN


class BigGAN(ConditionalGAN):
    """D step: D(x, y) on real pairs and D(G(z, y'), y') on fakes with uniform labels y', G frozen.
    G step: G(z, y') through D(., y'), D frozen (its power iterations held still). See ``ConditionalGAN``.
    """
