"""SimGAN's phases: pre-training of R, then of D, then one D step and two R steps per step."""

from collections.abc import Callable

import numpy as np

from gan_cookbook.common.template import Phase, generate
from gan_cookbook.common.translation import ImagePool, TranslationGAN


class SimGAN(TranslationGAN):
    """refiner_pretraining:       refined = R(x), self-regularisation only          steps [0, P_R)
    discriminator_pretraining:    D on real y and refined R(x) (R as pre-trained)     steps [P_R, P_R + P_D)
    discriminator:                D on real y and refined images, half from history   after, K_d times
    refiner:                      fake = D(R(x)), refined = R(x), D frozen             after, K_g times"""

    translators = {"ab": "refiner"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.history = ImagePool(self.config.history_size, mix="half")

    def phases(self) -> list[Phase]:
        c = self.config
        adversarial = c.refiner_pretraining + c.discriminator_pretraining
        pretraining = [
            Phase("refiner_pretraining", trains="refiner", stop=c.refiner_pretraining, prefix="r0"),
            Phase("discriminator_pretraining", trains="discriminator", start=c.refiner_pretraining, stop=adversarial, prefix="d0"),
        ]
        return [phase for phase in pretraining if phase.stop > phase.start] + [
            Phase("discriminator", trains="discriminator", repeat=c.discriminator_steps, start=adversarial),
            Phase("refiner", trains="refiner", repeat=c.refiner_steps, start=adversarial),
        ]

    def refiner_pretraining_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        return {"synthetic": self.draw_pair(draw)[0]}

    def refiner_pretraining_outputs(self, synthetic) -> dict:
        return {"refined": self.refiner(synthetic)}

    def discriminator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        synthetic, real = self.draw_pair(draw)
        return {"real_images": real, "refined": self.history(generate(self.refiner, synthetic), rng)}

    def discriminator_outputs(self, real_images, refined) -> dict:
        return {"real": self.discriminator(real_images), "fake": self.discriminator(refined)}

    discriminator_pretraining_inputs, discriminator_pretraining_outputs = discriminator_inputs, discriminator_outputs

    def refiner_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        return self.refiner_pretraining_inputs(draw, rng)

    def refiner_outputs(self, synthetic) -> dict:
        refined = self.refiner(synthetic)
        return {"refined": refined, "fake": self.discriminator(refined)}

    def state(self) -> dict[str, np.ndarray]:
        return {"history": self.history.state()}

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        self.history.load_state(state["history"])
