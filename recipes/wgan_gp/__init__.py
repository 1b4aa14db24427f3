"""WGAN with gradient penalty (Gulrajani et al. 2017): the critic's Lipschitz bound as a penalty, not a clip.

Understanding Deep Learning 15.2.4. A differentiable 1-Lipschitz function has gradients of norm
at most 1 everywhere, and the optimal critic's have norm 1 on the lines between real and
generated samples, so the critic's loss gains a two-sided penalty on random points x^ there:

    L = E_z[C(G(z))] - E_x[C(x)] + lambda E_x^[(||grad_x^ C(x^)||_2 - 1)^2],   x^ = e x + (1 - e) G(z),  e ~ U[0, 1].

No BatchNorm in the critic (the penalty is per sample); Adam(1e-4, beta_1 0, beta_2 0.9); lambda 10;
n_critic 5 (paper, Algorithm 1).
"""

from dataclasses import dataclass

from gan_cookbook.common.layers import LOSS_STUDY, STACKED_MNIST_STUDY, ConvNetworks
from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import WGANGPCritic
from .gan import WGANGP
from .generator import WGANGPGenerator
from .loss import GradientPenaltyLoss


@dataclass
class WGANGPConfig(GANConfig, ConvNetworks):
    penalty_weight: float = 10.0  # lambda (paper)
    discriminator_steps: int = 5  # n_critic (paper)
    learning_rate: float = 1e-4  # paper
    beta_1: float = 0.0  # paper
    beta_2: float = 0.9  # paper
    batch_size: int = 64  # paper

    presets = {
        "quick": {"steps": 10, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8, "discriminator_steps": 2,
                  "sample_every": 5, "checkpoint_every": 5, "eval_samples": 500},
        # The paper's objective and optimizer on the DCGAN reference's networks (FC 1024 in each), batch and decay,
        # sized for 20 minutes of a 2-core CPU; G's weight average at 0.99, since at 0.999 a fifth of the average would
        # still be the initial weights after 1,700 steps; seed 1, since seed 0 ran the validation probes.
        "reference": {"steps": 1_700, "batch_size": 100, "hidden_units": 1024, "generator_average": 0.99,
                      "learning_rate_decay": True, "seed": 1, "sample_every": 250, "checkpoint_every": 500, "eval_every": 250},
        "study": {**LOSS_STUDY, "steps": 800},  # scripts/loss_study.py; steps sized for <= 5 CPU minutes
        "stacked": {**STACKED_MNIST_STUDY, "steps": 800},  # scripts/loss_study.py --preset stacked
    }  # fmt: skip


RECIPE = Recipe(
    name="wgan_gp",
    config=WGANGPConfig,
    generator=WGANGPGenerator,
    discriminator=WGANGPCritic,
    loss=GradientPenaltyLoss,
    gan=WGANGP,
    summary="Wasserstein critic kept Lipschitz by a gradient penalty; n_critic = 5",
    paper="Gulrajani et al. 2017, Improved Training of Wasserstein GANs",
)
