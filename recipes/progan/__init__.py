"""ProGAN (Karras et al. 2018, Progressive Growing of GANs): both networks grow together, 4x4 to the image size.

Understanding Deep Learning 15.5; GANs in Action ch. 6. Training starts at 4x4; at each new resolution a block is added
to both networks and faded in, its output blended with the upsampled previous image by alpha rising 0 -> 1 over
``fade_steps``, then trained at alpha 1 for ``stable_steps``. The objective is WGAN-GP's with a drift term,

    min_C  E_z[C(G(z))] - E_x[C(x)] + lambda E_x^[(||grad C(x^)|| - 1)^2] + epsilon_drift E_x[C(x)^2],
    min_G  -E_z[C(G(z))],

and the rest of the paper is in the networks: pixel norm after every convolution of G instead of BatchNorm, a
minibatch standard deviation feature map in C's last block, an equalized learning rate (weights N(0, 1), scaled by
He's constant at every call), Adam(1e-3, 0, 0.99), and an exponential moving average of G's weights to sample from.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import ConfigError, GANConfig, Recipe

from .discriminator import ProGANCritic
from .gan import ProGAN
from .generator import ProGANGenerator
from .loss import ProGANLoss
from .networks import resolutions


@dataclass
class ProGANConfig(GANConfig):
    image_shape: tuple[int, ...] = (32, 32, 1)  # MNIST padded to 32x32 (scored cropped back to 28x28)
    latent_dim: int = 512  # paper
    max_filters: int = 512  # feature maps at each resolution: min(max_filters, filter_base / r) (paper: 512 up to 32x32)
    filter_base: int = 16_384  # paper
    fade_steps: int = 12_500  # steps fading in each new resolution (paper: 800k images, at batch 64)
    stable_steps: int = 12_500  # steps at each resolution after its fade (4x4: the first steps); the last resolution keeps on
    penalty_weight: float = 10.0  # lambda (paper)
    drift: float = 0.001  # epsilon_drift (paper)
    learning_rate: float = 1e-3  # paper
    beta_1: float = 0.0  # paper
    beta_2: float = 0.99  # paper
    batch_size: int = 64
    generator_average: float = 0.999  # paper
    steps: int = 100_000  # 4x4 to 32x32 take 87,500 (paper: 800k images a fade and a stable stage)

    presets = {
        # MNIST-32, sized for 30 minutes of a 2-core CPU: 64 feature maps up to 16x16 and 32 at 32x32, z of 128, batch 32;
        # 1,000 steps a fade and a stable stage (32k images), then 32x32 to step 12,500, the rates decaying linearly to 0
        # over the last 40% of the steps (as WGAN-GP's paper decays them).
        "reference": {"latent_dim": 128, "max_filters": 64, "filter_base": 1024, "batch_size": 32, "fade_steps": 1_000,
                      "stable_steps": 1_000, "steps": 12_500, "learning_rate_decay": True, "decay_start": 0.6, "seed": 1,
                      "sample_every": 500, "checkpoint_every": 1_000, "eval_every": 1_000},
        # Twemoji at 64x64 RGB, the MNIST reference's widths and schedule one resolution further (16 feature maps at 64x64):
        # 64x64 from step 8,000, the rates decaying over the last 2,000 steps.
        "reference-emoji": {"image_shape": (64, 64, 3), "dataset": "emoji", "latent_dim": 128, "max_filters": 64,
                            "filter_base": 1024, "batch_size": 32, "fade_steps": 1_000, "stable_steps": 1_000, "steps": 10_000,
                            "learning_rate_decay": True, "decay_start": 0.8, "seed": 1, "sample_every": 500, "checkpoint_every": 1_000},
        # 4x4 -> 8 -> 16 -> 32 within 14 steps (two a stage), a few filters
        "quick": {"steps": 14, "fade_steps": 2, "stable_steps": 2, "batch_size": 8, "latent_dim": 16, "max_filters": 8, "filter_base": 64,
                  "generator_average": 0.9, "sample_every": 7, "checkpoint_every": 7, "eval_samples": 500},
    }  # fmt: skip

    def check(self) -> None:
        super().check()
        size = self.image_shape[0]
        if self.image_shape[1] != size or size < 4 or size & (size - 1):
            raise ConfigError(f"ProGAN grows square images from 4x4 by doubling: image_shape must be (2^k, 2^k, c), got {self.image_shape}")
        if self.fade_steps < 1 or self.stable_steps < 1:
            raise ConfigError(f"fade_steps and stable_steps must be at least 1, got {self.fade_steps} and {self.stable_steps}")

    @property
    def grown_at(self) -> int:
        """The first step at the image size with the last fade complete."""
        return (len(resolutions(self)) - 1) * (self.fade_steps + self.stable_steps)

    def growth(self, step: int) -> tuple[int, float]:
        """(resolution, alpha) at ``step``: 4x4 for ``stable_steps``; then for each next resolution a fade-in over
        ``fade_steps`` (alpha = 0, 1/fade_steps, ...) and ``stable_steps`` at alpha 1; the last resolution stays."""
        resolution, step = 4, step - self.stable_steps
        while step >= 0 and resolution < self.image_shape[0]:
            resolution *= 2
            if step < self.fade_steps:
                return resolution, step / self.fade_steps
            step -= self.fade_steps + self.stable_steps
        return resolution, 1.0


RECIPE = Recipe(
    name="progan",
    config=ProGANConfig,
    generator=ProGANGenerator,
    discriminator=ProGANCritic,
    loss=ProGANLoss,
    gan=ProGAN,
    summary="grows G and C from 4x4 with faded-in blocks; pixel norm, minibatch stddev, equalized rate, WGAN-GP + drift",
    paper="Karras et al. 2018, Progressive Growing of GANs for Improved Quality, Stability, and Variation",
)
