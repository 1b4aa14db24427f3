"""3D-GAN: D's phase only while D is not yet winning (Wu et al. 2016, sec. 3.1)."""

from collections.abc import Callable

import numpy as np

from gan_cookbook.common.template import GAN, Phase


class ThreeDGAN(GAN):
    """One step: D on a real and a fake batch (G frozen) if its accuracy on the last batch was at most
    ``accuracy_threshold``; then G through D (D frozen), which scores a real batch too, so that D's
    accuracy is measured at every step whether D trained or not (``g_d_accuracy``; ``d_trained`` says
    which steps trained D). The first step trains D.
    """

    def phases(self) -> list[Phase]:
        return [Phase("discriminator", trains="discriminator", condition="discriminator_behind"), Phase("generator", trains="generator")]

    def discriminator_behind(self, logs: dict[str, float]) -> bool:
        return logs.get("g_d_accuracy", 0.0) <= self.config.accuracy_threshold

    def generator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        return {"x": draw(), "z": self.sample_latent(draw.batch_size, rng)}

    def generator_outputs(self, x, z) -> dict:
        return {"real": self.discriminator(x), "fake": self.discriminator(self.generator(z))}

    def preview_inputs(self, rng: np.random.Generator) -> tuple[np.ndarray, int]:
        """Six rows of six grids (each drawn 96 pixels wide)."""
        return self.sample_inputs(36, rng), 6
