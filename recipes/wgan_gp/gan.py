"""WGAN-GP: the critic's phase also measures the critic's gradient on random interpolates."""

import numpy as np

from gan_cookbook.common.template import GAN, gradient_norms


class WGANGP(GAN):
    """critic (n_critic times, fresh batches): C(x), C(G(z)) and ||grad C(x^)|| at x^ = e x + (1 - e) G(z),
    e ~ U[0, 1] per image (uniform, as the paper says; a normal draw is a known slip elsewhere); G frozen.
    generator: C(G(z)), C frozen.
    """

    def critic_inputs(self, draw, rng: np.random.Generator) -> dict:
        inputs = self.discriminator_inputs(draw, rng)
        x = inputs["x"]
        return {**inputs, "mix": rng.uniform(size=(len(x),) + (1,) * (x.ndim - 1)).astype(np.float32)}

    def critic_outputs(self, x, z, mix) -> dict:
        fake = self.generator(z)
        between = mix * x + (1.0 - mix) * fake
        return {"real": self.critic(x), "fake": self.critic(fake), "gradient_norm": gradient_norms(self.critic, between)}
