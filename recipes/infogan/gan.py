"""InfoGAN: D's phase also fits Q to the codes of the fakes; G's phase makes its codes easy for Q to read."""

import numpy as np
from keras import ops

from gan_cookbook.common.template import ConditionalGAN


class InfoGAN(ConditionalGAN):
    """discriminator: source on real and fake images, Q on the fakes' codes (trains D's body, its
    source head and Q, which is part of the discriminator network); G frozen.
    generator: G(z, c) through D, fitted to "real" and to c; D and Q frozen.

    No labels are read: the categorical code is drawn uniformly, and the continuous codes are the
    last ``continuous_codes`` entries of z. G's one-hot code input is the template's class input,
    so sampling, grids and the CLI treat the code like a label.
    """

    conditioning = "codes"

    def discriminator_inputs(self, draw, rng: np.random.Generator) -> dict:
        real = draw()
        return {"x": real, **self.generator_inputs(draw, rng)}

    def discriminator_outputs(self, x, z, code) -> dict:
        return {"real": self.discriminator(x)["source"], **self.generator_outputs(z, code)}

    def generator_inputs(self, draw, rng: np.random.Generator) -> dict:
        return {"z": self.sample_latent(draw.batch_size, rng), "code": rng.integers(0, self.config.num_classes, draw.batch_size)}

    def generator_outputs(self, z, code) -> dict:
        fake = self.discriminator(self.generator([z, ops.one_hot(code, self.config.num_classes)]))
        return {"fake": fake["source"], "categorical": fake["categorical"], "continuous": fake["continuous"]}
