"""SRGAN: D's phase (unless the adversarial weight is 0: SRResNet), then G's on the perceptual loss."""

import keras

from gan_cookbook.common.template import ConfigError, Phase
from gan_cookbook.common.translation import TranslationGAN


class SRGAN(TranslationGAN):
    """discriminator: D(target), D(G(source)), G frozen;  generator: G(source) against the target, and D(G(source)), D frozen.

    With ``initial_generator`` G starts from a trained network's weights (SRGAN from SRResNet, as the paper).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.config.initial_generator:
            trained = keras.saving.load_model(self.config.initial_generator, compile=False)
            try:
                self.generator.set_weights(trained.get_weights())
            except ValueError as err:
                raise ConfigError(f"initial_generator {self.config.initial_generator} does not fit this generator: {err}") from None

    def phases(self) -> list[Phase]:
        generator = Phase("generator", trains="generator")
        return [Phase("discriminator", trains="discriminator"), generator] if self.config.adversarial_weight else [generator]

    def generator_outputs(self, source, target) -> dict:
        translated = self.generator(source)
        return {"translated": translated, **({"fake": self.discriminator(translated)} if self.config.adversarial_weight else {})}
