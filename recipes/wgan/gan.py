"""WGAN: the critic's phase n_critic times (``discriminator_steps``), then the generator's."""

from gan_cookbook.common.template import GAN


class WGAN(GAN):
    """critic: f(x) and f(G(z)), G frozen, ``discriminator_steps`` times on fresh batches;
    generator: f(G(z)), f frozen. The template's phases; only the objective and the critic differ."""
