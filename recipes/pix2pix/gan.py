"""Pix2Pix's phases: D on real and translated pairs, then G against D and the true target."""

from gan_cookbook.common.template import Phase
from gan_cookbook.common.translation import TranslationGAN


class Pix2Pix(TranslationGAN):
    """discriminator: real = D(s, t), fake = D(s, G(s)), G frozen (its dropout still on)
    generator:        translated = G(s), fake = D(s, G(s)), D frozen
    Without the adversarial term only the generator's phase runs."""

    def phases(self) -> list[Phase]:
        return super().phases() if self.config.adversarial else [Phase("generator", trains="generator")]

    def discriminator_outputs(self, source, target) -> dict:
        d, g = self.discriminator, self.generator
        return {"real": d([source, target]), "fake": d([source, g(source)])}

    def generator_outputs(self, source, target) -> dict:
        translated = self.generator(source)
        if not self.config.adversarial:  # the L1-only baseline never calls D
            return {"translated": translated}
        return {"translated": translated, "fake": self.discriminator([source, translated])}
