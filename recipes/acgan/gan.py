"""ACGAN: G is conditioned on a class like CGAN's; D, unconditioned, also classifies (its auxiliary head)."""

import numpy as np
from keras import ops

from gan_cookbook.common.template import ConditionalGAN


class ACGAN(ConditionalGAN):
    """discriminator: real images with their classes, and fakes made for uniform classes c'; G frozen.
    generator: G(z, c') through D, D frozen.  D's outputs are ``source`` (real/fake) and ``class``.
    """

    classifier = "class"

    def discriminator_inputs(self, draw, rng: np.random.Generator) -> dict:
        images, classes = draw()
        n = len(images)
        return {
            "x": images,
            "classes": classes,
            "z": self.sample_latent(n, rng),
            "fake_classes": rng.integers(0, self.config.num_classes, n),
        }

    def discriminator_outputs(self, x, z, fake_classes) -> dict:
        real, fake = self.discriminator(x), self.discriminator(self.generator([z, ops.one_hot(fake_classes, self.config.num_classes)]))
        return {"real": real["source"], "fake": fake["source"], "real_class": real["class"], "fake_class": fake["class"]}

    def generator_inputs(self, draw, rng: np.random.Generator) -> dict:
        n = draw.batch_size
        return {"z": self.sample_latent(n, rng), "fake_classes": rng.integers(0, self.config.num_classes, n)}

    def generator_outputs(self, z, fake_classes) -> dict:
        fake = self.discriminator(self.generator([z, ops.one_hot(fake_classes, self.config.num_classes)]))
        return {"fake": fake["source"], "fake_class": fake["class"]}
