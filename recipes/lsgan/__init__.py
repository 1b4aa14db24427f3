"""Least-squares GAN (Mao et al. 2017): D regresses real to b and fake to a; G pulls its fakes to c.

GANs in Action ch. 5; Lucic et al. 2018. With the paper's 0-1 coding (a = 0, b = c = 1),

    min_D  1/2 E_x[(D(x) - 1)^2] + 1/2 E_z[D(G(z))^2],     min_G  1/2 E_z[(D(G(z)) - 1)^2].

A fake far on the real side of the boundary is still penalised, so G's gradient does not
vanish where the sigmoid cross-entropy saturates. The networks are DCGAN's.
"""

from dataclasses import dataclass

from gan_cookbook.common.layers import LOSS_STUDY, STACKED_MNIST_STUDY, ConvNetworks
from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import LSGANDiscriminator
from .gan import LSGAN
from .generator import LSGANGenerator
from .loss import LeastSquaresLoss


@dataclass
class LSGANConfig(GANConfig, ConvNetworks):
    fake_target: float = 0.0  # a
    real_target: float = 1.0  # b
    generator_target: float = 1.0  # c
    batch_size: int = 64
    learning_rate: float = 2e-4  # the paper's Adam(2e-4, beta_1 0.5) for its LSUN networks

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        "study": {**LOSS_STUDY, "steps": 4_000},  # scripts/loss_study.py; steps sized for <= 5 CPU minutes
        "stacked": {**STACKED_MNIST_STUDY, "steps": 4_000},  # scripts/loss_study.py --preset stacked
    }  # fmt: skip


RECIPE = Recipe(
    name="lsgan",
    config=LSGANConfig,
    generator=LSGANGenerator,
    discriminator=LSGANDiscriminator,
    loss=LeastSquaresLoss,
    gan=LSGAN,
    summary="least-squares objective on DCGAN's networks",
    paper="Mao et al. 2017, Least Squares Generative Adversarial Networks",
)
