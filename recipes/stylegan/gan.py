"""StyleGAN's phases: D's step, D's lazy R1 step every ``r1_every`` steps (sharing D's Adam), G's step; style mixing in fakes."""

import warnings

import numpy as np
from keras import ops

from gan_cookbook.common.template import GAN, ConfigError, Phase, gradient_norms, unscaled

from .generator import num_styles


class StyleGAN(GAN):
    """discriminator: D(x), D(G(z, z'))                  trains D; G frozen
    r1 (every k steps): ||grad_x D(x)||                  trains D, with D's own optimizer
    generator: D(G(z, z'))                               trains G; D frozen

    G(z, z') is a style-mixed fake: the synthesis network reads w = f(z) at its first layers and w' = f(z') from a
    random crossover layer on, for ``mixing_probability`` of the images (the rest read w throughout), so that no
    layer can count on its neighbours sharing its style. The generator phase also moves the average of w that
    truncation pulls towards.
    """

    def phases(self) -> list[Phase]:
        return [
            Phase("discriminator", trains="discriminator"),
            Phase("r1", trains="discriminator", every=self.config.r1_every),
            Phase("generator", trains="generator"),
        ]

    def train_step(self, batches, rng: np.random.Generator, step: int = 0) -> dict[str, float]:
        with warnings.catch_warnings():  # D's last bias has no gradient in the R1 phase: a constant shift of D has no slope
            warnings.filterwarnings("ignore", "Gradients do not exist for variables", UserWarning)
            return super().train_step(batches, rng, step)

    def make_optimizer(self, phase: Phase):
        """G's Adam; one Adam for D's two phases, as in the paper's code, its rate and betas scaled for the extra
        updates of the lazy penalty (StyleGAN2, app. B: lambda c, beta^c with c = k / (k + 1))."""
        if phase.name == "r1":
            return self.composites["discriminator"].optimizer
        optimizer = super().make_optimizer(phase)
        if phase.name == "discriminator":
            c = self.config.r1_every / (self.config.r1_every + 1)
            adam = unscaled(optimizer)
            adam.learning_rate = self.config.learning_rate * c
            adam.beta_1, adam.beta_2 = self.config.beta_1**c, self.config.beta_2**c
        return optimizer

    # -- style mixing -------------------------------------------------------------------------------
    def mixing(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """(n, styles, 1): 1 where an image's layer reads its first w, 0 where it reads the second; an image mixes with
        probability ``mixing_probability``, switching at a layer drawn uniformly from 1 .. styles - 1."""
        styles = num_styles(self.config)
        mixes = rng.uniform(size=n) < self.config.mixing_probability
        crossover = np.where(mixes, rng.integers(1, styles, size=n), styles)
        return (np.arange(styles)[None] < crossover[:, None]).astype(np.float32)[..., None]

    def fake_inputs(self, n: int, rng: np.random.Generator) -> dict:
        return {"z": self.sample_latent(n, rng), "z_mix": self.sample_latent(n, rng), "mix": self.mixing(n, rng)}

    def synthesise(self, w, w_mix, mix):
        """Fakes from each layer's w, ``mix`` w + (1 - ``mix``) w', clipped to [-1, 1], the range of the real images.

        The paper's D sees G's linear output. MNIST's background is exactly -1 (Twemoji's exactly +1), which a linear
        output never hits: D then tells every fake by its background alone, and G, pushed only there, collapsed to
        one digit by step 750 (validation split, three values of gamma). Clipped, fakes can match the background
        exactly and D has to judge the digit: diverse digits at the same step."""
        w, w_mix = ops.cast(w, "float32"), ops.cast(w_mix, "float32")  # mixed precision: the mapping computes in float16
        styles = mix * w[:, None] + (1.0 - mix) * w_mix[:, None]
        return ops.clip(self.generator.get_layer("synthesis")(styles), -1.0, 1.0)

    # -- the phases ---------------------------------------------------------------------------------
    def discriminator_inputs(self, draw, rng: np.random.Generator) -> dict:
        x = draw()
        return {"x": x, **self.fake_inputs(len(x), rng)}

    def discriminator_outputs(self, x, z, z_mix, mix) -> dict:
        mapping = self.generator.get_layer("mapping")
        return {"real": self.discriminator(x), "fake": self.discriminator(self.synthesise(mapping(z), mapping(z_mix), mix))}

    def r1_inputs(self, draw, rng: np.random.Generator) -> dict:
        return {"x": draw()}

    def r1_outputs(self, x) -> dict:
        return {"gradient_norm": gradient_norms(self.discriminator, x)}

    def generator_inputs(self, draw, rng: np.random.Generator) -> dict:
        return self.fake_inputs(draw.batch_size, rng)

    def generator_outputs(self, z, z_mix, mix) -> dict:
        mapping, truncation = self.generator.get_layer("mapping"), self.generator.get_layer("truncation")
        w = truncation([mapping(z), ops.ones((ops.shape(z)[0], 1))])  # psi = 1: w itself; in training the average of w moves
        return {"fake": self.discriminator(self.synthesise(w, mapping(z_mix), mix))}

    # -- sampling -----------------------------------------------------------------------------------
    @classmethod
    def generator_inputs_for(cls, config, z: np.ndarray, labels: np.ndarray | None = None, psi: float = 1.0) -> list[np.ndarray]:
        """[z, psi]: the saved generator reads a truncation psi per image beside z (1: none)."""
        if labels is not None:
            raise ValueError(f"{cls.__name__} is not conditional: it takes no labels")
        return [z, np.full((len(z), 1), psi, np.float32)]

    @classmethod
    def sampling_inputs(cls, config, n: int, rng: np.random.Generator, labels=None, truncation: float | None = None) -> list[np.ndarray]:
        """``truncation`` is psi, the truncation in W: w_avg + psi (w - w_avg) (1: none, 0: the average image)."""
        if truncation is not None and truncation < 0:
            raise ConfigError(f"--truncation is StyleGAN's psi, at least 0 (1: no truncation), got {truncation}")
        z = rng.standard_normal((n, config.latent_dim), dtype=np.float32)
        return cls.generator_inputs_for(config, z, labels, psi=1.0 if truncation is None else truncation)
