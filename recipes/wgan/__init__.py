"""Wasserstein GAN (Arjovsky, Chintala and Bottou, 2017): a critic estimates the Earth-Mover distance.

GANs in Action ch. 5; Understanding Deep Learning 15.2.4. By the Kantorovich-Rubinstein duality,

    W(P_r, P_g) = sup_{||f||_L <= 1}  E_x[f(x)] - E_z[f(G(z))],

so a critic f, kept K-Lipschitz by clipping its weights to [-c, c], is trained n_critic times
per generator step to maximise the difference, and G minimises -E_z[f(G(z))]. The critic's
estimate tracks sample quality; RMSprop, since momentum made the critic unstable (paper, sec. 3).
"""

from dataclasses import dataclass

from gan_cookbook.common.layers import LOSS_STUDY, STACKED_MNIST_STUDY, ConvNetworks
from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import WGANCritic
from .gan import WGAN
from .generator import WGANGenerator
from .loss import WassersteinLoss


@dataclass
class WGANConfig(GANConfig, ConvNetworks):
    clip: float = 0.01  # c (paper)
    critic_batchnorm: bool = True  # the paper's DCGAN critic keeps BatchNorm
    discriminator_steps: int = 5  # n_critic (paper)
    optimizer: str = "rmsprop"
    learning_rate: float = 5e-5  # paper
    batch_size: int = 64  # paper

    presets = {
        "quick": {"steps": 10, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8, "discriminator_steps": 2,
                  "sample_every": 5, "checkpoint_every": 5, "eval_samples": 500},
        "study": {**LOSS_STUDY, "steps": 1_350},  # scripts/loss_study.py; steps sized for <= 5 CPU minutes
        "stacked": {**STACKED_MNIST_STUDY, "steps": 1_350},  # scripts/loss_study.py --preset stacked
    }  # fmt: skip


RECIPE = Recipe(
    name="wgan",
    config=WGANConfig,
    generator=WGANGenerator,
    discriminator=WGANCritic,
    loss=WassersteinLoss,
    gan=WGAN,
    summary="critic with clipped weights estimates the Wasserstein distance; n_critic = 5, RMSprop",
    paper="Arjovsky et al. 2017, Wasserstein GAN",
)
