"""InfoGAN: D's step also fits Q to the codes of the fakes; G's step makes its codes easy for Q to read."""

import keras
import numpy as np

from common.template import Composite, ConditionalGAN, batch_length, label_input, one_hot


class InfoGAN(ConditionalGAN):
    """D step: source on real and fake images, Q on the fakes' codes (trains D's body, its
    source head and Q); G frozen. G step: G(z, c) through D, fitted to "real" and to c; D and Q frozen.

    No labels are read: the categorical code is drawn uniformly, and the continuous codes are the
    last ``continuous_codes`` entries of z. G's one-hot code input is the template's class input,
    so sampling, grids and the CLI treat the code like a label.
    """

    def build_composites(self) -> tuple[Composite, Composite]:
        g, d, c = self.generator, self.discriminator, self.config
        x, z, code = keras.Input(c.image_shape, name="x"), keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "code")
        fake = d(g([z, code]))
        outputs = {"real": d(x)["source"], "fake": fake["source"], "categorical": fake["categorical"], "continuous": fake["continuous"]}
        discriminator_step = Composite([x, z, code], outputs, trainable_part=d, name="discriminator_step")
        z, code = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "code")
        fake = d(g([z, code]))
        outputs = {"fake": fake["source"], "categorical": fake["categorical"], "continuous": fake["continuous"]}
        combined = Composite([z, code], outputs, trainable_part=g, name="combined")
        return discriminator_step, combined

    def compile(self) -> None:
        loss, jit = self.loss, self.config.jit_compile
        info = {"categorical": loss.classification, "continuous": loss.continuous}
        info_weights = {"categorical": loss.info_weight, "continuous": loss.continuous_weight}
        self.discriminator_step.compile(
            optimizer=self.make_optimizer("discriminator"),
            loss={"real": loss.discriminator, "fake": loss.discriminator, **info},
            loss_weights={"real": 0.5, "fake": 0.5, **info_weights},
            metrics={"real": [loss.accuracy], "fake": [loss.accuracy], "categorical": [loss.class_accuracy]},
            jit_compile=jit,
        )
        self.combined.compile(
            optimizer=self.make_optimizer("generator"),
            loss={"fake": loss.generator, **info},
            loss_weights={"fake": 1.0, **info_weights},
            jit_compile=jit,
        )

    def codes(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, dict]:
        """z (continuous codes last), the one-hot categorical code, and Q's targets for them."""
        z, code = self.sample_latent(n, rng), rng.integers(0, self.config.num_classes, n)
        return z, one_hot(code, self.config.num_classes), {"categorical": code, "continuous": z[:, -self.config.continuous_codes :]}

    def discriminator_batch(self, real: np.ndarray, rng: np.random.Generator) -> tuple[list, dict]:
        n, loss = len(real), self.loss
        z, code, targets = self.codes(n, rng)
        return [real, z, code], {"real": self.labels(n, loss.real_label), "fake": self.labels(n, loss.fake_label), **targets}

    def generator_batch(self, real: np.ndarray, rng: np.random.Generator) -> tuple[list, dict]:
        n = batch_length(real)
        z, code, targets = self.codes(n, rng)
        return [z, code], {"fake": self.labels(n, self.loss.generator_label), **targets}

    def step_logs(self, d: dict, g: dict) -> dict[str, float]:
        """The template's four, plus how often Q reads back the categorical code of a fake."""
        return {**super().step_logs(d, g), "q_acc_code": d["categorical_class_accuracy"]}
